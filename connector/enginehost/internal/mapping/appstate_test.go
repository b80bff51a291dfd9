package mapping

import (
	"testing"

	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/proto/waSyncAction"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func TestChatStatePatchesAreWhatsmeowsForEachState(t *testing.T) {
	chat := types.NewJID("447700900123", types.DefaultUserServer)
	cases := []struct {
		req   protocol.ChatState
		index string
		check func(v *waSyncAction.SyncActionValue) bool
	}{
		{protocol.ChatState{ChatStateFields: protocol.ChatStateFields{State: "archived", On: true}}, appstate.IndexArchive,
			func(v *waSyncAction.SyncActionValue) bool { return v.GetArchiveChatAction().GetArchived() }},
		{protocol.ChatState{ChatStateFields: protocol.ChatStateFields{State: "pinned", On: false}}, appstate.IndexPin,
			func(v *waSyncAction.SyncActionValue) bool { return !v.GetPinAction().GetPinned() }},
		{protocol.ChatState{ChatStateFields: protocol.ChatStateFields{State: "muted", On: true, MutedUntilMS: 1_893_456_000_000}}, appstate.IndexMute,
			func(v *waSyncAction.SyncActionValue) bool {
				return v.GetMuteAction().GetMuted() && v.GetMuteAction().GetMuteEndTimestamp() == 1_893_456_000_000
			}},
		{protocol.ChatState{ChatStateFields: protocol.ChatStateFields{State: "muted", On: true}}, appstate.IndexMute, // forever
			func(v *waSyncAction.SyncActionValue) bool { return v.GetMuteAction().GetMuteEndTimestamp() == -1 }},
		{protocol.ChatState{ChatStateFields: protocol.ChatStateFields{State: "muted", On: false}}, appstate.IndexMute,
			func(v *waSyncAction.SyncActionValue) bool { return !v.GetMuteAction().GetMuted() }},
		{protocol.ChatState{ChatStateFields: protocol.ChatStateFields{State: "unread", On: true}}, appstate.IndexMarkChatAsRead,
			func(v *waSyncAction.SyncActionValue) bool { return !v.GetMarkChatAsReadAction().GetRead() }},
	}
	for _, c := range cases {
		patch, ok := ChatStatePatch(chat, c.req)
		if !ok || len(patch.Mutations) == 0 {
			t.Fatalf("%+v: no patch", c.req)
		}
		first := patch.Mutations[0]
		if first.Index[0] != c.index || first.Index[1] != chat.String() || !c.check(first.Value) {
			t.Errorf("%+v: got %v %v", c.req, first.Index, first.Value)
		}
	}
	if _, ok := ChatStatePatch(chat, protocol.ChatState{ChatStateFields: protocol.ChatStateFields{State: "starred", On: true}}); ok {
		t.Error("an unknown state made a patch")
	}
}

func TestAppStateEventsOfAChatBecomeChatStateChanges(t *testing.T) {
	chat := types.NewJID("447700900123", types.DefaultUserServer)
	cases := []struct {
		evt  any
		want protocol.ChatStateChanged
	}{
		{&events.Archive{JID: chat, Action: &waSyncAction.ArchiveChatAction{Archived: proto.Bool(true)}},
			protocol.ChatStateChanged{ChatStateFields: protocol.ChatStateFields{Chat: chat.String(), State: "archived", On: true}}},
		{&events.Pin{JID: chat, Action: &waSyncAction.PinAction{Pinned: proto.Bool(false)}},
			protocol.ChatStateChanged{ChatStateFields: protocol.ChatStateFields{Chat: chat.String(), State: "pinned"}}},
		{&events.Mute{JID: chat, Action: &waSyncAction.MuteAction{Muted: proto.Bool(true), MuteEndTimestamp: proto.Int64(-1)}},
			protocol.ChatStateChanged{ChatStateFields: protocol.ChatStateFields{Chat: chat.String(), State: "muted", On: true}}},
		{&events.Mute{JID: chat, Action: &waSyncAction.MuteAction{Muted: proto.Bool(true), MuteEndTimestamp: proto.Int64(1_893_456_000_000)}},
			protocol.ChatStateChanged{ChatStateFields: protocol.ChatStateFields{Chat: chat.String(), State: "muted", On: true, MutedUntilMS: 1_893_456_000_000}}},
		{&events.MarkChatAsRead{JID: chat, Action: &waSyncAction.MarkChatAsReadAction{Read: proto.Bool(false)}},
			protocol.ChatStateChanged{ChatStateFields: protocol.ChatStateFields{Chat: chat.String(), State: "unread", On: true}}},
	}
	for _, c := range cases {
		got, ok := Other("s1", c.evt)
		c.want.Event = protocol.Event{Type: "chat_state", Session: "s1"}
		if !ok || got != c.want {
			t.Errorf("%T: got %+v, want %+v", c.evt, got, c.want)
		}
	}
}

func TestAnAddressBookEntryNamesItsPerson(t *testing.T) {
	person := types.NewJID("447700900123", types.DefaultUserServer)
	cases := []struct {
		action *waSyncAction.ContactAction
		want   string
	}{
		{&waSyncAction.ContactAction{FullName: proto.String("Olga Petrova"), FirstName: proto.String("Olga")}, "Olga Petrova"},
		{&waSyncAction.ContactAction{FirstName: proto.String("Olga")}, "Olga"},
		{&waSyncAction.ContactAction{}, ""}, // removed from the address book
	}
	for _, c := range cases {
		got, ok := Other("s1", &events.Contact{JID: person, Action: c.action})
		want := protocol.ContactName{Event: protocol.Event{Type: "contact_name", Session: "s1"},
			JID: person.String(), Name: c.want}
		if !ok || got != want {
			t.Errorf("%v: got %+v, want %+v", c.action, got, want)
		}
	}
}
