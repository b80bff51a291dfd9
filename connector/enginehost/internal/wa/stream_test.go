package wa

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/mapping"
	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// withClient gives the session a whatsmeow client logged in as a device (no connection).
func withClient(s *Session) *Session {
	own := types.JID{User: "4930123456", Server: types.DefaultUserServer, Device: 3}
	s.client.Store(whatsmeow.NewClient(&store.Device{ID: &own}, nil))
	return s
}

func historySync(n int) *events.HistorySync {
	chat := "4915112345678@s.whatsapp.net"
	conv := &waHistorySync.Conversation{ID: proto.String(chat)}
	for i := range n {
		conv.Messages = append(conv.Messages, &waHistorySync.HistorySyncMsg{Message: &waWeb.WebMessageInfo{
			Key:              &waCommon.MessageKey{ID: proto.String(fmt.Sprintf("H%d", i))},
			MessageTimestamp: proto.Uint64(1_765_000_000),
			Message:          &waE2E.Message{Conversation: proto.String("old")}}})
	}
	return &events.HistorySync{Data: &waHistorySync.HistorySync{SyncType: waHistorySync.HistorySync_FULL.Enum(),
		ChunkOrder: proto.Uint32(2), Conversations: []*waHistorySync.Conversation{conv}}}
}

func TestHistoryIsStreamedOneStoredFrameAtATime(t *testing.T) {
	out := make(sink, 8)
	s := withClient(newTestSession(out, 5*time.Second))
	handled := make(chan bool)
	go func() { handled <- s.handle(historySync(450)) }()
	var sizes []int
	for range 3 {
		frame := out.next(t).(protocol.History)
		sizes = append(sizes, len(frame.Messages))
		select {
		case e := <-out:
			t.Fatalf("a second frame (%T) before the first was stored: the sync is not paced by the connector", e)
		case <-time.After(30 * time.Millisecond):
		}
		if frame.SyncType != "full" || frame.ChunkOrder != 2 || frame.Last != (len(sizes) == 3) {
			t.Fatalf("frame %d: %+v", len(sizes), frame)
		}
		s.shared.Acks.Stored("s1", frame.Seq)
	}
	if !<-handled || fmt.Sprint(sizes) != "[200 200 50]" {
		t.Fatalf("frames of %v", sizes)
	}
}

func TestHistoryFrameNotStoredInTimeEndsTheSession(t *testing.T) {
	out := make(sink, 8)
	s := withClient(newTestSession(out, 50*time.Millisecond))
	if s.handle(historySync(3)) {
		t.Fatal("a frame never stored was reported handled")
	}
	out.next(t) // the frame
	if d, ok := out.next(t).(protocol.Disconnected); !ok || d.Reason != mapping.ReasonAckDeadline {
		t.Fatalf("got %+v, want the ack deadline's disconnect", d)
	}
}

func TestHealthReportsTheLastKeepAliveWithoutAskingWhatsApp(t *testing.T) {
	out := make(sink, 8)
	s := newTestSession(out, time.Second)
	if h := s.Health(); h.Connected || h.LoggedIn || !h.KeepAliveOK || h.LastKeepAliveMS != 0 {
		t.Fatalf("before any client or keep-alive: %+v", h)
	}
	lastSuccess := time.UnixMilli(1_765_000_000_123)
	s.handle(&events.KeepAliveTimeout{ErrorCount: 2, LastSuccess: lastSuccess})
	if h := s.Health(); h.KeepAliveOK || h.LastKeepAliveMS != lastSuccess.UnixMilli() {
		t.Fatalf("after a timeout: %+v", h)
	}
	if k, ok := out.next(t).(protocol.KeepAlive); !ok || k.State != "timeout" {
		t.Fatalf("the keepalive event still goes out: %+v", k)
	}
	s.handle(&events.KeepAliveRestored{})
	if h := s.Health(); !h.KeepAliveOK || h.LastKeepAliveMS <= lastSuccess.UnixMilli() {
		t.Fatalf("after restored: %+v", h)
	}
	if h := withClient(s).Health(); h.Connected || h.LoggedIn {
		t.Fatalf("a client of a paired device, never connected: %+v", h)
	}
}

func TestGroupErrorsAreNamedByWhatsmeowsSentinelsAndStatus(t *testing.T) {
	cases := map[error]string{
		whatsmeow.ErrGroupNotFound:                                   CodeGroupNotFound,
		fmt.Errorf("get: %w", whatsmeow.ErrNotInGroup):               CodeGroupNotFound,
		&whatsmeow.IQError{Code: 404, Text: "item-not-found"}:        CodeGroupNotFound,
		&whatsmeow.IQError{Code: 403, Text: "forbidden"}:             CodeNotGroupAdmin,
		&whatsmeow.IQError{Code: 401, Text: "not-authorized"}:        CodeNotGroupAdmin,
		whatsmeow.ErrGroupInviteLinkUnauthorized:                     CodeNotGroupAdmin,
		whatsmeow.ErrInviteLinkRevoked:                               CodeInviteNotFound,
		fmt.Errorf("join: %w", whatsmeow.ErrInviteLinkInvalid):       CodeInviteNotFound,
		whatsmeow.ErrIQRateOverLimit:                                 CodeRateOverlimit,
		whatsmeow.ErrNotConnected:                                    CodeNotConnected,
		&whatsmeow.IQError{Code: 500, Text: "internal-server-error"}: CodeFailed,
	}
	for err, want := range cases {
		var refusal *Refusal
		if got := groupError(err); !errors.As(got, &refusal) || refusal.Code != want {
			t.Errorf("%v: %v, want %s", err, got, want)
		}
	}
}

func TestGroupAdministrationRefusalsNameTheImageAndTheTimer(t *testing.T) {
	cases := map[error]string{
		fmt.Errorf("set: %w", whatsmeow.ErrInvalidImageFormat):       CodeInvalidImage,
		fmt.Errorf("set: %w", whatsmeow.ErrInvalidDisappearingTimer): CodeBadRequest,
		&whatsmeow.IQError{Code: 403, Text: "forbidden"}:             CodeNotGroupAdmin,
	}
	for err, want := range cases {
		var refusal *Refusal
		if got := groupError(groupAdminError(err)); !errors.As(got, &refusal) || refusal.Code != want {
			t.Errorf("%v: %v, want %s", err, got, want)
		}
	}
	if _, err := settingChanges(protocol.GroupSettings{DisappearingS: ptr(uint32(3600))}); err == nil {
		t.Error("a one-hour timer was accepted")
	}
	mode := "all_member_add"
	changes, err := settingChanges(protocol.GroupSettings{Announce: ptr(true), MemberAddMode: &mode})
	if err != nil || len(changes) != 2 {
		t.Errorf("two settings: %d changes, %v", len(changes), err)
	}
}

func ptr[T any](v T) *T { return &v }
