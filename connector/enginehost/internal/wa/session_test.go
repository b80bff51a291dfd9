package wa

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	signallogger "go.mau.fi/libsignal/logger"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	waLog "go.mau.fi/whatsmeow/util/log"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// events collects what a session emits.
type sink chan any

func (s sink) Emit(_ context.Context, event any) error { s <- event; return nil }

func (s sink) next(t *testing.T) any {
	t.Helper()
	select {
	case e := <-s:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
		return nil
	}
}

func newTestSession(out sink, deadline time.Duration) *Session {
	return NewSession(protocol.Start{Request: protocol.Request{Session: "s1"}},
		&Shared{Sink: out, Acks: NewAcks(), AckDeadline: deadline, Log: waLog.Noop})
}

func incoming(id string) *events.Message {
	sender := types.NewJID("4915112345678", types.DefaultUserServer)
	return &events.Message{Info: types.MessageInfo{ID: id, Timestamp: time.Now(),
		MessageSource: types.MessageSource{Chat: sender, Sender: sender}},
		Message: &waE2E.Message{Conversation: proto.String("hi")}}
}

func TestMessageIsAcknowledgedOnlyAfterStored(t *testing.T) {
	out := make(sink, 4)
	s := newTestSession(out, 5*time.Second)
	handled := make(chan bool)
	go func() { handled <- s.handle(incoming("M1")) }()
	msg := out.next(t).(protocol.Message)
	select {
	case <-handled:
		t.Fatal("the handler returned (whatsmeow would ack) before stored")
	case <-time.After(50 * time.Millisecond):
	}
	s.shared.Acks.Stored("s1", msg.Seq+1) // another message's stored releases nothing
	s.shared.Acks.Stored("s1", msg.Seq)
	if !<-handled {
		t.Fatal("a stored message was reported as not handled: whatsmeow would not ack it")
	}
}

func TestMessageNotStoredInTimeDisconnectsInsteadOfAcking(t *testing.T) {
	out := make(sink, 4)
	s := newTestSession(out, 50*time.Millisecond)
	if s.handle(incoming("M2")) {
		t.Fatal("handled without stored: whatsmeow would ack a message the connector lacks")
	}
	out.next(t) // the message
	d, ok := out.next(t).(protocol.Disconnected)
	if !ok || d.Reason != "ack_deadline" || !strings.Contains(d.Detail, "M2") {
		t.Fatalf("got %+v", d)
	}
	select {
	case <-s.end:
	default:
		t.Fatal("the session goes on after a message it could not store")
	}
}

func TestPanicInAHandlerEndsOnlyThatSession(t *testing.T) {
	out := make(sink, 4)
	s := newTestSession(out, time.Second)
	// a Connected event reads the client, which this session never made: a nil
	// dereference, standing for any bug of the host in an event
	if s.handle(&events.Connected{}) {
		t.Fatal("a panicking handler reported success")
	}
	failed, ok := out.next(t).(protocol.SessionFailed)
	if !ok || !strings.Contains(failed.Detail, "*events.Connected") {
		t.Fatalf("got %+v", failed)
	}
}

// The test-only socket setting sends whatsmeow's websocket to a local server; here one
// that refuses the upgrade, so the attempt ends as connect_failed.
func TestTestSocketSettingPointsTheWebsocketAtALocalServer(t *testing.T) {
	requests := make(chan *http.Request, 1)
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests <- r
		http.Error(w, "not WhatsApp", http.StatusForbidden)
	}))
	defer fake.Close()
	out := make(sink, 4)
	s := unstoredSession(t, out, protocol.Start{}, strings.TrimPrefix(fake.URL, "http://"))
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	var r *http.Request
	select {
	case r = <-requests:
	case <-time.After(5 * time.Second):
		t.Fatal("the websocket never reached the local server")
	}
	if r.URL.Path != "/ws/chat" || r.Header.Get("Upgrade") != "websocket" {
		t.Fatalf("the local server got %s %s (Upgrade %q)", r.Method, r.URL, r.Header.Get("Upgrade"))
	}
	if d, ok := out.next(t).(protocol.Disconnected); !ok || d.Reason != ReasonConnectFailed {
		t.Fatalf("got %+v", d)
	}
}

// unstoredSession is a session of a new device whose store is never reached (pairing
// needs the database only once the phone linked it).
func unstoredSession(t *testing.T, out sink, start protocol.Start, testSocket string) *Session {
	t.Helper()
	db, err := sql.Open("pgx", "postgres://unused.invalid/none") // opened lazily, never used
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	start.Session = "s1"
	return NewSession(start, &Shared{Store: sqlstore.NewWithDB(db, "postgres", nil), Sink: out,
		Acks: NewAcks(), AckDeadline: time.Second, Log: waLog.Noop, TestSocket: testSocket})
}

