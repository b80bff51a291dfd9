// Package wa runs one WhatsApp session over whatsmeow: connect or pair, turn its events
// into protocol events, and serve the connector's requests for it.
package wa

import "sync"

type ackKey struct {
	session string
	seq     int64
}

// Acks matches the connector's stored answers to the message events waiting for them.
type Acks struct {
	mu      sync.Mutex
	waiting map[ackKey]chan struct{}
}

func NewAcks() *Acks { return &Acks{waiting: map[ackKey]chan struct{}{}} }

// expect registers a message event before it is sent; the channel closes on Stored.
func (a *Acks) expect(session string, seq int64) chan struct{} {
	ch := make(chan struct{})
	a.mu.Lock()
	a.waiting[ackKey{session, seq}] = ch
	a.mu.Unlock()
	return ch
}

func (a *Acks) forget(session string, seq int64) {
	a.mu.Lock()
	delete(a.waiting, ackKey{session, seq})
	a.mu.Unlock()
}

// Stored releases the event's handler; a stored for nothing waiting (late, after the
// deadline, or repeated) is ignored.
func (a *Acks) Stored(session string, seq int64) {
	a.mu.Lock()
	ch, ok := a.waiting[ackKey{session, seq}]
	delete(a.waiting, ackKey{session, seq})
	a.mu.Unlock()
	if ok {
		close(ch)
	}
}
