package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

// fakeSession stands in for a whatsmeow session: it runs until stopped, answers sends,
// and panics when its start asked for it (PairPhone "panic").
type fakeSession struct {
	Session // requests a test does not fake: calling one panics (a bug, reported as failed)
	start   protocol.Start
	sending chan struct{} // a send blocks until this closes (nil: answers at once)
}

func (f *fakeSession) Run(ctx context.Context) error {
	if f.start.PairPhone == "panic" {
		panic("bug in this session")
	}
	if f.start.DeviceJID == "gone@s.whatsapp.net" {
		return fmt.Errorf("resume: %w", wa.ErrDeviceNotFound)
	}
	<-ctx.Done()
	return nil
}

func (f *fakeSession) Send(ctx context.Context, req protocol.Send) (protocol.SentMessage, error) {
	if f.sending != nil {
		<-f.sending
	}
	return protocol.SentMessage{MessageID: req.MessageID, TimestampMS: 42}, nil
}
func (f *fakeSession) Download(_ context.Context, req protocol.Download) (protocol.SavedFile, error) {
	return protocol.SavedFile{Path: req.Path, SizeBytes: 7}, nil
}
func (f *fakeSession) MarkRead(context.Context, protocol.MarkRead) error             { return nil }
func (f *fakeSession) SetPresence(context.Context, protocol.Presence) error          { return nil }
func (f *fakeSession) Logout(context.Context) error                                  { return nil }
func (f *fakeSession) SendChatPresence(context.Context, protocol.ChatPresence) error { return nil }
func (f *fakeSession) SetChatState(context.Context, protocol.ChatState) error        { return nil }
func (f *fakeSession) SubscribePresence(context.Context, protocol.SubscribePresence) error {
	return nil
}
func (f *fakeSession) CheckNumbers(context.Context, protocol.CheckNumbers) ([]protocol.NumberStatus, error) {
	return nil, nil
}

