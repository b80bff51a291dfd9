package mapping

import (
	"bytes"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
)

func TestALinkPreviewFillsTheExtendedTextsCard(t *testing.T) {
	raw := `{"kind":"text","text":"see https://example.com/a","linkPreview":{"url":"https://example.com/a",` +
		`"title":"A page","description":"What it says","thumbnail":"/9j/AAEC"}}`
	m := build(t, wire(t, raw), nil, nil).GetExtendedTextMessage()
	if m.GetMatchedText() != "https://example.com/a" || m.GetTitle() != "A page" ||
		m.GetDescription() != "What it says" || m.GetPreviewType() != waE2E.ExtendedTextMessage_NONE ||
		!bytes.Equal(m.GetJPEGThumbnail(), []byte{0xff, 0xd8, 0xff, 0x00, 0x01, 0x02}) ||
		m.GetText() != "see https://example.com/a" {
		t.Fatalf("a text with a preview: %v", m)
	}
	// a preview the page gave nothing for: the URL alone, no empty title or thumbnail
	bare := build(t, wire(t, `{"kind":"text","text":"https://x.example","linkPreview":{"url":"https://x.example","title":"","description":""}}`), nil, nil)
	if e := bare.GetExtendedTextMessage(); e.GetMatchedText() != "https://x.example" || e.Title != nil || e.JPEGThumbnail != nil {
		t.Fatalf("a bare preview: %v", bare)
	}
}
