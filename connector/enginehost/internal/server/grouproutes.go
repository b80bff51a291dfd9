package server

import (
	"context"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// groupRoutes serve the group requests.
var groupRoutes = map[string]route{
	"joined_groups": func(ctx context.Context, s Session, _ []byte, reply *protocol.Reply) (err error) {
		reply.Groups, err = listed(s.JoinedGroups(ctx))
		return err
	},
	"group_info": with(func(ctx context.Context, s Session, req protocol.GroupInfo, reply *protocol.Reply) error {
		return answerGroup(reply)(s.GroupInfo(ctx, req))
	}),
	"create_group": with(func(ctx context.Context, s Session, req protocol.CreateGroup, reply *protocol.Reply) error {
		return answerGroup(reply)(s.CreateGroup(ctx, req))
	}),
	"set_group_subject":     done(Session.SetGroupSubject),
	"set_group_description": done(Session.SetGroupDescription),
	"leave_group":           done(Session.LeaveGroup),
	"update_participants": with(func(ctx context.Context, s Session, req protocol.UpdateParticipants, reply *protocol.Reply) (err error) {
		reply.Participants, err = listed(s.UpdateParticipants(ctx, req))
		return err
	}),
	"group_invite": with(func(ctx context.Context, s Session, req protocol.GroupInvite, reply *protocol.Reply) (err error) {
		reply.Code, err = s.GroupInvite(ctx, req)
		return err
	}),
	"join_group": with(func(ctx context.Context, s Session, req protocol.JoinGroup, reply *protocol.Reply) (err error) {
		reply.GroupJID, err = s.JoinGroup(ctx, req)
		return err
	}),
	"set_group_settings": done(Session.SetGroupSettings),
	"set_group_picture": with(func(ctx context.Context, s Session, req protocol.SetGroupPicture, reply *protocol.Reply) error {
		id, err := s.SetGroupPicture(ctx, req)
		if err == nil {
			reply.PictureID = &id
		}
		return err
	}),
	"group_requests": with(func(ctx context.Context, s Session, req protocol.GroupRequests, reply *protocol.Reply) (err error) {
		reply.Requests, err = listed(s.GroupRequests(ctx, req))
		return err
	}),
	"answer_group_requests": with(func(ctx context.Context, s Session, req protocol.AnswerGroupRequests, reply *protocol.Reply) (err error) {
		reply.Participants, err = listed(s.AnswerGroupRequests(ctx, req))
		return err
	}),
}

func answerGroup(reply *protocol.Reply) func(protocol.Group, error) error {
	return func(group protocol.Group, err error) error {
		if err == nil {
			reply.Group = &group
		}
		return err
	}
}