func newServer(sending chan struct{}, inFlight int) *Server {
	return &Server{
		NewSession: func(start protocol.Start, _ wa.Sink, _ *wa.Acks) Session {
			return &fakeSession{start: start, sending: sending}
		},
		Library: "test", QueueSize: 16, MaxInFlight: inFlight, StopTimeout: 5 * time.Second,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// listen serves srv on a Unix socket in a temporary directory.
func listen(t *testing.T, srv *Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "host.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = ln.Close() })
	return path
}

type client struct {
	t *testing.T
	net.Conn
}

func dial(t *testing.T, path string, version int) *client {
	t.Helper()
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	cl := &client{t: t, Conn: c}
	var hello protocol.Hello
	cl.read(&hello)
	if hello.Type != "hello" || hello.Version != protocol.Version || hello.Peer != "enginehost" ||
		hello.MaxInFlight < 1 {
		t.Fatalf("host's hello: %+v", hello)
	}
	cl.send(protocol.Hello{Type: "hello", Version: version, Peer: "connector"})
	return cl
}

func (c *client) send(message any) {
	c.t.Helper()
	if err := protocol.Encode(c, message); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) read(into any) string {
	c.t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	body, err := protocol.ReadFrame(c)
	if err != nil {
		c.t.Fatalf("reading a frame: %v", err)
	}
	if err := json.Unmarshal(body, into); err != nil {
		c.t.Fatal(err)
	}
	kind, _ := protocol.TypeOf(body)
	return kind
}

// call sends a request and returns its reply (no events are expected in between).
func (c *client) call(request any) protocol.Reply {
	c.t.Helper()
	c.send(request)
	var reply protocol.Reply
	if kind := c.read(&reply); kind != "reply" {
		c.t.Fatalf("got a %s frame, want the reply", kind)
	}
	return reply
}

func req(kind string, id int64, session string) protocol.Request {
	return protocol.Request{Type: kind, ID: id, Session: session}
}

func TestHelloWithAnotherVersionIsRefused(t *testing.T) {
	c := dial(t, listen(t, newServer(nil, 4)), protocol.Version+1)
	var refused Refused
	if kind := c.read(&refused); kind != "refused" || refused.Reason != "version" {
		t.Fatalf("got %s %+v", kind, refused)
	}
	if _, err := protocol.ReadFrame(c); !errors.Is(err, io.EOF) {
		t.Fatalf("the host kept the connection: %v", err)
	}
}

func TestASecondConnectorIsRefusedWhileOneIsServed(t *testing.T) {
	path := listen(t, newServer(nil, 4))
	first := dial(t, path, protocol.Version)
	first.call(protocol.Start{Request: req("start", 1, "s1")}) // the first is being served
	second, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	c := &client{t: t, Conn: second}
	var refused Refused
	if kind := c.read(&refused); kind != "refused" || refused.Reason != "busy" {
		t.Fatalf("got %s %+v", kind, refused)
	}
}

func TestRequestsAreAnsweredByID(t *testing.T) {
	c := dial(t, listen(t, newServer(nil, 4)), protocol.Version)
	if r := c.call(protocol.Start{Request: req("start", 1, "s1")}); r.ID != 1 || r.Error != nil {
		t.Fatalf("start: %+v", r)
	}
	if r := c.call(protocol.Start{Request: req("start", 2, "s1")}); r.Error == nil || r.Error.Code != CodeAlreadyRunning {
		t.Fatalf("second start: %+v", r)
	}
	send := protocol.Send{Request: req("send", 3, "s1"), Chat: "49151@s.whatsapp.net", MessageID: "WAGATE1",
		Content: protocol.Content{Kind: protocol.KindText, Text: "hi"}}
	if r := c.call(send); r.ID != 3 || r.Sent == nil || r.Sent.MessageID != "WAGATE1" {
		t.Fatalf("send: %+v", r)
	}
	download := protocol.Download{Request: req("download", 8, "s1"), Kind: protocol.KindImage,
		Ref: protocol.MediaRef{DirectPath: "/v/x"}, Path: "/tmp/in.jpg"}
	if r := c.call(download); r.ID != 8 || r.File == nil || r.File.Path != "/tmp/in.jpg" {
		t.Fatalf("download: %+v", r)
	}
	send.ID, send.Session = 4, "nobody"
	if r := c.call(send); r.Error == nil || r.Error.Code != CodeNotRunning {
		t.Fatalf("send to a session not running: %+v", r)
	}
	if r := c.call(req("teleport", 5, "s1")); r.ID != 5 || r.Error == nil || r.Error.Code != CodeUnknownRequest {
		t.Fatalf("unknown request: %+v", r)
	}
	if r := c.call(protocol.Stop{Request: req("stop", 6, "s1")}); r.Error != nil {
		t.Fatalf("stop: %+v", r)
	}
	if r := c.call(protocol.Stop{Request: req("stop", 7, "s1")}); r.Error == nil || r.Error.Code != CodeNotRunning {
		t.Fatalf("second stop: %+v", r)
	}
}

func TestPanickingSessionIsReportedAndOthersCarryOn(t *testing.T) {
	c := dial(t, listen(t, newServer(nil, 4)), protocol.Version)
	c.call(protocol.Start{Request: req("start", 1, "good")})
	c.send(protocol.Start{Request: req("start", 2, "bad"), PairPhone: "panic"})
	var failed protocol.SessionFailed
	for seen := 0; seen < 2; seen++ { // the reply and the event, in either order
		var frame map[string]any
		body := c.read(&frame)
		if body == "session_failed" {
			raw, _ := json.Marshal(frame)
			_ = json.Unmarshal(raw, &failed)
		}
	}
	if failed.Session != "bad" || failed.Code != "panic" || failed.Detail != "panic: bug in this session" {
		t.Fatalf("session_failed: %+v", failed)
	}
	send := protocol.Send{Request: req("send", 3, "good"), Chat: "1@s.whatsapp.net", MessageID: "M",
		Content: protocol.Content{Kind: protocol.KindText, Text: "still here"}}
	if r := c.call(send); r.Error != nil {
		t.Fatalf("the other session after the panic: %+v", r)
	}
}

func TestStartOfADeviceTheStoreLacksSaysSo(t *testing.T) {
	c := dial(t, listen(t, newServer(nil, 4)), protocol.Version)
	c.send(protocol.Start{Request: req("start", 1, "s1"), DeviceJID: "gone@s.whatsapp.net"})
	for {
		var failed protocol.SessionFailed
		if kind := c.read(&failed); kind == "session_failed" {
			if failed.Code != "device_not_found" {
				t.Fatalf("got %+v", failed)
			}
			return
		}
	}
}

// stopRecorder is a session that records when its stop arrived.
type stopRecorder struct {
	fakeSession
	stopped chan struct{}
}

func (r *stopRecorder) Run(ctx context.Context) error {
	<-ctx.Done()
	close(r.stopped)
	return nil
}

// The host's main closes the store after Serve returns: every session must have
// stopped by then, or its last writes would meet a closed pool.
func TestServeReturnsOnlyAfterTheSessionsStopped(t *testing.T) {
	session := &stopRecorder{stopped: make(chan struct{})}
	srv := newServer(nil, 4)
	srv.NewSession = func(protocol.Start, wa.Sink, *wa.Acks) Session { return session }
	path := filepath.Join(t.TempDir(), "host.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	c := dial(t, path, protocol.Version)
	if r := c.call(protocol.Start{Request: req("start", 1, "s1")}); r.Error != nil {
		t.Fatalf("start: %+v", r)
	}
	_ = ln.Close() // what main does on SIGTERM
	select {
	case err := <-served:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after its listener closed")
	}
	select {
	case <-session.stopped:
	default:
		t.Fatal("Serve returned while a session still ran")
	}
}
