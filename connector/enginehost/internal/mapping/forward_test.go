package mapping

import (
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func isForwarded(ctx *waE2E.ContextInfo) bool {
	return ctx.GetIsForwarded() && ctx.GetForwardingScore() == forwardingScore
}

func TestAForwardIsMarkedForwardedWhateverItsKind(t *testing.T) {
	text := build(t, wire(t, `{"kind":"text","text":"fwd","forwarded":true}`), nil, nil)
	if !isForwarded(text.GetExtendedTextMessage().GetContextInfo()) || text.GetExtendedTextMessage().GetText() != "fwd" {
		t.Fatalf("a forwarded text: %v", text)
	}
	place := build(t, wire(t, `{"kind":"location","latitude":1.5,"longitude":2.5,"forwarded":true}`), nil, nil)
	if !isForwarded(place.GetLocationMessage().GetContextInfo()) {
		t.Fatalf("a forwarded location: %v", place)
	}
	cards := build(t, wire(t, `{"kind":"contacts","cards":[{"displayName":"A","vcard":"V"}],"forwarded":true}`), nil, nil)
	if !isForwarded(cards.GetContactMessage().GetContextInfo()) {
		t.Fatalf("forwarded contacts: %v", cards)
	}
	up := &whatsmeow.UploadResponse{URL: "https://mmg.example/x", DirectPath: "/v/x", FileLength: 9}
	image := build(t, protocol.Content{Kind: protocol.KindImage, Media: &protocol.Media{
		Path: "/tmp/i", Mimetype: "image/png", Forwarded: true}}, nil, up)
	if !isForwarded(image.GetImageMessage().GetContextInfo()) {
		t.Fatalf("a forwarded image: %v", image)
	}
	// not a forward: no mark, and a plain text stays a conversation
	if plain := build(t, wire(t, `{"kind":"text","text":"hi","forwarded":false}`), nil, nil); plain.GetConversation() != "hi" {
		t.Fatalf("a text not forwarded: %v", plain)
	}
}
