// Package server serves the protocol on a Unix socket to one connector at a time.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"sync"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

var errClosed = errors.New("connection closed")

// conn is one connector's connection. Everything the host says goes through out, a
// bounded queue drained by one writer goroutine: when the connector stops reading, the
// socket's buffer fills, the writer blocks, the queue fills, and Emit blocks the
// session goroutines and whatsmeow handlers that call it (whatsmeow then stops reading
// its websocket). Memory stays bounded by the queue's length.
type conn struct {
	net.Conn
	out       chan []byte
	closed    chan struct{}
	closeOnce sync.Once
}

func newConn(c net.Conn, queue int) *conn {
	return &conn{Conn: c, out: make(chan []byte, queue), closed: make(chan struct{})}
}

// Emit queues one message for the connector, waiting while the queue is full.
func (c *conn) Emit(ctx context.Context, message any) error {
	body, err := json.Marshal(message)
	if err != nil {
		return err
	}
	select {
	case c.out <- body:
		return nil
	case <-c.closed:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *conn) writeLoop() {
	for {
		select {
		case body := <-c.out:
			if err := protocol.WriteFrame(c.Conn, body); err != nil {
				c.close()
				return
			}
		case <-c.closed:
			return
		}
	}
}

func (c *conn) close() {
	c.closeOnce.Do(func() {
		close(c.closed)
		_ = c.Conn.Close()
	})
}
