package mapping

import (
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"
)

// A pin (wagate.content.Pin): pin a message of the chat for everyone in it for
// durationS seconds; 0 unpins it.
func init() { register("pin", pinMessage) }

// pinMessage is a pin as WhatsApp's apps send it (whatsmeow has no builder for one): the
// key of the message pinned, and how long it stays pinned in the message's context.
func pinMessage(s Send) (*waE2E.Message, error) {
	p, err := fields[struct{ DurationS uint32 }](s, "pin")
	if err != nil {
		return nil, err
	}
	key, err := targetKey(s, "pin")
	if err != nil {
		return nil, err
	}
	kind := waE2E.PinInChatMessage_PIN_FOR_ALL
	if p.DurationS == 0 {
		kind = waE2E.PinInChatMessage_UNPIN_FOR_ALL
	}
	return &waE2E.Message{
		PinInChatMessage: &waE2E.PinInChatMessage{Key: key, Type: kind.Enum(),
			SenderTimestampMS: proto.Int64(time.Now().UnixMilli())},
		MessageContextInfo: &waE2E.MessageContextInfo{MessageAddOnDurationInSecs: proto.Uint32(p.DurationS)},
	}, nil
}
