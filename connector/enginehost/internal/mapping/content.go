package mapping

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// ContentOf maps a received waE2E.Message (as whatsmeow unwrapped it) to protocol
// content. A kind the host does not map yet comes as "unknown" with the protobuf field
// names set, so the connector can count and log what it misses.
func ContentOf(m *waE2E.Message) protocol.Content {
	if c, ok := textContent(m); ok {
		return c
	}
	if c, ok := mediaContent(m); ok {
		return c
	}
	if c, ok := structuredContent(m); ok {
		return c
	}
	if c, ok := actionContent(m); ok {
		return c
	}
	return protocol.Content{Kind: protocol.KindUnknown, Fields: setFields(m)}
}

func textContent(m *waE2E.Message) (protocol.Content, bool) {
	if m == nil {
		return protocol.Content{}, false
	}
	if m.Conversation != nil {
		return protocol.Content{Kind: protocol.KindText, Text: m.GetConversation()}, true
	}
	if m.ExtendedTextMessage != nil {
		return protocol.Content{Kind: protocol.KindText, Text: m.GetExtendedTextMessage().GetText()}, true
	}
	return protocol.Content{}, false
}

func structuredContent(m *waE2E.Message) (protocol.Content, bool) {
	if l := m.GetLocationMessage(); l != nil {
		return protocol.Content{Kind: protocol.KindLocation, Location: &protocol.Location{
			Latitude: l.GetDegreesLatitude(), Longitude: l.GetDegreesLongitude(),
			Name: l.GetName(), Address: l.GetAddress()}}, true
	}
	if l := m.GetLiveLocationMessage(); l != nil {
		return protocol.Content{Kind: protocol.KindLocation, Location: &protocol.Location{
			Latitude: l.GetDegreesLatitude(), Longitude: l.GetDegreesLongitude(), Live: true,
			Sequence: l.GetSequenceNumber(), AccuracyM: l.AccuracyInMeters, SpeedMps: l.SpeedInMps,
			HeadingDeg: l.DegreesClockwiseFromMagneticNorth, Caption: l.GetCaption()}}, true
	}
	if c := m.GetContactMessage(); c != nil {
		return protocol.Content{Kind: protocol.KindContacts, Contacts: []protocol.ContactCard{card(c)}}, true
	}
	if a := m.GetContactsArrayMessage(); a != nil {
		cards := make([]protocol.ContactCard, 0, len(a.GetContacts()))
		for _, c := range a.GetContacts() {
			cards = append(cards, card(c))
		}
		return protocol.Content{Kind: protocol.KindContacts, Contacts: cards}, true
	}
	if p := pollCreation(m); p != nil {
		options := make([]string, 0, len(p.GetOptions()))
		for _, o := range p.GetOptions() {
			options = append(options, o.GetOptionName())
		}
		return protocol.Content{Kind: protocol.KindPoll, Poll: &protocol.Poll{
			Question: p.GetName(), Options: options, Selectable: p.GetSelectableOptionsCount()}}, true
	}
	return protocol.Content{}, false
}

func card(c *waE2E.ContactMessage) protocol.ContactCard {
	return protocol.ContactCard{DisplayName: c.GetDisplayName(), VCard: c.GetVcard()}
}

// pollCreation: WhatsApp has three versions of the same poll message.
func pollCreation(m *waE2E.Message) *waE2E.PollCreationMessage {
	for _, p := range []*waE2E.PollCreationMessage{
		m.GetPollCreationMessage(), m.GetPollCreationMessageV2(), m.GetPollCreationMessageV3(),
	} {
		if p != nil {
			return p
		}
	}
	return nil
}

// actionContent: messages that act on an earlier one.
func actionContent(m *waE2E.Message) (protocol.Content, bool) {
	if r := m.GetReactionMessage(); r != nil {
		return protocol.Content{Kind: protocol.KindReaction, Text: r.GetText(),
			Target: &protocol.Quote{MessageID: r.GetKey().GetID(), Sender: r.GetKey().GetParticipant()}}, true
	}
	if v := m.GetPollUpdateMessage(); v != nil {
		return protocol.Content{Kind: protocol.KindPollVote,
			Target: &protocol.Quote{MessageID: v.GetPollCreationMessageKey().GetID()}}, true
	}
	p := m.GetProtocolMessage()
	if p == nil { // GetType of a nil message is REVOKE, the enum's zero
		return protocol.Content{}, false
	}
	switch p.GetType() {
	case waE2E.ProtocolMessage_REVOKE:
		return protocol.Content{Kind: protocol.KindRevoke, Target: &protocol.Quote{MessageID: p.GetKey().GetID()}}, true
	case waE2E.ProtocolMessage_MESSAGE_EDIT:
		return protocol.Content{Kind: protocol.KindEdit, Text: editedText(p.GetEditedMessage()),
			Target: &protocol.Quote{MessageID: p.GetKey().GetID()}}, true
	}
	return protocol.Content{}, false
}

// editedText is an edit's new text: a text's, or the caption of an edited attachment
// (WhatsApp edits a caption by sending the media message again with the new caption).
func editedText(m *waE2E.Message) string {
	if c, ok := textContent(m); ok {
		return c.Text
	}
	if c, ok := mediaContent(m); ok {
		return c.Media.Caption
	}
	return ""
}

// setFields names the fields set in an unmapped message.
func setFields(m *waE2E.Message) []string {
	var names []string
	m.ProtoReflect().Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
		names = append(names, string(fd.Name()))
		return true
	})
	return names
}
