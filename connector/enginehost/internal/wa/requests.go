package wa

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/mapping"
	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Refusal is a request the host or WhatsApp refused, with its protocol error code.
type Refusal struct{ Code, Message string }

func (r *Refusal) Error() string { return r.Code + ": " + r.Message }

// Error codes of replies (docs/engine-host.md lists them).
const (
	CodeBadRequest    = "bad_request"
	CodeNotConnected  = "not_connected"
	CodeMediaUnread   = "media_unreadable"
	CodeUploadFailed  = "media_upload_failed"
	CodeRateOverlimit = "rate_overlimit"
	CodeFailed        = "failed"
	CodeTimeout       = "timeout" // the request's deadline passed: its outcome is unknown
)

func refuse(code string, err error) error { return &Refusal{Code: code, Message: err.Error()} }

// loggedIn is the client when it can act for the session.
func (s *Session) loggedIn() (*whatsmeow.Client, error) {
	cli := s.Client()
	if cli == nil || !cli.IsLoggedIn() {
		return nil, refuse(CodeNotConnected, errors.New("session not logged in"))
	}
	return cli, nil
}

// classify names what WhatsApp answered to a request.
func classify(err error) error {
	var refusal *Refusal
	switch {
	case errors.As(err, &refusal):
		return refusal
	case errors.Is(err, whatsmeow.ErrIQRateOverLimit):
		return refuse(CodeRateOverlimit, err)
	case errors.Is(err, whatsmeow.ErrNotConnected), errors.Is(err, whatsmeow.ErrNotLoggedIn):
		return refuse(CodeNotConnected, err)
	case errors.Is(err, context.DeadlineExceeded):
		return refuse(CodeTimeout, err)
	case restricted(err) != "":
		return refuse(restricted(err), err)
	}
	return refuse(CodeFailed, err)
}

func parseJID(field, value string) (types.JID, error) {
	j, err := types.ParseJID(value)
	if err != nil || j.IsEmpty() {
		return types.EmptyJID, refuse(CodeBadRequest, fmt.Errorf("%s %q is not a JID", field, value))
	}
	return j, nil
}

// Send sends one message under wagate's id (exactly once: WhatsApp drops a repeat).
func (s *Session) Send(ctx context.Context, req protocol.Send) (protocol.SentMessage, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return protocol.SentMessage{}, err
	}
	ctx, cancel := sendContext(ctx, req)
	defer cancel()
	chat, err := parseJID("chat", req.Chat)
	if err != nil || req.MessageID == "" {
		return protocol.SentMessage{}, refuse(CodeBadRequest, errors.New("send needs a chat JID and a message_id"))
	}
	if chat.Server == types.NewsletterServer { // a channel post: only its owner or admins
		if err := mayPost(ctx, cli, chat); err != nil {
			return protocol.SentMessage{}, err
		}
	}
	var upload *whatsmeow.UploadResponse
	if family, isMedia := mapping.MediaType(req.Content.Kind); isMedia && req.Content.Media != nil {
		if upload, err = uploadFile(ctx, cli, req.Content.Media.Path, family, chat); err != nil {
			return protocol.SentMessage{}, err
		}
	}
	msg, err := mapping.Outgoing(cli, chat, req.Content, req.Quote, req.Target, upload)
	if err != nil {
		return protocol.SentMessage{}, refuse(CodeBadRequest, err)
	}
	extra := sendExtra(req)
	if upload != nil { // a channel's media is named by the handle its upload got
		extra.MediaHandle = upload.Handle
	}
	resp, err := cli.SendMessage(ctx, chat, msg, extra)
	if err != nil {
		return protocol.SentMessage{}, classify(err)
	}
	return protocol.SentMessage{MessageID: resp.ID, TimestampMS: resp.Timestamp.UnixMilli()}, nil
}

// sendContext bounds a send by its deadline, so the host always answers it before the
// connector gives up waiting (a reply after that would be lost to the message log).
func sendContext(ctx context.Context, req protocol.Send) (context.Context, context.CancelFunc) {
	if req.DeadlineMS <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, time.Duration(req.DeadlineMS)*time.Millisecond)
}

