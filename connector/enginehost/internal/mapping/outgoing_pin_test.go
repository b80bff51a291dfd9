package mapping

import (
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func TestAPinNamesTheMessageAndHowLongItStaysPinned(t *testing.T) {
	group := types.NewJID("120363025246125888", types.GroupServer)
	week := uint32(7 * 24 * 3600)
	pin := buildTo(t, alice, wire(t, `{"kind":"pin","messageId":"T4","durationS":604800}`), nil,
		&protocol.Quote{MessageID: "T4", Sender: alice.String()}, nil)
	p := pin.GetPinInChatMessage()
	if p.GetType() != waE2E.PinInChatMessage_PIN_FOR_ALL || p.GetKey().GetID() != "T4" ||
		p.GetKey().GetFromMe() || pin.GetMessageContextInfo().GetMessageAddOnDurationInSecs() != week {
		t.Fatalf("pin of someone else's message: %v", pin)
	}
	// in a group, someone else's message is named by its author too; 0 seconds unpins
	unpin := buildTo(t, group, wire(t, `{"kind":"pin","messageId":"T5","durationS":0}`), nil,
		&protocol.Quote{MessageID: "T5", Sender: alice.String()}, nil)
	u := unpin.GetPinInChatMessage()
	if u.GetType() != waE2E.PinInChatMessage_UNPIN_FOR_ALL || u.GetKey().GetParticipant() != alice.String() ||
		u.GetKey().GetRemoteJID() != group.String() {
		t.Fatalf("unpin in a group: %v", unpin)
	}
	mine := buildTo(t, alice, wire(t, `{"kind":"pin","messageId":"T6","durationS":86400}`), nil,
		&protocol.Quote{MessageID: "T6", Sender: own.String()}, nil)
	if !mine.GetPinInChatMessage().GetKey().GetFromMe() {
		t.Fatalf("pin of the session's own message: %v", mine)
	}
}
