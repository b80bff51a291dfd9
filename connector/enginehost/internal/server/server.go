package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/sessions"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

// Session is what the server asks of a session (wa.Session is the real one).
type Session interface {
	sessions.Session
	Send(ctx context.Context, req protocol.Send) (protocol.SentMessage, error)
	MarkRead(ctx context.Context, req protocol.MarkRead) error
	SetPresence(ctx context.Context, req protocol.Presence) error
	SubscribePresence(ctx context.Context, req protocol.SubscribePresence) error
	SendChatPresence(ctx context.Context, req protocol.ChatPresence) error
	SetChatState(ctx context.Context, req protocol.ChatState) error
	CheckNumbers(ctx context.Context, req protocol.CheckNumbers) ([]protocol.NumberStatus, error)
	Download(ctx context.Context, req protocol.Download) (protocol.SavedFile, error)
	Logout(ctx context.Context) error
	Health() protocol.HealthStatus
	ContactInfo(ctx context.Context, req protocol.ContactInfo) (protocol.Profile, error)
	LIDLookup(ctx context.Context, req protocol.LIDLookup) ([]protocol.LIDPair, error)
	HistoryRequest(ctx context.Context, req protocol.HistoryRequest) error
	GroupSession
	AccountSession
	ProfileSession
	ChannelSession
}

// GroupSession is the session's group requests.
type GroupSession interface {
	JoinedGroups(ctx context.Context) ([]protocol.Group, error)
	GroupInfo(ctx context.Context, req protocol.GroupInfo) (protocol.Group, error)
	CreateGroup(ctx context.Context, req protocol.CreateGroup) (protocol.Group, error)
	SetGroupSubject(ctx context.Context, req protocol.SetGroupSubject) error
	SetGroupDescription(ctx context.Context, req protocol.SetGroupDescription) error
	UpdateParticipants(ctx context.Context, req protocol.UpdateParticipants) ([]protocol.ParticipantOutcome, error)
	LeaveGroup(ctx context.Context, req protocol.LeaveGroup) error
	GroupInvite(ctx context.Context, req protocol.GroupInvite) (string, error)
	JoinGroup(ctx context.Context, req protocol.JoinGroup) (string, error)
	SetGroupSettings(ctx context.Context, req protocol.SetGroupSettings) error
	SetGroupPicture(ctx context.Context, req protocol.SetGroupPicture) (string, error)
	GroupRequests(ctx context.Context, req protocol.GroupRequests) ([]protocol.JoinRequest, error)
	AnswerGroupRequests(ctx context.Context, req protocol.AnswerGroupRequests) ([]protocol.ParticipantOutcome, error)
}

// Factory makes the session a start request asks for, reporting to sink.
type Factory func(start protocol.Start, sink wa.Sink, acks *wa.Acks) Session

// Server serves one connector at a time: its sessions live as long as its connection
// (the connector supervises the host and starts them again on a new one).
type Server struct {
	NewSession  Factory
	Library     string // whatsmeow's version, told in the hello
	QueueSize   int    // frames waiting for the connector, per connection
	MaxInFlight int    // requests handled at once; beyond it the host stops reading
	StopTimeout time.Duration
	Log         *slog.Logger
	busy        atomic.Bool
	mu          sync.Mutex
	active      net.Conn       // the connector's connection being served, if any
	serving     sync.WaitGroup // its goroutine
}

// Serve accepts connections until the listener closes; it then ends the connection
// being served and returns once its sessions have stopped (so the caller may close the
// store they write to).
func (s *Server) Serve(ln net.Listener) error {
	defer s.shutdown()
	for {
		c, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		} else if err != nil {
			return err
		}
		if !s.busy.CompareAndSwap(false, true) {
			_ = refuse(c, "busy", "the host already serves a connector")
			_ = c.Close()
			continue
		}
		s.mu.Lock()
		s.active = c
		s.mu.Unlock()
		s.serving.Add(1)
		go func() {
			defer s.serving.Done()
			defer s.busy.Store(false)
			s.serve(c)
		}()
	}
}

func (s *Server) shutdown() {
	s.mu.Lock()
	if s.active != nil {
		_ = s.active.Close() // ends its read loop, which stops its sessions
	}
	s.mu.Unlock()
	s.serving.Wait()
}

// serve runs one connection to its end, then stops the sessions it started.
func (s *Server) serve(raw net.Conn) {
	defer raw.Close()
	if err := greet(raw, s.Library, s.MaxInFlight); err != nil {
		s.Log.Warn("connector not served", "error", err)
		return
	}
	c := newConn(raw, s.QueueSize)
	defer c.close()
	go c.writeLoop()
	h := &handler{server: s, conn: c, acks: wa.NewAcks(), inFlight: make(chan struct{}, s.MaxInFlight)}
	h.table = sessions.NewTable(h.sessionEnded)
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), s.StopTimeout)
		defer cancel()
		h.table.StopAll(ctx)
	}()
	err := h.readLoop()
	s.Log.Info("connector gone", "error", err)
}
