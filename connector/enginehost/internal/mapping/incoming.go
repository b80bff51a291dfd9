package mapping

import (
	"encoding/hex"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Message maps a received message; seq is the host's number for the stored handshake.
func Message(session string, seq int64, e *events.Message) protocol.Message {
	body := Body(e)
	if media := body.Content.Media; media != nil && media.Ref != nil {
		info := e.Info
		media.Ref.Message = &protocol.MediaMessage{ID: info.ID, Chat: jid(info.Chat),
			Sender: jid(info.Sender), FromMe: info.IsFromMe, Group: info.IsGroup}
	}
	return protocol.Message{Event: protocol.Event{Type: "message", Session: session}, Seq: seq,
		MessageBody: body}
}

// Body is what a message says, live or as a history sync hands it over (after
// whatsmeow's ParseWebMessage). Chat and Sender come from the message's source for
// every kind, so a reaction, edit, revoke or vote in a group keeps both.
func Body(e *events.Message) protocol.MessageBody {
	info := e.Info
	context := contextOf(e.Message)
	return protocol.MessageBody{
		MessageID:   info.ID,
		Chat:        jid(info.Chat),
		Sender:      jid(info.Sender),
		SenderAlt:   jid(info.SenderAlt),
		PushName:    info.PushName,
		TimestampMS: info.Timestamp.UnixMilli(),
		Flags: protocol.Flags{FromMe: info.IsFromMe, Group: info.IsGroup,
			Ephemeral: e.IsEphemeral, ViewOnce: e.IsViewOnce, Edit: e.IsEdit},
		Content:    ContentOf(e.Message),
		Quote:      quoteOf(e.Message),
		Mentions:   context.GetMentionedJID(),
		MentionAll: context.GetNonJIDMentions()&mentionAllBit != 0,
	}
}

// Receipt maps a receipt of any type, passing the type through as WhatsApp named it.
func Receipt(session string, e *events.Receipt) protocol.Receipt {
	return protocol.Receipt{
		Event:         protocol.Event{Type: "receipt", Session: session},
		MessageIDs:    e.MessageIDs,
		Kind:          string(e.Type),
		Chat:          jid(e.Chat),
		Sender:        jid(e.Sender),
		SenderAlt:     jid(e.SenderAlt),
		TimestampMS:   e.Timestamp.UnixMilli(),
		MediaReupload: e.Type == types.ReceiptTypeServerError,
	}
}

// Other maps the remaining events the connector hears about; ok false for the rest.
func Other(session string, evt any) (any, bool) {
	switch e := evt.(type) {
	case *events.UndecryptableMessage:
		return protocol.Undecryptable{Event: protocol.Event{Type: "undecryptable", Session: session},
			MessageID: e.Info.ID, Chat: jid(e.Info.Chat), Sender: jid(e.Info.Sender)}, true
	case *events.Presence:
		p := protocol.PresenceUpdate{Event: protocol.Event{Type: "presence", Session: session},
			JID: jid(e.From), Available: !e.Unavailable}
		if !e.LastSeen.IsZero() {
			p.LastSeenMS = e.LastSeen.UnixMilli()
		}
		return p, true
	case *events.ChatPresence:
		return protocol.ChatActivity{Event: protocol.Event{Type: "chat_presence", Session: session},
			Chat: jid(e.Chat), Sender: jid(e.Sender), SenderAlt: jid(e.SenderAlt),
			State: ChatActivityState(e.State, e.Media)}, true
	case *events.Contact:
		return ContactNameOf(session, e), true
	}
	if change, ok := ChatStateOf(session, evt); ok {
		return change, true
	}
	if call, ok := CallOf(session, evt); ok {
		return call, true
	}
	return nil, false
}

// ChatActivityState names whatsmeow's chat presence as the protocol does.
func ChatActivityState(state types.ChatPresence, media types.ChatPresenceMedia) string {
	switch {
	case state == types.ChatPresencePaused:
		return "paused"
	case media == types.ChatPresenceMediaAudio:
		return "recording"
	}
	return "typing"
}

// ChatPresenceOf is whatsmeow's chat presence for a protocol state; ok false for others.
func ChatPresenceOf(state string) (types.ChatPresence, types.ChatPresenceMedia, bool) {
	switch state {
	case "typing":
		return types.ChatPresenceComposing, types.ChatPresenceMediaText, true
	case "recording":
		return types.ChatPresenceComposing, types.ChatPresenceMediaAudio, true
	case "paused":
		return types.ChatPresencePaused, types.ChatPresenceMediaText, true
	}
	return "", "", false
}

// Vote is a decrypted poll vote as the protocol has it.
func Vote(v *waE2E.PollVoteMessage) *protocol.PollVote {
	hashes := make([]string, 0, len(v.GetSelectedOptions()))
	for _, option := range v.GetSelectedOptions() {
		hashes = append(hashes, hex.EncodeToString(option))
	}
	return &protocol.PollVote{OptionHashes: hashes}
}

// contextual is every waE2E message kind that can quote another (generated getter).
type contextual interface {
	GetContextInfo() *waE2E.ContextInfo
}

// contextOf is the context of whichever part of the message carries one (nil: none).
func contextOf(m *waE2E.Message) *waE2E.ContextInfo {
	for _, part := range []contextual{
		m.GetExtendedTextMessage(), m.GetImageMessage(), m.GetVideoMessage(),
		m.GetAudioMessage(), m.GetDocumentMessage(), m.GetStickerMessage(), m.GetPtvMessage(),
		m.GetLocationMessage(), m.GetLiveLocationMessage(), m.GetContactMessage(),
		m.GetContactsArrayMessage(),
	} {
		if info := part.GetContextInfo(); info != nil { // nil-safe on a nil message of any kind
			return info
		}
	}
	return nil
}

// quoteOf is the message this one replies to, if any.
func quoteOf(m *waE2E.Message) *protocol.Quote {
	info := contextOf(m)
	if info.GetStanzaID() == "" {
		return nil
	}
	return &protocol.Quote{MessageID: info.GetStanzaID(), Sender: info.GetParticipant()}
}
