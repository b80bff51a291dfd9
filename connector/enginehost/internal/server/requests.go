package server

import (
	"context"
	"errors"
	"fmt"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/sessions"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

// Error codes of the session table.
const (
	CodeUnknownRequest = "unknown_request"
	CodeAlreadyRunning = "already_running"
	CodeNotRunning     = "not_running"
)

// handle runs one request of the given type, filling reply's result fields.
func (h *handler) handle(kind string, body []byte, reply *protocol.Reply) error {
	ctx := context.Background()
	switch kind {
	case "start":
		return h.start(body)
	case "stop":
		req, err := decode[protocol.Stop](body)
		if err != nil {
			return err
		}
		stopCtx, cancel := context.WithTimeout(ctx, h.server.StopTimeout)
		defer cancel()
		return tableError(h.table.Stop(stopCtx, req.Session))
	}
	s, err := h.session(body)
	if err != nil {
		return err
	}
	switch kind {
	case "send":
		return withBody(body, func(req protocol.Send) error {
			sent, err := s.Send(ctx, req)
			if err == nil {
				reply.Sent = &sent
			}
			return err
		})
	case "check_numbers":
		return withBody(body, func(req protocol.CheckNumbers) (err error) {
			reply.Numbers, err = s.CheckNumbers(ctx, req)
			return err
		})
	case "download":
		return withBody(body, func(req protocol.Download) error {
			file, err := s.Download(ctx, req)
			if err == nil {
				reply.File = &file
			}
			return err
		})
	case "mark_read":
		return withBody(body, func(req protocol.MarkRead) error { return s.MarkRead(ctx, req) })
	case "presence":
		return withBody(body, func(req protocol.Presence) error { return s.SetPresence(ctx, req) })
	case "chat_presence":
		return withBody(body, func(req protocol.ChatPresence) error { return s.SendChatPresence(ctx, req) })
	case "subscribe_presence":
		return withBody(body, func(req protocol.SubscribePresence) error { return s.SubscribePresence(ctx, req) })
	case "logout":
		return s.Logout(ctx)
	}
	return &wa.Refusal{Code: CodeUnknownRequest, Message: fmt.Sprintf("no request %q", kind)}
}

func (h *handler) start(body []byte) error {
	req, err := decode[protocol.Start](body)
	if err != nil {
		return err
	}
	if req.Session == "" {
		return &wa.Refusal{Code: wa.CodeBadRequest, Message: "start needs a session"}
	}
	return tableError(h.table.Start(req.Session, h.server.NewSession(req, h.conn, h.acks)))
}

// session is the running session a request names.
func (h *handler) session(body []byte) (Session, error) {
	req, err := decode[protocol.Request](body)
	if err != nil {
		return nil, err
	}
	s, ok := h.table.Get(req.Session)
	if !ok {
		return nil, &wa.Refusal{Code: CodeNotRunning, Message: fmt.Sprintf("no session %q", req.Session)}
	}
	return s.(Session), nil
}

func withBody[T any](body []byte, fn func(T) error) error {
	req, err := decode[T](body)
	if err != nil {
		return err
	}
	return fn(req)
}

func tableError(err error) error {
	switch {
	case errors.Is(err, sessions.ErrRunning):
		return &wa.Refusal{Code: CodeAlreadyRunning, Message: err.Error()}
	case errors.Is(err, sessions.ErrNotRunning):
		return &wa.Refusal{Code: CodeNotRunning, Message: err.Error()}
	}
	return err
}
