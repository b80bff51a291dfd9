package mapping

import (
	"encoding/json"
	"iter"
	"strings"

	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Bounds of one history frame: a sync chunk holds thousands of messages, and a frame
// must stay well under protocol.MaxFrame (a text alone may be 64 KiB).
const (
	HistoryFrameItems = 200
	historyFrameBytes = 512 << 10
)

// ParseWeb is whatsmeow's Client.ParseWebMessage: a history message as a live one.
type ParseWeb func(chat types.JID, m *waWeb.WebMessageInfo) (*events.Message, error)

// HistoryBatch is one frame's worth of a sync (the session adds its seq and waits).
type HistoryBatch struct {
	Messages  []protocol.MessageBody
	PushNames []protocol.PushName
	Last      bool
	Skipped   int // messages whatsmeow could not parse (no sender, say)
}

// SyncType is whatsmeow's name of a sync type, lower-case (initial_bootstrap, recent,
// full, push_name, on_demand, and any newer one).
func SyncType(t waHistorySync.HistorySync_HistorySyncType) string {
	return strings.ToLower(t.String())
}

// HistoryBatches yields a sync's messages and push names in frames of at most
// HistoryFrameItems messages (and as many push names), mapping each message only when its
// frame is built, so no more than one frame's mapped messages exist at a time. Every
// sync yields at least one frame, and the last has Last set.
func HistoryBatches(h *waHistorySync.HistorySync, parse ParseWeb) iter.Seq[HistoryBatch] {
	return func(yield func(HistoryBatch) bool) {
		var b batcher
		for _, conv := range h.GetConversations() {
			chat, err := types.ParseJID(conv.GetID())
			for _, m := range conv.GetMessages() {
				evt, parseErr := parse(chat, m.GetMessage())
				if err != nil || parseErr != nil {
					b.current.Skipped++
					continue
				}
				body := Body(evt)
				put := func(c *HistoryBatch) { c.Messages = append(c.Messages, body) }
				if !b.add(encodedSize(body), put, len(b.current.Messages), yield) {
					return
				}
			}
		}
		for _, p := range h.GetPushnames() {
			name := protocol.PushName{JID: p.GetID(), Name: p.GetPushname()}
			put := func(c *HistoryBatch) { c.PushNames = append(c.PushNames, name) }
			if !b.add(encodedSize(name), put, len(b.current.PushNames), yield) {
				return
			}
		}
		b.current.Last = true
		yield(b.current)
	}
}

type batcher struct {
	current HistoryBatch
	bytes   int
}

// add puts one item in the current frame, first yielding the frame when the item would
// not fit (count counts the item's own list); false when the consumer stopped.
func (b *batcher) add(size int, put func(*HistoryBatch), count int, yield func(HistoryBatch) bool) bool {
	if count >= HistoryFrameItems || (b.bytes > 0 && b.bytes+size > historyFrameBytes) {
		if !yield(b.current) {
			return false
		}
		b.current, b.bytes = HistoryBatch{}, 0
	}
	put(&b.current)
	b.bytes += size
	return true
}

// encodedSize is what an item adds to its frame (a vCard or a long text can be large).
func encodedSize(item any) int {
	body, _ := json.Marshal(item)
	return len(body) + 1 // its comma
}

// HistoryFrame is the event for one batch of a sync; empty lists are sent as [].
func HistoryFrame(session string, seq int64, h *waHistorySync.HistorySync, b HistoryBatch) protocol.History {
	f := protocol.History{Event: protocol.Event{Type: "history", Session: session}, Seq: seq,
		SyncType: SyncType(h.GetSyncType()), ChunkOrder: h.GetChunkOrder(), Progress: h.GetProgress(),
		Messages: b.Messages, PushNames: b.PushNames, Last: b.Last}
	if f.Messages == nil {
		f.Messages = []protocol.MessageBody{}
	}
	if f.PushNames == nil {
		f.PushNames = []protocol.PushName{}
	}
	return f
}
