package wa

import (
	"context"
	"fmt"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/mapping"
	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/sessions"
)

// handle is whatsmeow's event handler for this session. Returning false tells whatsmeow
// the event was not handled, and with SynchronousAck it then does not acknowledge the
// message, so WhatsApp delivers it again on the next connection.
func (s *Session) handle(evt any) (handled bool) {
	s.guarded(fmt.Sprintf("handling %T", evt), func() { handled = s.dispatch(evt) })
	return handled
}

// guarded runs fn, which whatsmeow or the session started in a goroutine of its own: a
// panic there (a bug of the host) is reported and ends this session alone.
func (s *Session) guarded(what string, fn func()) {
	err := sessions.Guard(func() error { fn(); return nil })
	if err != nil {
		s.endWith(protocol.SessionFailed{Event: s.event("session_failed"),
			Code: "panic", Detail: fmt.Sprintf("%s: %v", what, err)})
	}
}

func (s *Session) dispatch(evt any) bool {
	ctx := context.Background()
	switch e := evt.(type) {
	case *events.Message:
		return s.deliver(ctx, e)
	case *events.Receipt:
		return s.emit(ctx, mapping.Receipt(s.id, e)) == nil
	case *events.Connected:
		return s.connected(ctx)
	}
	if event, ok := mapping.Connection(s.id, evt, time.Now()); ok {
		if ends(event) {
			s.endWith(event)
			return true
		}
		return s.emit(ctx, event) == nil
	}
	if event, ok := mapping.Other(s.id, evt); ok {
		return s.emit(ctx, event) == nil
	}
	return true
}

// ends: after these the connection is over (the connector reconnects if it wants to).
func ends(event any) bool {
	switch event.(type) {
	case protocol.Disconnected, protocol.LoggedOut:
		return true
	}
	return false
}

// deliver sends a message event and waits for the connector's stored; past the
// deadline (which also bounds the wait for room in a full outgoing queue) the session
// disconnects rather than acknowledge a message not stored.
func (s *Session) deliver(ctx context.Context, e *events.Message) bool {
	seq := s.seq.Add(1)
	stored := s.shared.Acks.expect(s.id, seq)
	defer s.shared.Acks.forget(s.id, seq)
	ctx, cancel := context.WithTimeout(ctx, s.shared.AckDeadline)
	defer cancel()
	msg := mapping.Message(s.id, seq, e)
	if msg.Content.Kind == protocol.KindPollVote {
		msg.Content.Vote = s.decryptVote(ctx, e)
	}
	if err := s.emit(ctx, msg); err != nil && ctx.Err() == nil {
		s.finish() // the connector's connection is gone: its sessions are stopping
		return false
	}
	select {
	case <-stored:
		return true
	case <-ctx.Done():
	case <-s.end:
		return false
	}
	s.endWith(protocol.Disconnected{Event: s.event("disconnected"),
		Reason: mapping.ReasonAckDeadline, Detail: fmt.Sprintf("message %s not stored in %s", e.Info.ID, s.shared.AckDeadline)})
	return false
}

// decryptVote reads a poll vote with the poll's secret, which whatsmeow stored when the
// poll was sent or received; nil when it cannot (the poll predates this device, say).
func (s *Session) decryptVote(ctx context.Context, e *events.Message) *protocol.PollVote {
	vote, err := s.Client().DecryptPollVote(ctx, e)
	if err != nil {
		s.shared.Log.Warnf("session %s: poll vote %s not decrypted: %v", s.id, e.Info.ID, err)
		return nil
	}
	return mapping.Vote(vote)
}

// connected reports the login and marks the session available: whatsmeow's advice is
// to do so once per connection so the server has the push name, and WhatsApp sends
// other users' presence only to a client that is online (subscribe_presence).
func (s *Session) connected(ctx context.Context) bool {
	cli := s.Client()
	own := cli.Store.GetJID()
	err := s.emit(ctx, protocol.Connected{Event: s.event("connected"), DeviceJID: own.String(),
		LID: jidOrEmpty(cli.Store.GetLID())})
	// fails only without a push name (before the first app-state sync): nothing to do
	_ = cli.SendPresence(ctx, types.PresenceAvailable)
	return err == nil
}

func jidOrEmpty(j types.JID) string {
	if j.IsEmpty() {
		return ""
	}
	return j.String()
}
