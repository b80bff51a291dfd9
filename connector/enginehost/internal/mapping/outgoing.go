package mapping

import (
	"encoding/json"
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

// Send is what a kind's builder is given: the content as wagate's bus encodes it (Raw),
// the message it acts on (Target, with its author), and a quote's context (nil: none).
type Send struct {
	B       Builder
	Chat    types.JID
	Raw     json.RawMessage
	Target  *protocol.Quote
	Context *waE2E.ContextInfo
}

// Build makes the message of one kind.
type Build func(s Send) (*waE2E.Message, error)

// builders: every kind a send may carry but an attachment, each registered by its own
// file (a new kind is a new file: its fields, its builder, register in init).
var builders = map[string]Build{}

func register(kind string, build Build) {
	if _, taken := builders[kind]; taken {
		panic("two builders of kind " + kind)
	}
	builders[kind] = build
}

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
// a media kind (nil otherwise); target the message the content acts on (nil: none).
func Outgoing(b Builder, chat types.JID, c protocol.Content, q, target *protocol.Quote,
	upload *whatsmeow.UploadResponse) (*waE2E.Message, error) {
	ctx := contextInfo(q)
	if forwarded(c) {
		ctx = asForwarded(ctx)
	}
	if _, isMedia := mediaTypes[c.Kind]; isMedia {
		if upload == nil || c.Media == nil {
			return nil, fmt.Errorf("%w: %s without its uploaded file", ErrBadContent, c.Kind)
		}
		ctx = withMentions(ctx, mentioning{Mentions: c.Media.Mentions, MentionAll: c.Media.MentionAll})
		return viewOnce(c.Kind, c.Media, mediaMessage(c.Kind, c.Media, upload, ctx)), nil
	}
	build, ok := builders[c.Kind]
	if !ok {
		return nil, fmt.Errorf("%w: kind %q", ErrBadContent, c.Kind)
	}
	return build(Send{B: b, Chat: chat, Raw: c.Raw, Target: target, Context: ctx})
}

// fields decodes a kind's fields from its content, as wagate's bus encodes them.
func fields[T any](s Send, kind string) (T, error) {
	var f T
	if err := json.Unmarshal(s.Raw, &f); err != nil {
		return f, fmt.Errorf("%w: %s without its fields: %v", ErrBadContent, kind, err)
	}
	return f, nil
}

// target is the message a content acts on: its id and its author.
func target(s Send, kind string) (types.MessageID, types.JID, error) {
	if s.Target == nil || s.Target.MessageID == "" {
		return "", types.EmptyJID, fmt.Errorf("%w: %s without a target", ErrBadContent, kind)
	}
	sender, err := types.ParseJID(s.Target.Sender)
	if err != nil {
		return "", types.EmptyJID, fmt.Errorf("%w: %s target sender: %v", ErrBadContent, kind, err)
	}
	return s.Target.MessageID, sender, nil
}

// targetKey is the key of the message a content acts on, as whatsmeow's BuildMessageKey
// makes it from its author (from_me, and the participant in a group).
func targetKey(s Send, kind string) (*waCommon.MessageKey, error) {
	id, sender, err := target(s, kind)
	if err != nil {
		return nil, err
	}
	return s.B.BuildMessageKey(s.Chat, sender, id), nil
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
