package mapping

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// viewOnce is m as WhatsApp's current apps send a view-once attachment when the send
// asks for one: the media message flagged viewOnce, wrapped in a ViewOnceMessageV2 (an
// image or a video) or a ViewOnceMessageV2Extension (a voice note); m itself otherwise.
// whatsmeow unwraps all three wrappings on receipt (events.Message.IsViewOnce).
func viewOnce(kind string, media *protocol.Media, m *waE2E.Message) *waE2E.Message {
	if !media.ViewOnce {
		return m
	}
	wrapped := &waE2E.FutureProofMessage{Message: m}
	switch kind {
	case protocol.KindImage:
		m.ImageMessage.ViewOnce = proto.Bool(true)
		return &waE2E.Message{ViewOnceMessageV2: wrapped}
	case protocol.KindVideo:
		m.VideoMessage.ViewOnce = proto.Bool(true)
		return &waE2E.Message{ViewOnceMessageV2: wrapped}
	case protocol.KindVoice:
		m.AudioMessage.ViewOnce = proto.Bool(true)
		return &waE2E.Message{ViewOnceMessageV2Extension: wrapped}
	}
	return m // the connector never asks it of another kind (wagate.content.VIEW_ONCE_KINDS)
}