// sendExtra gives whatsmeow wagate's logged id for the message, so a send repeated after
// a crash carries the same id and WhatsApp drops the repeat.
func sendExtra(req protocol.Send) whatsmeow.SendRequestExtra {
	return whatsmeow.SendRequestExtra{ID: req.MessageID, Timeout: time.Duration(req.TimeoutMS) * time.Millisecond}
}

// onJID runs an action of the logged-in client on the JID a request names in field.
func (s *Session) onJID(field, value string, act func(*whatsmeow.Client, types.JID) error) error {
	cli, err := s.loggedIn()
	if err != nil {
		return err
	}
	target, err := parseJID(field, value)
	if err != nil {
		return err
	}
	if err := act(cli, target); err != nil {
		return classify(err)
	}
	return nil
}

// MarkRead sends read receipts for messages of a chat by one sender.
func (s *Session) MarkRead(ctx context.Context, req protocol.MarkRead) error {
	return s.onJID("chat", req.Chat, func(cli *whatsmeow.Client, chat types.JID) error {
		sender, err := parseJID("sender", req.Sender)
		if err != nil {
			return err
		}
		if sender, err = mapping.ReadReceiptSender(chat, sender); err != nil {
			return refuse(CodeBadRequest, err)
		}
		return cli.MarkRead(ctx, req.MessageIDs, time.UnixMilli(req.TimestampMS), chat, sender)
	})
}

// SetPresence sets the session's own presence.
func (s *Session) SetPresence(ctx context.Context, req protocol.Presence) error {
	cli, err := s.loggedIn()
	if err != nil {
		return err
	}
	state := types.Presence(req.State)
	if state != types.PresenceAvailable && state != types.PresenceUnavailable {
		return refuse(CodeBadRequest, fmt.Errorf("presence state %q", req.State))
	}
	if err := cli.SendPresence(ctx, state); err != nil {
		return classify(err)
	}
	return nil
}

// SendChatPresence shows the session typing, recording or neither in a chat.
func (s *Session) SendChatPresence(ctx context.Context, req protocol.ChatPresence) error {
	state, media, ok := mapping.ChatPresenceOf(req.State)
	if !ok {
		return refuse(CodeBadRequest, fmt.Errorf("chat presence state %q", req.State))
	}
	return s.onJID("chat", req.Chat, func(cli *whatsmeow.Client, chat types.JID) error {
		return cli.SendChatPresence(ctx, chat, state, media)
	})
}

// SetChatState archives, pins, mutes or marks unread a chat (or undoes it) through app
// state.
func (s *Session) SetChatState(ctx context.Context, req protocol.ChatState) error {
	return s.onJID("chat", req.Chat, func(cli *whatsmeow.Client, chat types.JID) error {
		patch, ok := mapping.ChatStatePatch(chat, req)
		if !ok {
			return refuse(CodeBadRequest, fmt.Errorf("chat state %q", req.State))
		}
		return cli.SendAppState(ctx, patch)
	})
}

// SubscribePresence asks for a user's presence events.
func (s *Session) SubscribePresence(ctx context.Context, req protocol.SubscribePresence) error {
	return s.onJID("jid", req.JID, func(cli *whatsmeow.Client, user types.JID) error {
		return cli.SubscribePresence(ctx, user)
	})
}

// CheckNumbers asks WhatsApp which phones have an account, in one query.
func (s *Session) CheckNumbers(ctx context.Context, req protocol.CheckNumbers) ([]protocol.NumberStatus, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return nil, err
	}
	query := make([]string, len(req.Phones))
	for i, phone := range req.Phones {
		query[i] = "+" + strings.TrimPrefix(phone, "+") // whatsmeow wants the + prefix
	}
	answers, err := cli.IsOnWhatsApp(ctx, query)
	if err != nil {
		return nil, classify(err)
	}
	out := make([]protocol.NumberStatus, 0, len(answers))
	for _, a := range answers {
		out = append(out, protocol.NumberStatus{Phone: strings.TrimPrefix(a.Query, "+"),
			JID: jidOrEmpty(a.JID), OnWA: a.IsIn})
	}
	return out, nil
}

// Logout unlinks the device at WhatsApp (whatsmeow deletes it from the store), then
// ends the session.
func (s *Session) Logout(ctx context.Context) error {
	cli, err := s.loggedIn()
	if err != nil {
		return err
	}
	defer s.finish()
	if err := cli.Logout(ctx); err != nil {
		return classify(err)
	}
	return nil
}
