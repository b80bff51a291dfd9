package wa

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	waLog "go.mau.fi/whatsmeow/util/log"

	"github.com/wagate/wagate/connector/enginehost/internal/mapping"
	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Sink takes the session's events to the connector. Emit blocks while the connection's
// outgoing queue is full: that is the back-pressure that slows whatsmeow's reading.
type Sink interface {
	Emit(ctx context.Context, event any) error
}

// Shared is what every session of the host uses.
type Shared struct {
	Store       *sqlstore.Container
	Sink        Sink
	Acks        *Acks
	AckDeadline time.Duration // how long a message event waits for stored
	Log         waLog.Logger
	TestSocket  string // tests only: host:port standing in for WhatsApp's websocket
}

// Session is one start request's connection; it ends with that connection (the
// connector decides whether to start it again).
type Session struct {
	id     string
	start  protocol.Start
	shared *Shared
	client atomic.Pointer[whatsmeow.Client]
	// the client's HTTP transport, set with the client in Run's goroutine
	transport *http.Transport
	seq       atomic.Int64
	keepAlive atomic.Pointer[keepAlive] // the last keep-alive event's news, for Health
	// between the connected event and the session's end: whatsmeow's IsConnected takes
	// the socket lock a hanging Connect holds, so Health reads this instead
	online  atomic.Bool
	retries retryWaiters  // downloads waiting for the phone to upload media again
	end     chan struct{} // closed on the first event that ends the connection
	ending  sync.Once
}

func NewSession(start protocol.Start, shared *Shared) *Session {
	setSignalLog(shared.Log)
	return &Session{id: start.Session, start: start, shared: shared, end: make(chan struct{})}
}

// ErrDeviceNotFound: start named a device JID the store does not hold.
var ErrDeviceNotFound = errors.New("device not found in the store")

// Run connects (resuming or pairing) and holds the connection until a stop or its end.
func (s *Session) Run(ctx context.Context) error {
	cli, err := s.newClient(ctx)
	if err != nil {
		return err
	}
	s.client.Store(cli)
	defer s.transport.CloseIdleConnections() // after the disconnect below
	defer cli.Disconnect()
	defer s.finish() // releases a handler still waiting for stored: not acked
	if cli.Store.ID == nil {
		err = s.pair(ctx, cli)
	} else {
		err = cli.ConnectContext(ctx)
	}
	if ctx.Err() != nil {
		return nil // a stop, even one that cut the connect short: no event follows
	}
	if err != nil {
		s.endWith(protocol.Disconnected{Event: s.event("disconnected"),
			Reason: connectFailure(err), Detail: err.Error()})
		return nil
	}
	select {
	case <-ctx.Done():
	case <-s.end:
	}
	return nil
}

// ReasonConnectFailed: the websocket or the handshake failed before login.
const ReasonConnectFailed = "connect_failed"

// connectFailure is the reason of a connect that failed: the proxy's, when it was the
// proxy that gave no connection.
func connectFailure(err error) string {
	var proxyErr *ProxyError
	if errors.As(err, &proxyErr) {
		return proxyErr.Reason
	}
	return ReasonConnectFailed
}

func (s *Session) newClient(ctx context.Context) (*whatsmeow.Client, error) {
	device := s.shared.Store.NewDevice()
	if s.start.DeviceJID != "" {
		jid, err := types.ParseJID(s.start.DeviceJID)
		if err != nil {
			return nil, fmt.Errorf("device_jid: %w", err)
		}
		if device, err = s.shared.Store.GetDevice(ctx, jid); err != nil {
			return nil, err
		} else if device == nil {
			return nil, ErrDeviceNotFound
		}
	}
	cli := whatsmeow.NewClient(device, s.shared.Log.Sub(s.id))
	cli.EnableAutoReconnect = false // the connector owns reconnection
	cli.SynchronousAck = true       // ack a message only after the connector stored it
	// a message whose handler failed is redelivered by WhatsApp after the ratchet has
	// moved on; the buffer keeps its plaintext so it can still be read then
	cli.EnableDecryptedEventBuffer = true
	var proxy *ProxyDialer
	if s.start.Proxy != "" {
		var err error
		if proxy, err = NewProxyDialer(s.start.Proxy); err != nil {
			return nil, err // never a direct connection in its place
		}
	}
	s.transport = useOwnTransport(cli, s.shared.TestSocket, proxy)
	cli.AddEventHandlerWithSuccessStatus(s.handle)
	return cli, nil
}

// pair connects an unpaired device and reports QR codes (or the phone code) until the
// QR channel ends; a stop cancels ctx, which ends the channel too.
func (s *Session) pair(ctx context.Context, cli *whatsmeow.Client) error {
	items, err := cli.GetQRChannel(ctx)
	if err != nil {
		return err
	}
	if err := cli.ConnectContext(ctx); err != nil {
		return err
	}
	go s.guarded("the QR channel", func() { s.forwardQR(ctx, cli, items) })
	return nil
}

// forwardQR drains whatsmeow's QR channel (it closes the channel when a send to it
// would block). Pairing by phone asks for the code at the first QR item, as whatsmeow
// requires (the pairing handshake is only then set up), and shows no QR codes.
func (s *Session) forwardQR(ctx context.Context, cli *whatsmeow.Client, items <-chan whatsmeow.QRChannelItem) {
	byPhone, asked := s.start.PairPhone != "", false
	for item := range items {
		if byPhone && item.Event == whatsmeow.QRChannelEventCode {
			if !asked {
				asked = true
				s.askPairCode(ctx, cli)
			}
			continue
		}
		event := mapping.QRItem(s.id, item)
		if event == nil {
			continue
		}
		if _, failed := event.(protocol.PairFailed); failed {
			s.endWith(event)
		} else {
			_ = s.emit(ctx, event)
		}
	}
}

// askPairCode reports the code the user types on the phone, or ends the pairing.
func (s *Session) askPairCode(ctx context.Context, cli *whatsmeow.Client) {
	code, err := cli.PairPhone(ctx, s.start.PairPhone, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
	if err != nil {
		s.endWith(protocol.PairFailed{Event: s.event("pair_failed"), Outcome: OutcomePairPhone,
			Detail: err.Error()})
		return
	}
	_ = s.emit(ctx, protocol.PairCode{Event: s.event("pair_code"), Code: code})
}

// OutcomePairPhone: WhatsApp refused to give a pairing code (a malformed number, say).
const OutcomePairPhone = "pair_phone_refused"

func (s *Session) event(kind string) protocol.Event {
	return protocol.Event{Type: kind, Session: s.id}
}

func (s *Session) emit(ctx context.Context, event any) error {
	return s.shared.Sink.Emit(ctx, event)
}

// finish ends Run: the connection is over and the connector decides what next.
func (s *Session) finish() { s.ending.Do(func() { close(s.end) }) }

// endWith ends Run and reports the event that ended the connection; only the first
// such event is reported (a stream error is followed by whatsmeow's own disconnect).
// Run ends first, so a full outgoing queue cannot hold the session open; the event then
// waits for room, or for the connection's end (hence no session context).
func (s *Session) endWith(event any) {
	first := false
	s.ending.Do(func() { first = true; close(s.end) })
	s.online.Store(false)
	if first {
		_ = s.emit(context.Background(), event)
	}
}

// Client is the session's whatsmeow client, nil before Run made it.
func (s *Session) Client() *whatsmeow.Client { return s.client.Load() }
