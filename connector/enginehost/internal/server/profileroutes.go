package server

import (
	"context"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// ProfileSession is the session's requests about its own profile and a business's.
type ProfileSession interface {
	SetPushName(ctx context.Context, req protocol.SetPushName) error
	SetAbout(ctx context.Context, req protocol.SetAbout) error
	SetPicture(ctx context.Context, req protocol.SetPicture) error
	BusinessProfile(ctx context.Context, req protocol.BusinessProfileRequest) (protocol.BusinessProfile, error)
}

// profileRoutes serve the profile requests.
var profileRoutes = map[string]route{
	"set_push_name": done(Session.SetPushName),
	"set_about":     done(Session.SetAbout),
	"set_picture":   done(Session.SetPicture),
	"business_profile": with(func(ctx context.Context, s Session, req protocol.BusinessProfileRequest, reply *protocol.Reply) error {
		found, err := s.BusinessProfile(ctx, req)
		if err == nil {
			reply.Business = &found
		}
		return err
	}),
}
