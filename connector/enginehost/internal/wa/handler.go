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
		return s.deliver(e)
	case *events.Receipt:
		return s.emit(ctx, mapping.Receipt(s.id, e)) == nil
	case *events.Connected:
		return s.connected(ctx)
	case *events.GroupInfo:
		return s.groupChanged(ctx, e)
	case *events.Picture:
		if update, ok := mapping.PictureUpdate(s.id, e, s.altOf(ctx, s.Client())); ok {
			return s.emit(ctx, update) == nil
		}
		return true
	case *events.HistorySync:
		return s.history(e)
	case *events.KeepAliveTimeout:
		s.noteKeepAlive(true, e.LastSuccess)
	case *events.KeepAliveRestored:
		s.noteKeepAlive(false, time.Now())
	case *events.MediaRetry:
		s.retries.deliver(e)
		return true
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

// deliver sends a message event and waits for the connector's stored, so whatsmeow
// acknowledges the message only once the connector has it.
func (s *Session) deliver(e *events.Message) bool {
	return s.emitStored("message "+e.Info.ID, func(ctx context.Context, seq int64) any {
		msg := mapping.Message(s.id, seq, e)
		if msg.Content.Kind == protocol.KindPollVote {
			msg.Content.Vote = s.decryptVote(ctx, e)
		}
		return msg
	})
}

// emitStored sends the event build makes (given its seq) and waits for the connector's
// stored. Past the deadline (which also bounds the wait for room in a full outgoing
// queue) the session disconnects rather than go on as if it were stored.
func (s *Session) emitStored(what string, build func(ctx context.Context, seq int64) any) bool {
	seq := s.seq.Add(1)
	stored := s.shared.Acks.expect(s.id, seq)
	defer s.shared.Acks.forget(s.id, seq)
	ctx, cancel := context.WithTimeout(context.Background(), s.shared.AckDeadline)
	defer cancel()
	if err := s.emit(ctx, build(ctx, seq)); err != nil && ctx.Err() == nil {
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
		Reason: mapping.ReasonAckDeadline, Detail: fmt.Sprintf("%s not stored in %s", what, s.shared.AckDeadline)})
	return false
}

// history streams a history sync to the connector one bounded frame at a time, each
// waiting for stored like a message: the connector's pace bounds what is in flight.
// whatsmeow has already acknowledged the sync to the phone, so a frame not stored in
// time ends the session as a message would, but the phone does not send it again.
func (s *Session) history(e *events.HistorySync) bool {
	cli := s.Client()
	for batch := range mapping.HistoryBatches(e.Data, cli.ParseWebMessage) {
		if batch.Skipped > 0 {
			s.shared.Log.Warnf("session %s: %d history messages not parsed", s.id, batch.Skipped)
		}
		what := fmt.Sprintf("history chunk %d", e.Data.GetChunkOrder())
		if !s.emitStored(what, func(_ context.Context, seq int64) any {
			return mapping.HistoryFrame(s.id, seq, e.Data, batch)
		}) {
			return false
		}
	}
	return true
}

// groupChanged reports each action of a group change as its own event, members named
// with their other address where the LID store knows it.
func (s *Session) groupChanged(ctx context.Context, e *events.GroupInfo) bool {
	cli := s.Client()
	for _, update := range mapping.GroupUpdates(s.id, e, s.altOf(ctx, cli)) {
		if s.emit(ctx, update) != nil {
			return false
		}
	}
	return true
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
	s.online.Store(true)
	err := s.emit(ctx, protocol.Connected{Event: s.event("connected"), DeviceJID: own.String(),
		LID: jidOrEmpty(cli.Store.GetLID())})
	if s.start.MarksAvailable() {
		// fails only without a push name (before the first app-state sync): nothing to do
		_ = cli.SendPresence(ctx, types.PresenceAvailable)
	}
	return err == nil
}

func jidOrEmpty(j types.JID) string {
	if j.IsEmpty() {
		return ""
	}
	return j.String()
}
