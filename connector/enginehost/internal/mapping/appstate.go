package mapping

import (
	"time"

	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// ChatStatePatch is whatsmeow's app-state patch for a chat's change; ok false for a
// state the protocol does not name. A mute with no end is WhatsApp's -1 (forever).
func ChatStatePatch(chat types.JID, req protocol.ChatState) (appstate.PatchInfo, bool) {
	switch req.State {
	case "archived":
		return appstate.BuildArchive(chat, req.On, time.Time{}, nil), true
	case "pinned":
		return appstate.BuildPin(chat, req.On), true
	case "muted":
		var end *int64
		if req.On && req.MutedUntilMS > 0 {
			end = &req.MutedUntilMS
		}
		return appstate.BuildMuteAbs(chat, req.On, end), true
	case "unread":
		return appstate.BuildMarkChatAsRead(chat, !req.On, time.Time{}, nil), true
	}
	return appstate.PatchInfo{}, false
}

// ChatStateOf maps whatsmeow's app-state events of a chat; ok false for other events.
func ChatStateOf(session string, evt any) (protocol.ChatStateChanged, bool) {
	change := protocol.ChatStateChanged{Event: protocol.Event{Type: "chat_state", Session: session}}
	switch e := evt.(type) {
	case *events.Archive:
		change.Chat, change.State, change.On = jid(e.JID), "archived", e.Action.GetArchived()
	case *events.Pin:
		change.Chat, change.State, change.On = jid(e.JID), "pinned", e.Action.GetPinned()
	case *events.Mute:
		change.Chat, change.State, change.On = jid(e.JID), "muted", e.Action.GetMuted()
		if end := e.Action.GetMuteEndTimestamp(); change.On && end > 0 {
			change.MutedUntilMS = end
		}
	case *events.MarkChatAsRead:
		change.Chat, change.State, change.On = jid(e.JID), "unread", !e.Action.GetRead()
	default:
		return change, false
	}
	return change, true
}

// ContactNameOf maps whatsmeow's address-book event: the full name, else the first.
func ContactNameOf(session string, e *events.Contact) protocol.ContactName {
	name := e.Action.GetFullName()
	if name == "" {
		name = e.Action.GetFirstName()
	}
	return protocol.ContactName{Event: protocol.Event{Type: "contact_name", Session: session},
		JID: jid(e.JID), LID: e.Action.GetLidJID(), Name: name}
}
