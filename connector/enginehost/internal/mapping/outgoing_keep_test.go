package mapping

import (
	"errors"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func TestAKeepNamesTheMessageAndWhetherItIsKept(t *testing.T) {
	kept := buildTo(t, alice, wire(t, `{"kind":"keep","messageId":"K1","keep":true}`), nil,
		&protocol.Quote{MessageID: "K1", Sender: alice.String()}, nil)
	k := kept.GetKeepInChatMessage()
	if k.GetKeepType() != waE2E.KeepType_KEEP_FOR_ALL || k.GetKey().GetID() != "K1" ||
		k.GetKey().GetFromMe() || k.GetTimestampMS() == 0 {
		t.Fatalf("keep of someone else's message: %v", kept)
	}
	// in a group, the message is named by its author too; keep false undoes it
	group := types.NewJID("120363025246125888", types.GroupServer)
	undone := buildTo(t, group, wire(t, `{"kind":"keep","messageId":"K2","keep":false}`), nil,
		&protocol.Quote{MessageID: "K2", Sender: alice.String()}, nil)
	u := undone.GetKeepInChatMessage()
	if u.GetKeepType() != waE2E.KeepType_UNDO_KEEP_FOR_ALL || u.GetKey().GetParticipant() != alice.String() ||
		u.GetKey().GetRemoteJID() != group.String() {
		t.Fatalf("undo keep in a group: %v", undone)
	}
	mine := buildTo(t, alice, wire(t, `{"kind":"keep","messageId":"K3","keep":true}`), nil,
		&protocol.Quote{MessageID: "K3", Sender: own.String()}, nil)
	if !mine.GetKeepInChatMessage().GetKey().GetFromMe() {
		t.Fatalf("keep of the session's own message: %v", mine)
	}
	for _, bad := range []string{`{"kind":"keep","messageId":"K4"}`, `{"kind":"keep","messageId":"K4","keep":"yes"}`} {
		target := &protocol.Quote{MessageID: "K4", Sender: alice.String()}
		if _, err := Outgoing(client(), alice, wire(t, bad), nil, target, nil); !errors.Is(err, ErrBadContent) {
			t.Errorf("%s: %v, want ErrBadContent", bad, err)
		}
	}
	if _, err := Outgoing(client(), alice, wire(t, `{"kind":"keep","messageId":"K5","keep":true}`), nil, nil, nil); !errors.Is(err, ErrBadContent) {
		t.Errorf("a keep without its target: %v, want ErrBadContent", err)
	}
}
