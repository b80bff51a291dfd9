package server

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

// groupFake answers the group and contact requests as a session with no groups would.
type groupFake struct{ fakeSession }

func (groupFake) Health() protocol.HealthStatus {
	return protocol.HealthStatus{Connected: true, LoggedIn: true, KeepAliveOK: true}
}
func (groupFake) JoinedGroups(context.Context) ([]protocol.Group, error) { return nil, nil }
func (groupFake) LIDLookup(context.Context, protocol.LIDLookup) ([]protocol.LIDPair, error) {
	return nil, nil
}
func (groupFake) GroupInfo(_ context.Context, req protocol.GroupInfo) (protocol.Group, error) {
	if req.Group == "gone@g.us" {
		return protocol.Group{}, &wa.Refusal{Code: wa.CodeGroupNotFound, Message: "404"}
	}
	return protocol.Group{JID: req.Group, Participants: []protocol.GroupParticipant{}}, nil
}
func (groupFake) UpdateParticipants(_ context.Context, req protocol.UpdateParticipants) ([]protocol.ParticipantOutcome, error) {
	return []protocol.ParticipantOutcome{{JID: req.Participants[0], Error: 403}}, nil
}
func (groupFake) GroupInvite(context.Context, protocol.GroupInvite) (string, error) {
	return "AbC", nil
}
func (groupFake) JoinGroup(context.Context, protocol.JoinGroup) (string, error) {
	return "1203@g.us", nil
}
func (groupFake) LeaveGroup(context.Context, protocol.LeaveGroup) error { return nil }

// rawCall sends a request and returns its reply's fields as sent.
func (c *client) rawCall(request any) map[string]json.RawMessage {
	c.t.Helper()
	c.send(request)
	var reply map[string]json.RawMessage
	c.read(&reply)
	return reply
}

// routeCase is one request and the reply field it must answer with, as sent.
type routeCase struct {
	request any
	field   string
	want    string
}

// servedBy starts session "s1" on a host whose sessions are `session`, and sends each
// case's request, checking its reply field; the client, for more.
func servedBy(t *testing.T, session Session, cases []routeCase) *client {
	t.Helper()
	srv := newServer(nil, 4)
	srv.NewSession = func(protocol.Start, wa.Sink, *wa.Acks) Session { return session }
	c := dial(t, listen(t, srv), protocol.Version)
	c.call(protocol.Start{Request: req("start", 1, "s1")})
	for _, tc := range cases {
		got := c.rawCall(tc.request)
		if string(got[tc.field]) != tc.want {
			t.Errorf("%+v: %s = %s, want %s (reply %v)", tc.request, tc.field, got[tc.field], tc.want, got)
		}
	}
	return c
}

func TestGroupAndContactRequestsAreRoutedWithTheirReplyFields(t *testing.T) {
	c := servedBy(t, &groupFake{}, []routeCase{
		{req("health", 2, "s1"), "health", `{"connected":true,"logged_in":true,"keepalive_ok":true}`},
		{req("joined_groups", 3, "s1"), "groups", `[]`}, // none: [], never left out
		{protocol.LIDLookup{Request: req("lid_lookup", 4, "s1"), JIDs: []string{"1@lid"}}, "pairs", `[]`},
		{protocol.GroupInfo{Request: req("group_info", 5, "s1"), Group: "1203@g.us"}, "group",
			`{"jid":"1203@g.us","subject":"","participants":[]}`},
		{protocol.GroupInfo{Request: req("group_info", 6, "s1"), Group: "gone@g.us"}, "error",
			`{"code":"group_not_found","message":"404"}`},
		{protocol.UpdateParticipants{Request: req("update_participants", 7, "s1"), Group: "1203@g.us",
			Action: "add", Participants: []string{"49@s.whatsapp.net"}}, "participants",
			`[{"jid":"49@s.whatsapp.net","error":403}]`},
		{protocol.GroupInvite{Request: req("group_invite", 8, "s1"), Group: "1203@g.us", Revoke: true}, "code", `"AbC"`},
		{protocol.JoinGroup{Request: req("join_group", 9, "s1"), Code: "AbC"}, "group_jid", `"1203@g.us"`},
		{protocol.LeaveGroup{Request: req("leave_group", 10, "s1"), Group: "1203@g.us"}, "error", ``},
	})
	// a request the session cannot serve is a reply with an error, never a dead host
	if r := c.call(protocol.ContactInfo{Request: req("contact_info", 11, "s1"), JID: "x@s.whatsapp.net"}); r.Error == nil {
		t.Fatalf("contact_info of a session without it: %+v", r)
	}
}
