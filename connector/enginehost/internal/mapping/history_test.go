package mapping

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func webMessage(id, participant, text string) *waHistorySync.HistorySyncMsg {
	return &waHistorySync.HistorySyncMsg{Message: &waWeb.WebMessageInfo{
		Key:              &waCommon.MessageKey{ID: proto.String(id), Participant: optional(participant)},
		MessageTimestamp: proto.Uint64(1_765_000_000),
		Message:          &waE2E.Message{Conversation: proto.String(text)},
	}}
}

func conversation(chat string, n int, participant, text string) *waHistorySync.Conversation {
	conv := &waHistorySync.Conversation{ID: proto.String(chat)}
	for i := range n {
		conv.Messages = append(conv.Messages, webMessage(fmt.Sprintf("%s-%d", chat, i), participant, text))
	}
	return conv
}

func frames(t *testing.T, h *waHistorySync.HistorySync) []HistoryBatch {
	t.Helper()
	var out []HistoryBatch
	for b := range HistoryBatches(h, client().ParseWebMessage) {
		out = append(out, b)
		body, _ := json.Marshal(protocol.History{Messages: b.Messages, PushNames: b.PushNames})
		if len(body) > protocol.MaxFrame/2 {
			t.Errorf("a frame of %d bytes: too close to the frame limit", len(body))
		}
	}
	return out
}

func TestHistorySyncIsStreamedInBoundedFrames(t *testing.T) {
	h := &waHistorySync.HistorySync{SyncType: waHistorySync.HistorySync_RECENT.Enum(),
		Conversations: []*waHistorySync.Conversation{
			conversation(alice.String(), 300, "", "hi"),
			conversation(group.String(), 150, aliceLID.String(), "in the group"),
			conversation(group.String(), 1, "", "no sender: whatsmeow cannot parse it"),
		},
		Pushnames: []*waHistorySync.Pushname{{ID: proto.String(alice.String()), Pushname: proto.String("Alice")}}}
	got := frames(t, h)
	var sizes []int
	total := 0
	for i, f := range got {
		sizes = append(sizes, len(f.Messages))
		total += len(f.Messages)
		if f.Last != (i == len(got)-1) {
			t.Errorf("frame %d of %d: last=%v", i, len(got), f.Last)
		}
	}
	if fmt.Sprint(sizes) != "[200 200 50]" || total != 450 {
		t.Fatalf("frames of %v messages", sizes)
	}
	inGroup := got[1].Messages[100]
	if inGroup.Chat != group.String() || inGroup.Sender != aliceLID.String() || !inGroup.Flags.Group ||
		inGroup.Content.Text != "in the group" || inGroup.TimestampMS != 1_765_000_000_000 {
		t.Fatalf("a group message from history: %+v", inGroup)
	}
	last := got[2]
	if last.Skipped != 1 || len(last.PushNames) != 1 || last.PushNames[0] != (protocol.PushName{JID: alice.String(), Name: "Alice"}) {
		t.Fatalf("last frame: %+v skipped, names %+v", last.Skipped, last.PushNames)
	}
	if SyncType(h.GetSyncType()) != "recent" || SyncType(waHistorySync.HistorySync_ON_DEMAND) != "on_demand" ||
		SyncType(waHistorySync.HistorySync_INITIAL_BOOTSTRAP) != "initial_bootstrap" {
		t.Fatal("sync types not named as whatsmeow does, lower-case")
	}
}

func TestHistoryFramesStayUnderTheFrameLimitWithLongMessages(t *testing.T) {
	long := strings.Repeat("\"ü", 20_000) // 60 KB of text that JSON escapes into more
	got := frames(t, &waHistorySync.HistorySync{Conversations: []*waHistorySync.Conversation{
		conversation(alice.String(), 40, "", long)}})
	n := 0
	for _, f := range got {
		n += len(f.Messages)
	}
	if n != 40 || len(got) < 2 {
		t.Fatalf("%d messages in %d frames", n, len(got))
	}
}

func TestAnEmptySyncStillSendsItsLastFrame(t *testing.T) {
	got := frames(t, &waHistorySync.HistorySync{SyncType: waHistorySync.HistorySync_PUSH_NAME.Enum()})
	if len(got) != 1 || !got[0].Last {
		t.Fatalf("got %+v", got)
	}
}

func TestHistoryFrameNamesItsChunk(t *testing.T) {
	h := &waHistorySync.HistorySync{SyncType: waHistorySync.HistorySync_FULL.Enum(),
		ChunkOrder: proto.Uint32(3), Progress: proto.Uint32(42)}
	body, _ := json.Marshal(HistoryFrame("s1", 9, h, HistoryBatch{Last: true}))
	want := `{"type":"history","session":"s1","seq":9,"sync_type":"full","chunk_order":3,"progress":42,"messages":[],"push_names":[],"last":true}`
	if string(body) != want {
		t.Fatalf("got  %s\nwant %s", body, want)
	}
}

// BenchmarkHistoryBatches maps a sync of 1 000 short messages into frames.
func BenchmarkHistoryBatches(b *testing.B) {
	h := &waHistorySync.HistorySync{Conversations: []*waHistorySync.Conversation{
		conversation(alice.String(), 1000, "", "a message of ordinary length, about fifty chars")}}
	parse := client().ParseWebMessage
	b.ReportAllocs()
	for b.Loop() {
		for range HistoryBatches(h, parse) {
		}
	}
}
