// Package sessions is the host's table of running sessions: each runs in its own
// goroutine, and a panic there is recovered and reported for that session alone.
package sessions

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
)

// Session is one WhatsApp session as the table runs it. Run holds the connection until
// ctx ends (a stop) or the connection does, and returns then.
type Session interface {
	Run(ctx context.Context) error
}

// Ended reports a session's end: err nil after a stop or a clean end, the error or the
// recovered panic otherwise. Called once per started session, from its goroutine.
type Ended func(id string, err error)

var (
	ErrRunning    = errors.New("session already running")
	ErrNotRunning = errors.New("session not running")
)

// Panic is the error for a recovered panic, with the stack for the log.
type Panic struct {
	Value any
	Stack string
}

func (p *Panic) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

type entry struct {
	session Session
	cancel  context.CancelFunc
	done    chan struct{}
}

// Table holds the running sessions by id.
type Table struct {
	mu      sync.Mutex
	running map[string]*entry
	ended   Ended
}

func NewTable(ended Ended) *Table {
	return &Table{running: map[string]*entry{}, ended: ended}
}

// Start runs s under id in a new goroutine.
func (t *Table) Start(id string, s Session) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.running[id]; ok {
		return ErrRunning
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &entry{session: s, cancel: cancel, done: make(chan struct{})}
	t.running[id] = e
	go t.run(id, e, ctx)
	return nil
}

func (t *Table) run(id string, e *entry, ctx context.Context) {
	err := Guard(func() error { return e.session.Run(ctx) })
	t.mu.Lock()
	if t.running[id] == e {
		delete(t.running, id)
	}
	t.mu.Unlock()
	e.cancel()
	close(e.done)
	t.ended(id, err)
}

// Guard runs fn, turning a panic into a *Panic error: for every goroutine a session
// starts (whatsmeow's event handler calls included), so no session's bug ends the host.
func Guard(fn func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &Panic{Value: v, Stack: string(debug.Stack())}
		}
	}()
	return fn()
}

// Get is the running session under id.
func (t *Table) Get(id string) (Session, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.running[id]
	if !ok {
		return nil, false
	}
	return e.session, true
}

// Stop ends the session under id and waits until its goroutine has returned.
func (t *Table) Stop(ctx context.Context, id string) error {
	t.mu.Lock()
	e, ok := t.running[id]
	t.mu.Unlock()
	if !ok {
		return ErrNotRunning
	}
	e.cancel()
	select {
	case <-e.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// StopAll ends every session and waits for them all.
func (t *Table) StopAll(ctx context.Context) {
	t.mu.Lock()
	ids := make([]string, 0, len(t.running))
	for id := range t.running {
		ids = append(ids, id)
	}
	t.mu.Unlock()
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() { _ = t.Stop(ctx, id) })
	}
	wg.Wait()
}

// Len is how many sessions run.
func (t *Table) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.running)
}
