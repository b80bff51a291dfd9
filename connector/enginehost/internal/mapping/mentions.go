package mapping

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"
)

// mentionAllBit is WhatsApp's non-JID mention of every member of a group (the text's
// "@all"), a bit of ContextInfo.NonJIDMentions (WhatsApp Web's MENTION_ALL).
const mentionAllBit = 1

// mentioning is what a text or caption mentions, as wagate's bus encodes it: numbers
// (E.164 digits), and mentionAll.
type mentioning struct {
	Mentions   []string
	MentionAll bool `json:"mentionAll"`
}

// withMentions is ctx (a quote's, or nil) with the mentions added; ctx itself when there
// are none. Each number is a phone JID, as the apps write a mention of a contact.
func withMentions(ctx *waE2E.ContextInfo, m mentioning) *waE2E.ContextInfo {
	if len(m.Mentions) == 0 && !m.MentionAll {
		return ctx
	}
	out := &waE2E.ContextInfo{}
	if ctx != nil {
		out = proto.Clone(ctx).(*waE2E.ContextInfo)
	}
	for _, number := range m.Mentions {
		out.MentionedJID = append(out.MentionedJID, types.NewJID(number, types.DefaultUserServer).String())
	}
	if m.MentionAll {
		out.NonJIDMentions = proto.Uint32(out.GetNonJIDMentions() | mentionAllBit)
	}
	return out
}
