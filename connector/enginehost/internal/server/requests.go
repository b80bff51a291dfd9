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

// route serves one request type of a running session, filling reply's result fields.
type route func(ctx context.Context, s Session, body []byte, reply *protocol.Reply) error

// with decodes a request of type T and runs fn on it.
func with[T any](fn func(ctx context.Context, s Session, req T, reply *protocol.Reply) error) route {
	return func(ctx context.Context, s Session, body []byte, reply *protocol.Reply) error {
		req, err := decode[T](body)
		if err != nil {
			return err
		}
		return fn(ctx, s, req, reply)
	}
}

// done is a request whose reply carries nothing but success.
func done[T any](fn func(s Session, ctx context.Context, req T) error) route {
	return with(func(ctx context.Context, s Session, req T, _ *protocol.Reply) error { return fn(s, ctx, req) })
}

// listed keeps an answer list as a pointer, so an empty one is sent as [].
func listed[T any](list []T, err error) (*[]T, error) {
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []T{}
	}
	return &list, nil
}

var routes = map[string]route{
	"send": with(func(ctx context.Context, s Session, req protocol.Send, reply *protocol.Reply) error {
		sent, err := s.Send(ctx, req)
		if err == nil {
			reply.Sent = &sent
		}
		return err
	}),
	"check_numbers": with(func(ctx context.Context, s Session, req protocol.CheckNumbers, reply *protocol.Reply) (err error) {
		reply.Numbers, err = s.CheckNumbers(ctx, req)
		return err
	}),
	"download": with(func(ctx context.Context, s Session, req protocol.Download, reply *protocol.Reply) error {
		file, err := s.Download(ctx, req)
		if err == nil {
			reply.File = &file
		}
		return err
	}),
	"mark_read":          done(Session.MarkRead),
	"presence":           done(Session.SetPresence),
	"chat_presence":      done(Session.SendChatPresence),
	"chat_state":         done(Session.SetChatState),
	"subscribe_presence": done(Session.SubscribePresence),
	"history_request":    done(Session.HistoryRequest),
	"logout": func(ctx context.Context, s Session, _ []byte, _ *protocol.Reply) error {
		return s.Logout(ctx)
	},
	"health": func(_ context.Context, s Session, _ []byte, reply *protocol.Reply) error {
		health := s.Health()
		reply.Health = &health
		return nil
	},
	"contact_info": with(func(ctx context.Context, s Session, req protocol.ContactInfo, reply *protocol.Reply) error {
		profile, err := s.ContactInfo(ctx, req)
		if err == nil {
			reply.Profile = &profile
		}
		return err
	}),
	"lid_lookup": with(func(ctx context.Context, s Session, req protocol.LIDLookup, reply *protocol.Reply) (err error) {
		reply.Pairs, err = listed(s.LIDLookup(ctx, req))
		return err
	}),
}

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
	serve, ok := routes[kind]
	if !ok {
		serve, ok = groupRoutes[kind]
	}
	if !ok {
		serve, ok = accountRoutes[kind]
	}
	if !ok {
		serve, ok = profileRoutes[kind]
	}
	if !ok {
		serve, ok = channelRoutes[kind]
	}
	if !ok {
		return &wa.Refusal{Code: CodeUnknownRequest, Message: fmt.Sprintf("no request %q", kind)}
	}
	s, err := h.session(body)
	if err != nil {
		return err
	}
	return serve(ctx, s, body, reply)
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

func tableError(err error) error {
	switch {
	case errors.Is(err, sessions.ErrRunning):
		return &wa.Refusal{Code: CodeAlreadyRunning, Message: err.Error()}
	case errors.Is(err, sessions.ErrNotRunning):
		return &wa.Refusal{Code: CodeNotRunning, Message: err.Error()}
	}
	return err
}
