package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/sessions"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

type handler struct {
	server   *Server
	conn     *conn
	acks     *wa.Acks
	table    *sessions.Table
	inFlight chan struct{} // a slot per request being handled
}

// readLoop reads the connector's frames. A stored answer is handled at once (it only
// releases a waiting handler); a request takes a slot first, so with MaxInFlight
// requests running the loop stops reading and the connector's writes wait in turn.
func (h *handler) readLoop() error {
	for {
		body, err := protocol.ReadFrame(h.conn)
		if err != nil {
			return err
		}
		kind, err := protocol.TypeOf(body)
		if err != nil {
			return err // not the protocol: a broken peer
		}
		if kind == "stored" {
			var stored protocol.Stored
			if err := json.Unmarshal(body, &stored); err != nil {
				return err
			}
			h.acks.Stored(stored.Session, stored.Seq)
			continue
		}
		h.inFlight <- struct{}{}
		go func() {
			defer func() { <-h.inFlight }()
			h.answer(kind, body)
		}()
	}
}

// answer handles one request and sends its reply.
func (h *handler) answer(kind string, body []byte) {
	var req protocol.Request
	if err := json.Unmarshal(body, &req); err != nil {
		_ = h.conn.Emit(context.Background(), protocol.Reply{Type: "reply", Error: &protocol.Error{
			Code: wa.CodeBadRequest, Message: err.Error()}})
		return
	}
	reply := protocol.Reply{Type: "reply", ID: req.ID}
	err := sessions.Guard(func() error { return h.handle(kind, body, &reply) })
	if err != nil {
		reply.Error = asProtocolError(err)
	}
	_ = h.conn.Emit(context.Background(), reply)
}

func asProtocolError(err error) *protocol.Error {
	if r, ok := err.(*wa.Refusal); ok {
		return &protocol.Error{Code: r.Code, Message: r.Message}
	}
	return &protocol.Error{Code: wa.CodeFailed, Message: err.Error()}
}

// sessionEnded reports a session that ended by an error (a stop or a connection's
// end has already said so in its own event).
func (h *handler) sessionEnded(id string, err error) {
	if err == nil {
		return
	}
	_ = h.conn.Emit(context.Background(), protocol.SessionFailed{
		Event: protocol.Event{Type: "session_failed", Session: id}, Code: failure(err), Detail: err.Error()})
}

func failure(err error) string {
	var p *sessions.Panic
	switch {
	case errors.As(err, &p):
		return "panic"
	case errors.Is(err, wa.ErrDeviceNotFound):
		return "device_not_found"
	}
	return "failed"
}

func decode[T any](body []byte) (T, error) {
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		return v, &wa.Refusal{Code: wa.CodeBadRequest, Message: fmt.Sprintf("malformed %T: %v", v, err)}
	}
	return v, nil
}
