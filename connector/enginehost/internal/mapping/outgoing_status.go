package mapping

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"
)

// A status update is a message to WhatsApp's status broadcast (whatsmeow's SendMessage
// to types.StatusBroadcastJID, which sends it to the account's contacts as its status
// privacy says). Photos and videos go as they would to a chat; text goes as WhatsApp's
// apps post it: an extended text on a coloured background, which is how the apps show
// a text status (a bare conversation message has no background to show it on).
const (
	statusBackground = 0xFF128C7E // WhatsApp's teal
	statusTextColour = 0xFFFFFFFF
)

func isStatus(chat types.JID) bool { return chat == types.StatusBroadcastJID }

func statusText(text string) *waE2E.Message {
	return &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
		Text:           proto.String(text),
		BackgroundArgb: proto.Uint32(statusBackground),
		TextArgb:       proto.Uint32(statusTextColour),
		Font:           waE2E.ExtendedTextMessage_SYSTEM.Enum(),
	}}
}
