package mapping

import (
	"fmt"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"
)

// A keep (wagate.content.Keep): keep a message of the chat for everyone in it, so it
// does not vanish with the chat's disappearing messages; keep false undoes it.
func init() { register("keep", keepMessage) }

// keepMessage is a keep as WhatsApp's apps send it (whatsmeow has no builder for one):
// the key of the message kept and whether it is kept or let go again.
func keepMessage(s Send) (*waE2E.Message, error) {
	k, err := fields[struct{ Keep *bool }](s, "keep")
	if err != nil || k.Keep == nil {
		return nil, fmt.Errorf("%w: a keep without keep (%v)", ErrBadContent, err)
	}
	key, err := targetKey(s, "keep")
	if err != nil {
		return nil, err
	}
	kind := waE2E.KeepType_KEEP_FOR_ALL
	if !*k.Keep {
		kind = waE2E.KeepType_UNDO_KEEP_FOR_ALL
	}
	return &waE2E.Message{KeepInChatMessage: &waE2E.KeepInChatMessage{Key: key, KeepType: kind.Enum(),
		TimestampMS: proto.Int64(time.Now().UnixMilli())}}, nil
}
