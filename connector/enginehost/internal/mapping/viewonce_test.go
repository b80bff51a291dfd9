package mapping

import (
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func TestViewOnceMediaIsWrappedAsTheAppsSendIt(t *testing.T) {
	up := &whatsmeow.UploadResponse{URL: "https://mmg.example/x", DirectPath: "/v/x", FileLength: 9}
	media := func(kind, mimetype string, once bool) protocol.Content {
		return protocol.Content{Kind: kind, Media: &protocol.Media{Path: "/tmp/f", Mimetype: mimetype, ViewOnce: once}}
	}
	image := build(t, media(protocol.KindImage, "image/jpeg", true), nil, up)
	if !image.GetViewOnceMessageV2().GetMessage().GetImageMessage().GetViewOnce() {
		t.Fatalf("a view-once image: %v", image)
	}
	video := build(t, media(protocol.KindVideo, "video/mp4", true), nil, up)
	if !video.GetViewOnceMessageV2().GetMessage().GetVideoMessage().GetViewOnce() {
		t.Fatalf("a view-once video: %v", video)
	}
	voice := build(t, media(protocol.KindVoice, "audio/ogg", true), nil, up)
	if a := voice.GetViewOnceMessageV2Extension().GetMessage().GetAudioMessage(); !a.GetViewOnce() || !a.GetPTT() {
		t.Fatalf("a view-once voice note: %v", voice)
	}
	if plain := build(t, media(protocol.KindImage, "image/jpeg", false), nil, up); plain.GetImageMessage() == nil {
		t.Fatalf("an ordinary image is not wrapped: %v", plain)
	}
	// what whatsmeow unwraps on receipt: the recipient's event says view once, and the kind
	for _, m := range []*waE2E.Message{image, voice} {
		e := (&events.Message{RawMessage: m}).UnwrapRaw()
		if body := Body(e); !e.IsViewOnce || !body.Flags.ViewOnce || body.Content.Media == nil {
			t.Fatalf("a view-once message received: %+v", body)
		}
	}
}
