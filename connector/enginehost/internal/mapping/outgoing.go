package mapping

import (
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Builder makes the messages that act on an earlier one; *whatsmeow.Client is one (it
// knows the session's own JID, which decides a message key's from_me).
type Builder interface {
	BuildReaction(chat, sender types.JID, id types.MessageID, reaction string) *waE2E.Message
	BuildEdit(chat types.JID, id types.MessageID, newContent *waE2E.Message) *waE2E.Message
	BuildRevoke(chat, sender types.JID, id types.MessageID) *waE2E.Message
	BuildPollCreation(name string, optionNames []string, selectableOptionCount int) *waE2E.Message
	BuildMessageKey(chat, sender types.JID, id types.MessageID) *waCommon.MessageKey
}

// ErrBadContent is a send whose content cannot become a message (the connector's bug).
var ErrBadContent = errors.New("content cannot be sent")

// mediaTypes: the media host's key family for each kind that uploads a file.
var mediaTypes = map[string]whatsmeow.MediaType{
	protocol.KindImage: whatsmeow.MediaImage, protocol.KindSticker: whatsmeow.MediaImage,
	protocol.KindVideo: whatsmeow.MediaVideo, protocol.KindAudio: whatsmeow.MediaAudio,
	protocol.KindVoice: whatsmeow.MediaAudio, protocol.KindDocument: whatsmeow.MediaDocument,
}

// MediaType is the upload family of a media kind; ok false for other kinds.
func MediaType(kind string) (whatsmeow.MediaType, bool) {
	t, ok := mediaTypes[kind]
	return t, ok
}

// Outgoing builds the waE2E message for a send. upload is the media host's answer for
// a media kind (nil otherwise).
func Outgoing(b Builder, chat types.JID, c protocol.Content, q *protocol.Quote,
	upload *whatsmeow.UploadResponse) (*waE2E.Message, error) {
	ctx := contextInfo(q)
	if _, isMedia := mediaTypes[c.Kind]; isMedia {
		if upload == nil || c.Media == nil {
			return nil, fmt.Errorf("%w: %s without its uploaded file", ErrBadContent, c.Kind)
		}
		return mediaMessage(c.Kind, c.Media, upload, ctx), nil
	}
	switch c.Kind {
	case protocol.KindText:
		if ctx == nil {
			return &waE2E.Message{Conversation: proto.String(c.Text)}, nil
		}
		return &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
			Text: proto.String(c.Text), ContextInfo: ctx}}, nil
	case protocol.KindLocation, protocol.KindContacts, protocol.KindPoll:
		return structuredMessage(b, c, ctx)
	case protocol.KindReaction, protocol.KindEdit, protocol.KindRevoke, protocol.KindPin:
		return actionMessage(b, chat, c)
	}
	return nil, fmt.Errorf("%w: kind %q", ErrBadContent, c.Kind)
}

func contextInfo(q *protocol.Quote) *waE2E.ContextInfo {
	if q == nil {
		return nil
	}
	// WhatsApp shows a quote only with a quoted message present; its text is the
	// recipient's own copy, so an empty one is enough
	return &waE2E.ContextInfo{StanzaID: proto.String(q.MessageID),
		Participant: proto.String(q.Sender), QuotedMessage: &waE2E.Message{Conversation: proto.String("")}}
}
