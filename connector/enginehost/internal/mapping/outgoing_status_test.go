package mapping

import (
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func TestATextStatusIsAnExtendedTextOnABackgroundAndReadsBackAsText(t *testing.T) {
	m := buildTo(t, types.StatusBroadcastJID, wire(t, `{"kind":"text","text":"closed today"}`), nil, nil, nil)
	ext := m.GetExtendedTextMessage()
	if m.GetConversation() != "" || ext.GetText() != "closed today" ||
		ext.GetBackgroundArgb() != statusBackground || ext.GetTextArgb() != statusTextColour {
		t.Fatalf("a text status: %v", m)
	}
	if got := ContentOf(m); got.Kind != protocol.KindText || got.Text != "closed today" {
		t.Fatalf("a contact reads %+v", got)
	}
	// the same text to a chat stays a plain conversation message
	if plain := build(t, wire(t, `{"kind":"text","text":"hi"}`), nil, nil); plain.GetConversation() != "hi" {
		t.Fatalf("a text to a chat: %v", plain)
	}
}

func TestAPhotoStatusIsTheImageMessageAChatWouldGet(t *testing.T) {
	up := &whatsmeow.UploadResponse{URL: "https://mmg", DirectPath: "/v/1", FileLength: 9}
	image := wire(t, `{"kind":"image","media":{"mimetype":"image/jpeg","caption":"new bread"}}`)
	m := buildTo(t, types.StatusBroadcastJID, image, nil, nil, up)
	if m.GetImageMessage().GetCaption() != "new bread" || m.GetImageMessage().GetDirectPath() != "/v/1" {
		t.Fatalf("a photo status: %v", m)
	}
}
