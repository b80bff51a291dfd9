package server

import (
	"context"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// AccountSession is the session's requests about the account itself: calls, privacy
// settings, the blocklist.
type AccountSession interface {
	RejectCall(ctx context.Context, req protocol.RejectCall) error
	Privacy(ctx context.Context) (protocol.PrivacySettings, error)
	SetPrivacy(ctx context.Context, req protocol.SetPrivacy) (protocol.PrivacySettings, error)
	Blocklist(ctx context.Context) ([]string, error)
	UpdateBlocklist(ctx context.Context, req protocol.UpdateBlocklist) ([]string, error)
}

// accountRoutes serve the account's requests.
var accountRoutes = map[string]route{
	"reject_call": done(Session.RejectCall),
	"get_privacy": func(ctx context.Context, s Session, _ []byte, reply *protocol.Reply) error {
		return answerPrivacy(reply)(s.Privacy(ctx))
	},
	"set_privacy": with(func(ctx context.Context, s Session, req protocol.SetPrivacy, reply *protocol.Reply) error {
		return answerPrivacy(reply)(s.SetPrivacy(ctx, req))
	}),
	"get_blocklist": func(ctx context.Context, s Session, _ []byte, reply *protocol.Reply) (err error) {
		reply.Blocked, err = listed(s.Blocklist(ctx))
		return err
	},
	"update_blocklist": with(func(ctx context.Context, s Session, req protocol.UpdateBlocklist, reply *protocol.Reply) (err error) {
		reply.Blocked, err = listed(s.UpdateBlocklist(ctx, req))
		return err
	}),
}

func answerPrivacy(reply *protocol.Reply) func(protocol.PrivacySettings, error) error {
	return func(settings protocol.PrivacySettings, err error) error {
		if err == nil {
			reply.Privacy = &settings
		}
		return err
	}
}
