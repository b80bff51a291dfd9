package server

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"
	"time"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// net.Pipe has no buffer: a write waits for the other end to read, so these tests see
// exactly when each side would block.

func TestEmitWaitsWhenTheConnectorStopsReading(t *testing.T) {
	host, connector := net.Pipe()
	defer connector.Close()
	c := newConn(host, 2)
	defer c.close()
	go c.writeLoop()
	event := protocol.Event{Type: "keepalive", Session: "s1"}
	// one frame held by the writer (blocked on the pipe), two in the queue
	for i := range 3 {
		if err := c.Emit(context.Background(), event); err != nil {
			t.Fatalf("emit %d: %v", i, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := c.Emit(ctx, event); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a fourth event was queued while nobody reads: %v", err)
	}
	for i := range 3 { // the connector reads again: everything queued arrives
		if _, err := protocol.ReadFrame(connector); err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
	}
	if err := c.Emit(context.Background(), event); err != nil {
		t.Fatalf("emit after the connector read: %v", err)
	}
}

func TestHostStopsReadingWhileMaxInFlightRequestsRun(t *testing.T) {
	release := make(chan struct{})
	srv := newServer(release, 1)
	host, connector := net.Pipe()
	defer connector.Close()
	go srv.serve(host)
	c := &client{t: t, Conn: connector}
	var hello protocol.Hello
	c.read(&hello)
	c.send(protocol.Hello{Type: "hello", Version: protocol.Version, Peer: "connector"})
	c.call(protocol.Start{Request: req("start", 1, "s1")})
	send := protocol.Send{Request: req("send", 2, "s1"), Chat: "1@s.whatsapp.net", MessageID: "M",
		Content: protocol.Content{Kind: protocol.KindText, Text: "x"}}
	c.send(send) // taken: blocks in the session until release
	send.ID = 3
	c.send(send) // read, waits for the one slot
	_ = connector.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
	send.ID = 4
	if err := protocol.Encode(connector, send); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the host read a third request with one slot busy: %v", err)
	}
	close(release)
	for _, id := range []int64{2, 3} {
		var reply protocol.Reply
		c.read(&reply)
		if reply.ID != id || reply.Error != nil {
			t.Fatalf("reply %+v, want request %d answered", reply, id)
		}
	}
}
