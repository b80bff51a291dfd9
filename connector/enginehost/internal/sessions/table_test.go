package sessions

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// blocking runs until stopped, like a connected session.
type blocking struct{}

func (blocking) Run(ctx context.Context) error { <-ctx.Done(); return nil }

// panicking fails inside its goroutine.
type panicking struct{}

func (panicking) Run(context.Context) error { panic("bug in one session") }

type endings struct {
	mu   sync.Mutex
	errs map[string]error
	got  chan string
}

func newEndings() *endings { return &endings{errs: map[string]error{}, got: make(chan string, 1000)} }

func (e *endings) record(id string, err error) {
	e.mu.Lock()
	e.errs[id] = err
	e.mu.Unlock()
	e.got <- id
}

func (e *endings) wait(t *testing.T, id string) error {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case got := <-e.got:
			if got == id {
				e.mu.Lock()
				defer e.mu.Unlock()
				return e.errs[id]
			}
		case <-deadline:
			t.Fatalf("session %s never ended", id)
		}
	}
}

func TestManySessionsStartAndStop(t *testing.T) {
	ends := newEndings()
	table := NewTable(ends.record)
	for i := range 200 {
		if err := table.Start(fmt.Sprint(i), blocking{}); err != nil {
			t.Fatal(err)
		}
	}
	if table.Len() != 200 {
		t.Fatalf("running %d, want 200", table.Len())
	}
	if err := table.Start("7", blocking{}); !errors.Is(err, ErrRunning) {
		t.Fatalf("second start of a running id: %v, want ErrRunning", err)
	}
	if err := table.Stop(context.Background(), "7"); err != nil {
		t.Fatal(err)
	}
	if err := ends.wait(t, "7"); err != nil {
		t.Fatalf("a stopped session ended with %v", err)
	}
	if _, ok := table.Get("7"); ok {
		t.Fatal("a stopped session is still in the table")
	}
	table.StopAll(context.Background())
	if table.Len() != 0 {
		t.Fatalf("%d sessions left after StopAll", table.Len())
	}
}

func TestPanickingSessionLeavesOthersRunning(t *testing.T) {
	ends := newEndings()
	table := NewTable(ends.record)
	for _, id := range []string{"a", "b"} {
		if err := table.Start(id, blocking{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := table.Start("bad", panicking{}); err != nil {
		t.Fatal(err)
	}
	var p *Panic
	if err := ends.wait(t, "bad"); !errors.As(err, &p) || p.Value != "bug in one session" {
		t.Fatalf("the panic was reported as %v", err)
	}
	if table.Len() != 2 {
		t.Fatalf("running %d after one session panicked, want the other 2", table.Len())
	}
	if err := table.Start("bad", blocking{}); err != nil {
		t.Fatalf("the failed session's id cannot start again: %v", err)
	}
	if err := table.Stop(context.Background(), "missing"); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("stop of an unknown id: %v", err)
	}
}

func TestGuardRecoversAPanicInAnyGoroutine(t *testing.T) {
	err := Guard(func() error { var m map[string]int; m["x"] = 1; return nil })
	var p *Panic
	if !errors.As(err, &p) || p.Stack == "" {
		t.Fatalf("Guard returned %v", err)
	}
}
