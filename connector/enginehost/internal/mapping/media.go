package mapping

import (
	"go.mau.fi/whatsmeow/proto/waE2E"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// mediaFields is what every waE2E media message has (the generated getters).
type mediaFields interface {
	GetMimetype() string
	GetFileLength() uint64
	GetDirectPath() string
	GetMediaKey() []byte
	GetFileSHA256() []byte
	GetFileEncSHA256() []byte
}

func mediaContent(m *waE2E.Message) (protocol.Content, bool) {
	if i := m.GetImageMessage(); i != nil {
		media := describe(i)
		media.Caption, media.Width, media.Height = i.GetCaption(), i.GetWidth(), i.GetHeight()
		return protocol.Content{Kind: protocol.KindImage, Media: media}, true
	}
	if v := m.GetVideoMessage(); v != nil {
		return protocol.Content{Kind: protocol.KindVideo, Media: video(v)}, true
	}
	if v := m.GetPtvMessage(); v != nil { // a round video note: a video, flagged
		media := video(v)
		media.VideoNote = true
		return protocol.Content{Kind: protocol.KindVideo, Media: media}, true
	}
	if a := m.GetAudioMessage(); a != nil {
		media := describe(a)
		media.DurationS = a.GetSeconds()
		kind := protocol.KindAudio
		if a.GetPTT() {
			kind = protocol.KindVoice
		}
		return protocol.Content{Kind: kind, Media: media}, true
	}
	if d := m.GetDocumentMessage(); d != nil {
		media := describe(d)
		media.Caption, media.Filename = d.GetCaption(), d.GetFileName()
		return protocol.Content{Kind: protocol.KindDocument, Media: media}, true
	}
	if s := m.GetStickerMessage(); s != nil {
		media := describe(s)
		media.Width, media.Height = s.GetWidth(), s.GetHeight()
		return protocol.Content{Kind: protocol.KindSticker, Media: media}, true
	}
	return protocol.Content{}, false
}

func video(v *waE2E.VideoMessage) *protocol.Media {
	media := describe(v)
	media.Caption, media.DurationS = v.GetCaption(), v.GetSeconds()
	media.Width, media.Height = v.GetWidth(), v.GetHeight()
	return media
}

func describe(f mediaFields) *protocol.Media {
	return &protocol.Media{
		Mimetype: f.GetMimetype(), SizeBytes: f.GetFileLength(),
		Ref: &protocol.MediaRef{DirectPath: f.GetDirectPath(), MediaKey: f.GetMediaKey(),
			FileSHA256: f.GetFileSHA256(), FileEncSHA256: f.GetFileEncSHA256()},
	}
}
