package server

import (
	"database/sql"
	"fmt"
	"net"
	"runtime"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"go.mau.fi/whatsmeow/store/sqlstore"
	waLog "go.mau.fi/whatsmeow/util/log"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

// silentEndpoint accepts TCP connections and never answers: every session's websocket
// upgrade waits there, as against a network that dropped WhatsApp's answers.
func silentEndpoint(t *testing.T) (string, <-chan net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	accepted := make(chan net.Conn, 1000)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = c.Close() })
			accepted <- c
		}
	}()
	return ln.Addr().String(), accepted
}

// Real whatsmeow sessions, parked in connect, all end when the connector's connection
// does: nothing of theirs (client goroutines, pending dials) is left behind.
func TestConnectorGoneStopsRealSessionsAndLeavesNoGoroutines(t *testing.T) {
	addr, accepted := silentEndpoint(t)
	db, err := sql.Open("pgx", "postgres://unused.invalid/none") // new devices never reach it
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := sqlstore.NewWithDB(db, "postgres", nil)
	srv := newServer(nil, 8)
	srv.NewSession = func(start protocol.Start, sink wa.Sink, acks *wa.Acks) Session {
		return wa.NewSession(start, &wa.Shared{Store: store, Sink: sink, Acks: acks,
			AckDeadline: time.Second, Log: waLog.Noop, TestSocket: addr})
	}
	before := runtime.NumGoroutine()
	host, connector := net.Pipe()
	served := make(chan struct{})
	go func() { srv.serve(host); close(served) }()
	c := &client{t: t, Conn: connector}
	var hello protocol.Hello
	c.read(&hello)
	c.send(protocol.Hello{Type: "hello", Version: protocol.Version, Peer: "connector"})
	const sessions = 50
	for i := range sessions {
		if r := c.call(protocol.Start{Request: req("start", int64(i), fmt.Sprint("s", i))}); r.Error != nil {
			t.Fatalf("start %d: %+v", i, r)
		}
	}
	for range sessions {
		select {
		case <-accepted:
		case <-time.After(10 * time.Second):
			t.Fatal("not every session reached the endpoint")
		}
	}
	if parked := runtime.NumGoroutine() - before; parked < sessions {
		t.Fatalf("%d goroutines for %d parked sessions", parked, sessions)
	}
	_ = connector.Close() // the connector is gone
	select {
	case <-served:
	case <-time.After(10 * time.Second):
		t.Fatal("the host still serves a closed connection")
	}
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before },
		func() string {
			stacks := make([]byte, 1<<16)
			stacks = stacks[:runtime.Stack(stacks, true)]
			return fmt.Sprintf("%d goroutines left, %d before:\n%s", runtime.NumGoroutine(), before, stacks)
		})
}

// waitFor polls cond until it holds, for at most 10 s.
func waitFor(t *testing.T, cond func() bool, explain func() string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(explain())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
