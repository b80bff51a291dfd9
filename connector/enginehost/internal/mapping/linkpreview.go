package mapping

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"
)

// linkPreview is a text's preview card as wagate's bus encodes it; Thumbnail (base64 in
// JSON, Go's encoding of []byte) is the small JPEG the connector built.
type linkPreview struct {
	URL         string `json:"url"`
	Title       string
	Description string
	Thumbnail   []byte
}

// fill sets the preview's fields of the extended text as WhatsApp's apps send a link:
// the URL the text writes (matchedText), the page's title and description, its image's
// thumbnail, and no media preview type (a link, not a video). A nil preview sets none.
func (p *linkPreview) fill(m *waE2E.ExtendedTextMessage) {
	if p == nil {
		return
	}
	m.MatchedText = proto.String(p.URL)
	m.Title = optional(p.Title)
	m.Description = optional(p.Description)
	m.PreviewType = waE2E.ExtendedTextMessage_NONE.Enum()
	if len(p.Thumbnail) > 0 {
		m.JPEGThumbnail = p.Thumbnail
	}
}
