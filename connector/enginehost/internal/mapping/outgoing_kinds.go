package mapping

import (
	"fmt"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func mediaMessage(kind string, m *protocol.Media, up *whatsmeow.UploadResponse,
	ctx *waE2E.ContextInfo) *waE2E.Message {
	url, path, mime := proto.String(up.URL), proto.String(up.DirectPath), proto.String(m.Mimetype)
	size := proto.Uint64(up.FileLength)
	switch kind {
	case protocol.KindImage:
		return &waE2E.Message{ImageMessage: &waE2E.ImageMessage{URL: url, DirectPath: path,
			Mimetype: mime, FileLength: size, MediaKey: up.MediaKey, FileSHA256: up.FileSHA256,
			FileEncSHA256: up.FileEncSHA256, Caption: optional(m.Caption), Width: optionalU32(m.Width),
			Height: optionalU32(m.Height), ContextInfo: ctx}}
	case protocol.KindVideo:
		return &waE2E.Message{VideoMessage: &waE2E.VideoMessage{URL: url, DirectPath: path,
			Mimetype: mime, FileLength: size, MediaKey: up.MediaKey, FileSHA256: up.FileSHA256,
			FileEncSHA256: up.FileEncSHA256, Caption: optional(m.Caption),
			Seconds: optionalU32(m.DurationS), ContextInfo: ctx}}
	case protocol.KindAudio, protocol.KindVoice:
		return &waE2E.Message{AudioMessage: &waE2E.AudioMessage{URL: url, DirectPath: path,
			Mimetype: mime, FileLength: size, MediaKey: up.MediaKey, FileSHA256: up.FileSHA256,
			FileEncSHA256: up.FileEncSHA256, Seconds: optionalU32(m.DurationS),
			PTT: proto.Bool(kind == protocol.KindVoice), ContextInfo: ctx}}
	case protocol.KindSticker:
		return &waE2E.Message{StickerMessage: &waE2E.StickerMessage{URL: url, DirectPath: path,
			Mimetype: mime, FileLength: size, MediaKey: up.MediaKey, FileSHA256: up.FileSHA256,
			FileEncSHA256: up.FileEncSHA256, ContextInfo: ctx}}
	}
	return &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{URL: url, DirectPath: path,
		Mimetype: mime, FileLength: size, MediaKey: up.MediaKey, FileSHA256: up.FileSHA256,
		FileEncSHA256: up.FileEncSHA256, Caption: optional(m.Caption),
		FileName: optional(m.Filename), Title: optional(m.Filename), ContextInfo: ctx}}
}

func structuredMessage(b Builder, c protocol.Content, ctx *waE2E.ContextInfo) (*waE2E.Message, error) {
	switch {
	case c.Location != nil:
		l := c.Location
		return &waE2E.Message{LocationMessage: &waE2E.LocationMessage{
			DegreesLatitude: proto.Float64(l.Latitude), DegreesLongitude: proto.Float64(l.Longitude),
			Name: optional(l.Name), Address: optional(l.Address), ContextInfo: ctx}}, nil
	case len(c.Contacts) == 1:
		card := c.Contacts[0]
		return &waE2E.Message{ContactMessage: &waE2E.ContactMessage{DisplayName: proto.String(card.DisplayName),
			Vcard: proto.String(card.VCard), ContextInfo: ctx}}, nil
	case len(c.Contacts) > 1:
		cards := make([]*waE2E.ContactMessage, 0, len(c.Contacts))
		for _, card := range c.Contacts {
			cards = append(cards, &waE2E.ContactMessage{DisplayName: proto.String(card.DisplayName),
				Vcard: proto.String(card.VCard)})
		}
		return &waE2E.Message{ContactsArrayMessage: &waE2E.ContactsArrayMessage{
			DisplayName: proto.String(fmt.Sprintf("%d contacts", len(cards))), Contacts: cards,
			ContextInfo: ctx}}, nil
	case c.Poll != nil:
		// whatsmeow's builder adds the message secret that lets voters encrypt votes
		m := b.BuildPollCreation(c.Poll.Question, c.Poll.Options, int(c.Poll.Selectable))
		m.PollCreationMessage.ContextInfo = ctx
		return m, nil
	}
	return nil, fmt.Errorf("%w: %s without its fields", ErrBadContent, c.Kind)
}

func actionMessage(b Builder, chat types.JID, c protocol.Content) (*waE2E.Message, error) {
	if c.Target == nil || c.Target.MessageID == "" {
		return nil, fmt.Errorf("%w: %s without a target", ErrBadContent, c.Kind)
	}
	switch c.Kind {
	case protocol.KindReaction, protocol.KindPin:
		sender, err := types.ParseJID(c.Target.Sender)
		if err != nil {
			return nil, fmt.Errorf("%w: %s target sender: %v", ErrBadContent, c.Kind, err)
		}
		if c.Kind == protocol.KindPin {
			return pinMessage(b.BuildMessageKey(chat, sender, c.Target.MessageID), c.Seconds), nil
		}
		return b.BuildReaction(chat, sender, c.Target.MessageID, c.Text), nil
	case protocol.KindEdit:
		return b.BuildEdit(chat, c.Target.MessageID, &waE2E.Message{Conversation: proto.String(c.Text)}), nil
	}
	// a revoke of the session's own message: the empty sender means "me" to whatsmeow
	return b.BuildRevoke(chat, types.EmptyJID, c.Target.MessageID), nil
}

// pinMessage is a pin as WhatsApp's apps send it (whatsmeow has no builder for one): the
// key of the message pinned, and how long it stays pinned in the message's context;
// 0 seconds unpins it.
func pinMessage(key *waCommon.MessageKey, seconds uint32) *waE2E.Message {
	kind := waE2E.PinInChatMessage_PIN_FOR_ALL
	if seconds == 0 {
		kind = waE2E.PinInChatMessage_UNPIN_FOR_ALL
	}
	return &waE2E.Message{
		PinInChatMessage: &waE2E.PinInChatMessage{Key: key, Type: kind.Enum(),
			SenderTimestampMS: proto.Int64(time.Now().UnixMilli())},
		MessageContextInfo: &waE2E.MessageContextInfo{MessageAddOnDurationInSecs: proto.Uint32(seconds)},
	}
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return proto.String(s)
}

func optionalU32(n uint32) *uint32 {
	if n == 0 {
		return nil
	}
	return proto.Uint32(n)
}
