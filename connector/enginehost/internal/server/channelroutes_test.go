package server

import (
	"context"
	"testing"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

// channelFake knows one channel, which the session follows.
type channelFake struct{ fakeSession }

const known = "1203@newsletter"

func (channelFake) FollowedChannels(context.Context) ([]protocol.Channel, error) { return nil, nil }
func (channelFake) ChannelInfo(_ context.Context, req protocol.ChannelRequest) (protocol.Channel, error) {
	if req.Channel != known {
		return protocol.Channel{}, &wa.Refusal{Code: wa.CodeChannelNotFound, Message: "404"}
	}
	return protocol.Channel{JID: known, Name: "News", Role: "subscriber"}, nil
}
func (f channelFake) FollowChannel(ctx context.Context, req protocol.ChannelRequest) (protocol.Channel, error) {
	return f.ChannelInfo(ctx, req)
}
func (channelFake) ChannelPosts(_ context.Context, req protocol.ChannelRequest) ([]protocol.ChannelPost, error) {
	return []protocol.ChannelPost{{ServerID: req.Before - 1, MessageID: "M", Kind: "text"}}, nil
}

func TestChannelRequestsAreRoutedWithTheirReplyFields(t *testing.T) {
	servedBy(t, &channelFake{}, []routeCase{
		{req("followed_channels", 2, "s1"), "channels", `[]`},
		{protocol.ChannelRequest{Request: req("channel_info", 3, "s1"), Channel: known}, "channel",
			`{"jid":"1203@newsletter","name":"News","followers":0,"role":"subscriber"}`},
		{protocol.ChannelRequest{Request: req("channel_info", 4, "s1"), Channel: "9@newsletter"}, "error",
			`{"code":"channel_not_found","message":"404"}`},
		{protocol.ChannelRequest{Request: req("follow_channel", 5, "s1"), Channel: known, Follow: true},
			"channel", `{"jid":"1203@newsletter","name":"News","followers":0,"role":"subscriber"}`},
		{protocol.ChannelRequest{Request: req("channel_posts", 6, "s1"), Channel: known, Count: 5, Before: 200},
			"posts", `[{"server_id":199,"message_id":"M","timestamp_ms":0,"kind":"text","views":0}]`},
	})
}
