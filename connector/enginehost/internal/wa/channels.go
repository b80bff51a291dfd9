package wa

import (
	"context"
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/mapping"
	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Error codes of channel requests.
const (
	CodeChannelNotFound = "channel_not_found" // no such channel (newsletter)
	CodeNotChannelAdmin = "not_channel_admin" // a post to a channel the account does not administer
)

// FollowedChannels lists the channels the account follows (or owns, or administers).
func (s *Session) FollowedChannels(ctx context.Context) ([]protocol.Channel, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return nil, err
	}
	found, err := cli.GetSubscribedNewsletters(ctx)
	if err != nil {
		return nil, classify(err)
	}
	out := make([]protocol.Channel, 0, len(found))
	for _, meta := range found {
		out = append(out, mapping.ChannelOf(meta))
	}
	return out, nil
}

// ChannelInfo describes one channel.
func (s *Session) ChannelInfo(ctx context.Context, req protocol.ChannelRequest) (protocol.Channel, error) {
	cli, channel, err := s.channel(req)
	if err != nil {
		return protocol.Channel{}, err
	}
	meta, err := channelInfo(ctx, cli, channel)
	if err != nil {
		return protocol.Channel{}, err
	}
	return mapping.ChannelOf(meta), nil
}

// FollowChannel follows or unfollows a channel, then describes it.
func (s *Session) FollowChannel(ctx context.Context, req protocol.ChannelRequest) (protocol.Channel, error) {
	cli, channel, err := s.channel(req)
	if err != nil {
		return protocol.Channel{}, err
	}
	change := cli.UnfollowNewsletter
	if req.Follow {
		change = cli.FollowNewsletter
	}
	if err := change(ctx, channel); err != nil {
		return protocol.Channel{}, channelError(err)
	}
	meta, err := channelInfo(ctx, cli, channel)
	if err != nil {
		return protocol.Channel{}, err
	}
	return mapping.ChannelOf(meta), nil
}

// ChannelPosts fetches up to Count posts, before the post Before when it is set.
func (s *Session) ChannelPosts(ctx context.Context, req protocol.ChannelRequest) ([]protocol.ChannelPost, error) {
	cli, channel, err := s.channel(req)
	if err != nil {
		return nil, err
	}
	params := &whatsmeow.GetNewsletterMessagesParams{Count: req.Count, Before: req.Before}
	found, err := cli.GetNewsletterMessages(ctx, channel, params)
	if err != nil {
		return nil, channelError(err)
	}
	out := make([]protocol.ChannelPost, 0, len(found))
	for _, m := range found {
		out = append(out, mapping.ChannelPostOf(m))
	}
	return out, nil
}

// mayPost refuses a post to a channel the account neither owns nor administers, before
// anything is sent (WhatsApp's own refusal would come back without a reason).
func mayPost(ctx context.Context, cli *whatsmeow.Client, channel types.JID) error {
	meta, err := channelInfo(ctx, cli, channel)
	if err != nil {
		return err
	}
	if !mapping.CanPost(meta) {
		return refuse(CodeNotChannelAdmin, fmt.Errorf("the account does not administer %s", channel))
	}
	return nil
}

func (s *Session) channel(req protocol.ChannelRequest) (*whatsmeow.Client, types.JID, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return nil, types.EmptyJID, err
	}
	channel, err := parseJID("channel", req.Channel)
	if err == nil && channel.Server != types.NewsletterServer {
		err = refuse(CodeBadRequest, fmt.Errorf("%s is not a channel", channel))
	}
	return cli, channel, err
}

func channelInfo(ctx context.Context, cli *whatsmeow.Client, channel types.JID) (*types.NewsletterMetadata, error) {
	meta, err := cli.GetNewsletterInfo(ctx, channel)
	if err != nil {
		return nil, channelError(err)
	}
	if meta == nil {
		return nil, refuse(CodeChannelNotFound, fmt.Errorf("no channel %s", channel))
	}
	return meta, nil
}

// channelError names WhatsApp's answer about a channel: one it does not know is 404.
func channelError(err error) error {
	if errors.Is(err, whatsmeow.ErrIQNotFound) {
		return refuse(CodeChannelNotFound, err)
	}
	return classify(err)
}
