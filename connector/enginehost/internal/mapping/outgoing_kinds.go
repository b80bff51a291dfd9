package mapping

import (
	"fmt"

	"go.mau.fi/whatsmeow"
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

// The kinds wagate sent before the registry: each decodes its fields as wagate's bus
// encodes them (wagate/content.py) and builds its message.
func init() {
	register(protocol.KindText, textMessage)
	register(protocol.KindLocation, locationMessage)
	register(protocol.KindContacts, contactsMessage)
	register(protocol.KindPoll, pollMessage)
	register(protocol.KindReaction, reactionMessage)
	register(protocol.KindEdit, editMessage)
	register(protocol.KindRevoke, revokeMessage)
}

func textMessage(s Send) (*waE2E.Message, error) {
	c, err := fields[struct {
		Text string
		mentioning
		LinkPreview *linkPreview `json:"linkPreview"`
	}](s, protocol.KindText)
	if err != nil {
		return nil, err
	}
	if isStatus(s.Chat) {
		return statusText(c.Text), nil
	}
	ctx := withMentions(s.Context, c.mentioning)
	if ctx == nil && c.LinkPreview == nil { // a plain text: no quote, mention or preview
		return &waE2E.Message{Conversation: proto.String(c.Text)}, nil
	}
	m := &waE2E.ExtendedTextMessage{Text: proto.String(c.Text), ContextInfo: ctx}
	c.LinkPreview.fill(m)
	return &waE2E.Message{ExtendedTextMessage: m}, nil
}

func locationMessage(s Send) (*waE2E.Message, error) {
	l, err := fields[struct {
		Latitude, Longitude *float64
		Name, Address       string
	}](s, protocol.KindLocation)
	if err != nil || l.Latitude == nil || l.Longitude == nil {
		return nil, fmt.Errorf("%w: a location without its place (%v)", ErrBadContent, err)
	}
	return &waE2E.Message{LocationMessage: &waE2E.LocationMessage{
		DegreesLatitude: l.Latitude, DegreesLongitude: l.Longitude,
		Name: optional(l.Name), Address: optional(l.Address), ContextInfo: s.Context}}, nil
}

type sentCard struct {
	DisplayName string `json:"displayName"`
	VCard       string `json:"vcard"`
}

func contactsMessage(s Send) (*waE2E.Message, error) {
	c, err := fields[struct{ Cards []sentCard }](s, protocol.KindContacts)
	if err != nil || len(c.Cards) == 0 {
		return nil, fmt.Errorf("%w: contacts without cards (%v)", ErrBadContent, err)
	}
	if len(c.Cards) == 1 {
		one := c.Cards[0]
		return &waE2E.Message{ContactMessage: &waE2E.ContactMessage{DisplayName: proto.String(one.DisplayName),
			Vcard: proto.String(one.VCard), ContextInfo: s.Context}}, nil
	}
	cards := make([]*waE2E.ContactMessage, 0, len(c.Cards))
	for _, one := range c.Cards {
		cards = append(cards, &waE2E.ContactMessage{DisplayName: proto.String(one.DisplayName),
			Vcard: proto.String(one.VCard)})
	}
	return &waE2E.Message{ContactsArrayMessage: &waE2E.ContactsArrayMessage{
		DisplayName: proto.String(fmt.Sprintf("%d contacts", len(cards))), Contacts: cards,
		ContextInfo: s.Context}}, nil
}

func pollMessage(s Send) (*waE2E.Message, error) {
	p, err := fields[struct {
		Question   string
		Options    []string
		Selectable int
	}](s, protocol.KindPoll)
	if err != nil || len(p.Options) == 0 {
		return nil, fmt.Errorf("%w: a poll without options (%v)", ErrBadContent, err)
	}
	// whatsmeow's builder adds the message secret that lets voters encrypt votes
	m := s.B.BuildPollCreation(p.Question, p.Options, p.Selectable)
	m.PollCreationMessage.ContextInfo = s.Context
	return m, nil
}

func reactionMessage(s Send) (*waE2E.Message, error) {
	r, err := fields[struct{ Emoji string }](s, protocol.KindReaction)
	if err != nil {
		return nil, err
	}
	id, sender, err := target(s, protocol.KindReaction)
	if err != nil {
		return nil, err
	}
	return s.B.BuildReaction(s.Chat, sender, id, r.Emoji), nil
}

// an edit's and a revoke's message is the session's own: its id is enough
type ownMessage struct {
	MessageID string `json:"messageId"`
	Text      string
}

func editMessage(s Send) (*waE2E.Message, error) {
	e, err := fields[ownMessage](s, protocol.KindEdit)
	if err != nil || e.MessageID == "" {
		return nil, fmt.Errorf("%w: an edit without its message (%v)", ErrBadContent, err)
	}
	return s.B.BuildEdit(s.Chat, e.MessageID, &waE2E.Message{Conversation: proto.String(e.Text)}), nil
}

func revokeMessage(s Send) (*waE2E.Message, error) {
	r, err := fields[ownMessage](s, protocol.KindRevoke)
	if err != nil || r.MessageID == "" {
		return nil, fmt.Errorf("%w: a revoke without its message (%v)", ErrBadContent, err)
	}
	// the session's own message: the empty sender means "me" to whatsmeow
	return s.B.BuildRevoke(s.Chat, types.EmptyJID, r.MessageID), nil
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
