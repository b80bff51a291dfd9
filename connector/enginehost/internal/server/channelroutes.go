package server

import (
	"context"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// ChannelSession is the session's channel (newsletter) requests.
type ChannelSession interface {
	FollowedChannels(ctx context.Context) ([]protocol.Channel, error)
	ChannelInfo(ctx context.Context, req protocol.ChannelRequest) (protocol.Channel, error)
	FollowChannel(ctx context.Context, req protocol.ChannelRequest) (protocol.Channel, error)
	ChannelPosts(ctx context.Context, req protocol.ChannelRequest) ([]protocol.ChannelPost, error)
}

func answerChannel(reply *protocol.Reply) func(protocol.Channel, error) error {
	return func(channel protocol.Channel, err error) error {
		if err == nil {
			reply.Channel = &channel
		}
		return err
	}
}

// channelRoutes serve the channel requests.
var channelRoutes = map[string]route{
	"followed_channels": func(ctx context.Context, s Session, _ []byte, reply *protocol.Reply) (err error) {
		reply.Channels, err = listed(s.FollowedChannels(ctx))
		return err
	},
	"channel_info": with(func(ctx context.Context, s Session, req protocol.ChannelRequest, reply *protocol.Reply) error {
		return answerChannel(reply)(s.ChannelInfo(ctx, req))
	}),
	"follow_channel": with(func(ctx context.Context, s Session, req protocol.ChannelRequest, reply *protocol.Reply) error {
		return answerChannel(reply)(s.FollowChannel(ctx, req))
	}),
	"channel_posts": with(func(ctx context.Context, s Session, req protocol.ChannelRequest, reply *protocol.Reply) (err error) {
		reply.Posts, err = listed(s.ChannelPosts(ctx, req))
		return err
	}),
}
