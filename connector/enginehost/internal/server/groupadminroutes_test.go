package server

import (
	"context"
	"testing"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

func (groupFake) SetGroupSettings(_ context.Context, req protocol.SetGroupSettings) error {
	if req.Settings.Locked == nil {
		return &wa.Refusal{Code: wa.CodeBadRequest, Message: "no locked"}
	}
	return nil
}
func (groupFake) SetGroupPicture(_ context.Context, req protocol.SetGroupPicture) (string, error) {
	if req.JPEG == nil {
		return "", nil
	}
	return string(req.JPEG), nil
}
func (groupFake) GroupRequests(context.Context, protocol.GroupRequests) ([]protocol.JoinRequest, error) {
	return nil, nil
}
func (groupFake) AnswerGroupRequests(_ context.Context, req protocol.AnswerGroupRequests) ([]protocol.ParticipantOutcome, error) {
	return []protocol.ParticipantOutcome{{JID: req.Participants[0]}}, nil
}

func TestGroupAdministrationRequestsAreRoutedWithTheirReplyFields(t *testing.T) {
	srv := newServer(nil, 4)
	srv.NewSession = func(start protocol.Start, _ wa.Sink, _ *wa.Acks) Session {
		return &groupFake{fakeSession{start: start}}
	}
	c := dial(t, listen(t, srv), protocol.Version)
	c.call(protocol.Start{Request: req("start", 1, "s1")})
	locked := true
	cases := []struct {
		request any
		field   string
		want    string
	}{
		{protocol.SetGroupSettings{Request: req("set_group_settings", 2, "s1"), Group: "1203@g.us",
			Settings: protocol.GroupSettings{Locked: &locked}}, "error", ``},
		{protocol.SetGroupSettings{Request: req("set_group_settings", 3, "s1"), Group: "1203@g.us"},
			"error", `{"code":"bad_request","message":"no locked"}`},
		// the picture's bytes travel as base64 and come back as the fake's id
		{protocol.SetGroupPicture{Request: req("set_group_picture", 4, "s1"), Group: "1203@g.us",
			JPEG: []byte("jpeg")}, "picture_id", `"jpeg"`},
		{protocol.SetGroupPicture{Request: req("set_group_picture", 5, "s1"), Group: "1203@g.us"},
			"picture_id", `""`}, // removed: an empty id, never left out
		{protocol.GroupRequests{Request: req("group_requests", 6, "s1"), Group: "1203@g.us"}, "requests", `[]`},
		{protocol.AnswerGroupRequests{Request: req("answer_group_requests", 7, "s1"), Group: "1203@g.us",
			Action: "approve", Participants: []string{"49@s.whatsapp.net"}}, "participants",
			`[{"jid":"49@s.whatsapp.net"}]`},
	}
	for _, tc := range cases {
		got := c.rawCall(tc.request)
		if string(got[tc.field]) != tc.want {
			t.Errorf("%+v: %s = %s, want %s (reply %v)", tc.request, tc.field, got[tc.field], tc.want, got)
		}
	}
}
