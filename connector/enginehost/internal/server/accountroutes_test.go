package server

import (
	"context"
	"testing"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

// accountFake answers the account's requests as a session whose blocklist holds one user.
type accountFake struct {
	fakeSession
	rejected []protocol.RejectCall
}

func (f *accountFake) RejectCall(_ context.Context, req protocol.RejectCall) error {
	f.rejected = append(f.rejected, req)
	return nil
}
func (*accountFake) Privacy(context.Context) (protocol.PrivacySettings, error) {
	return protocol.PrivacySettings{LastSeen: "contacts"}, nil
}
func (*accountFake) SetPrivacy(_ context.Context, req protocol.SetPrivacy) (protocol.PrivacySettings, error) {
	return protocol.PrivacySettings{Online: req.Value}, nil
}
func (*accountFake) Blocklist(context.Context) ([]string, error) { return nil, nil }
func (*accountFake) UpdateBlocklist(_ context.Context, req protocol.UpdateBlocklist) ([]string, error) {
	return []string{req.JID}, nil
}

func TestAccountRequestsAreRoutedWithTheirReplyFields(t *testing.T) {
	srv := newServer(nil, 4)
	fake := &accountFake{}
	srv.NewSession = func(start protocol.Start, _ wa.Sink, _ *wa.Acks) Session {
		fake.start = start
		return fake
	}
	c := dial(t, listen(t, srv), protocol.Version)
	c.call(protocol.Start{Request: req("start", 1, "s1")})
	cases := []struct {
		request any
		field   string
		want    string
	}{
		{protocol.RejectCall{Request: req("reject_call", 2, "s1"), Caller: "49@s.whatsapp.net", CallID: "C1"}, "error", ``},
		{req("get_privacy", 3, "s1"), "privacy",
			`{"last_seen":"contacts","online":"","profile":"","status":"","group_add":"","read_receipts":"","call_add":""}`},
		{protocol.SetPrivacy{Request: req("set_privacy", 4, "s1"), Name: "online", Value: "match_last_seen"}, "privacy",
			`{"last_seen":"","online":"match_last_seen","profile":"","status":"","group_add":"","read_receipts":"","call_add":""}`},
		{req("get_blocklist", 5, "s1"), "blocked", `[]`}, // none: [], never left out
		{protocol.UpdateBlocklist{Request: req("update_blocklist", 6, "s1"), JID: "49@s.whatsapp.net", Block: true},
			"blocked", `["49@s.whatsapp.net"]`},
	}
	for _, tc := range cases {
		got := c.rawCall(tc.request)
		if string(got[tc.field]) != tc.want {
			t.Errorf("%+v: %s = %s, want %s (reply %v)", tc.request, tc.field, got[tc.field], tc.want, got)
		}
	}
	if len(fake.rejected) != 1 || fake.rejected[0].CallID != "C1" || fake.rejected[0].Caller != "49@s.whatsapp.net" {
		t.Fatalf("rejected %+v", fake.rejected)
	}
}
