package mapping

import (
	"errors"
	"fmt"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// ErrBadTarget is a request addressed in a way WhatsApp would misread.
var ErrBadTarget = errors.New("bad target")

// ReadReceiptSender checks who a read receipt names: in a group WhatsApp needs the
// message's author as the participant (never the group, never nobody), and the author
// is kept as given, a LID staying a LID (a LID-only peer has no phone JID).
func ReadReceiptSender(chat, sender types.JID) (types.JID, error) {
	if chat.Server != types.GroupServer {
		return sender, nil
	}
	if sender.IsEmpty() || sender.Server == types.GroupServer {
		return types.EmptyJID, fmt.Errorf("%w: a read receipt in group %s names its author, not %q",
			ErrBadTarget, chat, sender)
	}
	return sender, nil
}

// HistoryAnchor is the oldest message the connector has of a chat, as whatsmeow's
// BuildHistorySyncRequest takes it.
func HistoryAnchor(req protocol.HistoryRequest, chat types.JID) *types.MessageInfo {
	return &types.MessageInfo{MessageSource: types.MessageSource{Chat: chat, IsFromMe: req.OldestFromMe,
		IsGroup: chat.Server == types.GroupServer},
		ID: req.OldestMessageID, Timestamp: time.UnixMilli(req.OldestTimestampMS)}
}