// A stop while the websocket still waits for an answer ends the session quietly: the
// connector asked for the end, so no disconnected (or failure) is reported.
// silentEndpoint accepts one connection and never answers on it: a connect that hangs.
func silentEndpoint(t *testing.T) (addr string, accepted <-chan net.Conn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	conns := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			conns <- c
		}
	}()
	return ln.Addr().String(), conns
}

func TestStopDuringAConnectThatHangsReportsNothing(t *testing.T) {
	addr, accepted := silentEndpoint(t)
	out := make(sink, 4)
	s := unstoredSession(t, out, protocol.Start{}, addr)
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx) }()
	select {
	case c := <-accepted:
		defer c.Close()
	case <-time.After(5 * time.Second):
		t.Fatal("the session never dialled the local endpoint")
	}
	stop()
	select {
	case err := <-ran:
		if err != nil {
			t.Fatalf("a stopped session ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stop did not end the hanging connect")
	}
	select {
	case e := <-out:
		t.Fatalf("a stop reported %+v", e)
	default:
	}
}

// Health answers from what the session knows: a check of a session whose connect hangs
// (whatsmeow holds its socket lock meanwhile) must not wait for that connect.
func TestHealthOfASessionStillConnectingAnswersAtOnce(t *testing.T) {
	addr, accepted := silentEndpoint(t)
	s := unstoredSession(t, make(sink, 4), protocol.Start{}, addr)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go func() { _ = s.Run(ctx) }()
	select {
	case c := <-accepted:
		defer c.Close()
	case <-time.After(5 * time.Second):
		t.Fatal("the session never dialled the local endpoint")
	}
	answered := make(chan protocol.HealthStatus, 1)
	go func() { answered <- s.Health() }()
	select {
	case h := <-answered:
		if h.Connected || h.LoggedIn {
			t.Fatalf("a session still connecting reported %+v", h)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a health check waited for the hanging connect")
	}
}

// Pairing by phone asks WhatsApp for the code at the first QR item (whatsmeow's
// precondition) and shows no QR code; here the unconnected client's request fails.
func TestPairByPhoneAsksForTheCodeAtTheFirstQRItemAndShowsNoQR(t *testing.T) {
	out := make(sink, 4)
	s := unstoredSession(t, out, protocol.Start{PairPhone: "4915112345678"}, "")
	cli, err := s.newClient(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	items := make(chan whatsmeow.QRChannelItem, 2)
	items <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@x", Timeout: time.Minute}
	items <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@y", Timeout: time.Minute}
	close(items)
	s.forwardQR(context.Background(), cli, items)
	failed, ok := out.next(t).(protocol.PairFailed)
	if !ok || failed.Outcome != OutcomePairPhone || failed.Detail == "" {
		t.Fatalf("got %+v", failed)
	}
	select {
	case e := <-out:
		t.Fatalf("pairing by phone also reported %+v", e)
	default:
	}
}

// whatsmeow follows an unknown stream error with its own disconnect: one end, one event.
func TestAConnectionEndsWithOneEvent(t *testing.T) {
	out := make(sink, 4)
	s := newTestSession(out, time.Second)
	s.handle(&events.StreamError{Code: "999"})
	s.handle(&events.Disconnected{})
	if d, ok := out.next(t).(protocol.Disconnected); !ok || d.Reason != "stream_error" || d.Code != 999 {
		t.Fatalf("got %+v", d)
	}
	select {
	case e := <-out:
		t.Fatalf("a second end was reported: %+v", e)
	default:
	}
}

func TestDownloadRefusesWhatIsNotAnAttachmentBeforeAskingWhatsApp(t *testing.T) {
	s := newTestSession(make(sink, 1), time.Second) // no client: asking WhatsApp would fail otherwise
	for _, req := range []protocol.Download{
		{Kind: protocol.KindText, Ref: protocol.MediaRef{DirectPath: "/v/x"}, Path: "/tmp/x"},
		{Kind: protocol.KindImage, Path: "/tmp/x"},                             // no ref
		{Kind: protocol.KindImage, Ref: protocol.MediaRef{DirectPath: "/v/x"}}, // no path
	} {
		var refusal *Refusal
		if _, err := s.Download(context.Background(), req); !errors.As(err, &refusal) || refusal.Code != CodeBadRequest {
			t.Errorf("%+v: %v, want bad_request", req, err)
		}
	}
}

func TestDownloadFailuresNameWhetherTheMediaIsGoneOrWrong(t *testing.T) {
	cases := map[error]string{
		whatsmeow.ErrMediaDownloadFailedWith410: CodeMediaGone,
		whatsmeow.ErrMediaDownloadFailedWith404: CodeMediaGone,
		whatsmeow.ErrInvalidMediaSHA256:         CodeMediaInvalid,
		whatsmeow.ErrFileLengthMismatch:         CodeMediaInvalid,
		whatsmeow.ErrNotConnected:               CodeNotConnected,
		errors.New("connection reset"):          CodeFailed,
		refuse(CodeBadRequest, errors.New("x")): CodeBadRequest, // the host's own refusal stays
	}
	for cause, want := range cases {
		var refusal *Refusal
		err := downloadError(fmt.Errorf("failed to download media from last host: %w", cause))
		if !errors.As(err, &refusal) || refusal.Code != want {
			t.Errorf("%v: %v, want %s", cause, err, want)
		}
	}
}

// fullQueue is a connection whose outgoing queue stays full for message events: the
// connector stopped reading. Other events get through (the queue drained later).
type fullQueue struct{ sink }

func (f fullQueue) Emit(ctx context.Context, event any) error {
	if _, isMessage := event.(protocol.Message); isMessage {
		<-ctx.Done()
		return ctx.Err()
	}
	return f.sink.Emit(ctx, event)
}

// The ack deadline also bounds the wait for room in the queue: a message that never
// reached the connector is not acked either, and the session ends.
func TestMessageThatFindsNoRoomDisconnectsAtTheDeadline(t *testing.T) {
	out := make(sink, 4)
	s := NewSession(protocol.Start{Request: protocol.Request{Session: "s1"}},
		&Shared{Sink: fullQueue{out}, Acks: NewAcks(), AckDeadline: 50 * time.Millisecond, Log: waLog.Noop})
	handled := make(chan bool, 1)
	go func() { handled <- s.handle(incoming("M3")) }()
	select {
	case ok := <-handled:
		if ok {
			t.Fatal("a message the connector never got was reported handled: whatsmeow would ack it")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the handler still waits for room in the queue, past the ack deadline")
	}
	if d, ok := out.next(t).(protocol.Disconnected); !ok || d.Reason != "ack_deadline" {
		t.Fatalf("got %+v", d)
	}
}

// libsignal's logger is set once before any session makes its keys, so concurrent
// starts do not race on libsignal's lazy default (and nothing prints to stdout).
func TestLibsignalLogsThroughTheHostsLogSetBeforeAnySessionRuns(t *testing.T) {
	newTestSession(make(sink, 1), time.Second)
	if _, ok := signallogger.Logger.(signalLog); !ok {
		t.Fatalf("libsignal logs through %T", signallogger.Logger)
	}
}

// whatsmeow's defaults would reconnect by itself (acknowledging what that connection
// receives before the connector has it) and ack before the handlers ran: both off here.
func TestClientLeavesReconnectionToTheConnectorAndAcksOnlyAfterItsHandler(t *testing.T) {
	s := unstoredSession(t, make(sink, 1), protocol.Start{}, "")
	cli, err := s.newClient(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if cli.EnableAutoReconnect || !cli.SynchronousAck || !cli.EnableDecryptedEventBuffer {
		t.Fatalf("auto-reconnect %v, synchronous ack %v, decrypted event buffer %v",
			cli.EnableAutoReconnect, cli.SynchronousAck, cli.EnableDecryptedEventBuffer)
	}
}

func TestASendIsBoundedByItsDeadlineAndItsEndIsATimeout(t *testing.T) {
	ctx, cancel := sendContext(context.Background(), protocol.Send{DeadlineMS: 1})
	defer cancel()
	<-ctx.Done()
	var refusal *Refusal
	if !errors.As(classify(fmt.Errorf("sending: %w", ctx.Err())), &refusal) || refusal.Code != CodeTimeout {
		t.Fatalf("a send past its deadline is answered %v", refusal)
	}
	unbounded, cancel := sendContext(context.Background(), protocol.Send{})
	defer cancel()
	if _, bounded := unbounded.Deadline(); bounded {
		t.Fatal("a send without a deadline was given one")
	}
}

func TestASendCarriesWagatesMessageIDAndItsTimeout(t *testing.T) {
	extra := sendExtra(protocol.Send{MessageID: "3EB0WAGATE", TimeoutMS: 75_000})
	if extra.ID != "3EB0WAGATE" || extra.Timeout != 75*time.Second {
		t.Fatalf("whatsmeow is asked to send with %+v", extra)
	}
}
