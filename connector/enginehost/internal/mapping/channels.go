package mapping

import (
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// ChannelOf is whatsmeow's newsletter metadata as the protocol carries it; a channel
// the account does not follow has no viewer metadata: its role is guest.
func ChannelOf(meta *types.NewsletterMetadata) protocol.Channel {
	thread := meta.ThreadMeta
	role := string(types.NewsletterRoleGuest)
	if meta.ViewerMeta != nil && meta.ViewerMeta.Role != "" {
		role = string(meta.ViewerMeta.Role)
	}
	out := protocol.Channel{JID: jid(meta.ID), Name: thread.Name.Text,
		Description: thread.Description.Text, Followers: thread.SubscriberCount, Role: role,
		Verified: thread.VerificationState == types.NewsletterVerificationStateVerified}
	if created := thread.CreationTime.Time; !created.IsZero() {
		out.CreatedMS = created.UnixMilli()
	}
	return out
}

// CanPost says whether the account may post to the channel: its owner or an admin.
func CanPost(meta *types.NewsletterMetadata) bool {
	if meta.ViewerMeta == nil {
		return false
	}
	role := meta.ViewerMeta.Role
	return role == types.NewsletterRoleOwner || role == types.NewsletterRoleAdmin
}

// ChannelPostOf is one fetched post, its content read as an incoming message's.
func ChannelPostOf(m *types.NewsletterMessage) protocol.ChannelPost {
	out := protocol.ChannelPost{ServerID: m.MessageServerID, MessageID: m.MessageID,
		TimestampMS: m.Timestamp.UnixMilli(), Kind: m.Type, Views: m.ViewsCount}
	if m.Message != nil {
		content := ContentOf(m.Message)
		out.Kind, out.Text = content.Kind, content.Text
		if content.Media != nil {
			out.Text = content.Media.Caption
		}
	}
	return out
}
