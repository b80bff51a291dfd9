package mapping

import (
	"errors"
	"reflect"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

var own = types.NewJID("4930123456", types.DefaultUserServer)

// client is whatsmeow's own client as the Builder, logged in as `own` (no connection).
func client() *whatsmeow.Client {
	device := &store.Device{ID: &types.JID{User: own.User, Server: own.Server, Device: 3}}
	return whatsmeow.NewClient(device, nil)
}

func build(t *testing.T, c protocol.Content, q *protocol.Quote, up *whatsmeow.UploadResponse) *waE2E.Message {
	t.Helper()
	m, err := Outgoing(client(), alice, c, q, up)
	if err != nil {
		t.Fatalf("%s: %v", c.Kind, err)
	}
	return m
}

func TestStructuredContentSurvivesTheRoundTrip(t *testing.T) {
	sent := []protocol.Content{
		{Kind: protocol.KindText, Text: "hi"},
		{Kind: protocol.KindLocation, Location: &protocol.Location{Latitude: 52.52, Longitude: 13.405, Name: "Berlin"}},
		{Kind: protocol.KindContacts, Contacts: []protocol.ContactCard{{DisplayName: "Bob", VCard: "BEGIN:VCARD\nEND:VCARD"}}},
		{Kind: protocol.KindContacts, Contacts: []protocol.ContactCard{{DisplayName: "A", VCard: "a"}, {DisplayName: "B", VCard: "b"}}},
		{Kind: protocol.KindPoll, Poll: &protocol.Poll{Question: "When?", Options: []string{"Mon", "Tue"}, Selectable: 1}},
	}
	for _, c := range sent {
		if got := ContentOf(build(t, c, nil, nil)); !reflect.DeepEqual(got, c) {
			t.Errorf("sent %+v, a receiver reads %+v", c, got)
		}
	}
}

func TestQuoteBecomesContextInfo(t *testing.T) {
	q := &protocol.Quote{MessageID: "Q1", Sender: alice.String()}
	m := build(t, protocol.Content{Kind: protocol.KindText, Text: "re"}, q, nil)
	if m.GetConversation() != "" || m.GetExtendedTextMessage().GetText() != "re" {
		t.Fatalf("a quoting text must be an extended text message: %v", m)
	}
	if got := quoteOf(m); !reflect.DeepEqual(got, q) {
		t.Fatalf("quote read back as %+v", got)
	}
	loc := build(t, protocol.Content{Kind: protocol.KindLocation, Location: &protocol.Location{}}, q, nil)
	if got := quoteOf(loc); !reflect.DeepEqual(got, q) {
		t.Fatalf("a location's quote read back as %+v", got)
	}
}

func TestPollCarriesTheSecretVotersEncryptWith(t *testing.T) {
	m := build(t, protocol.Content{Kind: protocol.KindPoll, Poll: &protocol.Poll{Question: "?", Options: []string{"a", "b"}, Selectable: 1}}, nil, nil)
	if len(m.GetMessageContextInfo().GetMessageSecret()) != 32 {
		t.Fatalf("poll without a 32-byte message secret: %v", m)
	}
}

func TestActionsTargetTheMessage(t *testing.T) {
	reaction := build(t, protocol.Content{Kind: protocol.KindReaction, Text: "❤️",
		Target: &protocol.Quote{MessageID: "T1", Sender: alice.String()}}, nil, nil)
	key := reaction.GetReactionMessage().GetKey()
	if key.GetID() != "T1" || key.GetFromMe() || reaction.GetReactionMessage().GetText() != "❤️" {
		t.Fatalf("reaction to someone else's message: %v", reaction)
	}
	edit := build(t, protocol.Content{Kind: protocol.KindEdit, Text: "new", Target: &protocol.Quote{MessageID: "T2"}}, nil, nil)
	// as a receiver's whatsmeow hands it over: unwrapped from its EditedMessage
	unwrapped := (&events.Message{RawMessage: edit}).UnwrapRaw()
	if got := ContentOf(unwrapped.Message); !unwrapped.IsEdit || got.Kind != protocol.KindEdit || got.Text != "new" || got.Target.MessageID != "T2" {
		t.Fatalf("edit reads back as %+v", got)
	}
	revoke := build(t, protocol.Content{Kind: protocol.KindRevoke, Target: &protocol.Quote{MessageID: "T3"}}, nil, nil)
	pm := revoke.GetProtocolMessage()
	if pm.GetType() != waE2E.ProtocolMessage_REVOKE || pm.GetKey().GetID() != "T3" || !pm.GetKey().GetFromMe() {
		t.Fatalf("revoke of the session's own message: %v", revoke)
	}
}

func TestAPinNamesTheMessageAndHowLongItStaysPinned(t *testing.T) {
	group := types.NewJID("120363025246125888", types.GroupServer)
	week := uint32(7 * 24 * 3600)
	pin := build(t, protocol.Content{Kind: protocol.KindPin, Seconds: week,
		Target: &protocol.Quote{MessageID: "T4", Sender: alice.String()}}, nil, nil)
	p := pin.GetPinInChatMessage()
	if p.GetType() != waE2E.PinInChatMessage_PIN_FOR_ALL || p.GetKey().GetID() != "T4" ||
		p.GetKey().GetFromMe() || pin.GetMessageContextInfo().GetMessageAddOnDurationInSecs() != week {
		t.Fatalf("pin of someone else's message: %v", pin)
	}
	// in a group, someone else's message is named by its author too; 0 seconds unpins
	unpin, err := Outgoing(client(), group, protocol.Content{Kind: protocol.KindPin,
		Target: &protocol.Quote{MessageID: "T5", Sender: alice.String()}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	u := unpin.GetPinInChatMessage()
	if u.GetType() != waE2E.PinInChatMessage_UNPIN_FOR_ALL || u.GetKey().GetParticipant() != alice.String() ||
		u.GetKey().GetRemoteJID() != group.String() {
		t.Fatalf("unpin in a group: %v", unpin)
	}
	mine := build(t, protocol.Content{Kind: protocol.KindPin, Seconds: 86400,
		Target: &protocol.Quote{MessageID: "T6", Sender: own.String()}}, nil, nil)
	if !mine.GetPinInChatMessage().GetKey().GetFromMe() {
		t.Fatalf("pin of the session's own message: %v", mine)
	}
}

func TestMediaUsesTheUploadedFile(t *testing.T) {
	up := &whatsmeow.UploadResponse{URL: "https://mmg.example/x", DirectPath: "/v/x", MediaKey: []byte{1},
		FileEncSHA256: []byte{2}, FileSHA256: []byte{3}, FileLength: 99}
	voice := build(t, protocol.Content{Kind: protocol.KindVoice, Media: &protocol.Media{
		Path: "/tmp/v.ogg", Mimetype: "audio/ogg; codecs=opus", DurationS: 3}}, nil, up)
	a := voice.GetAudioMessage()
	if !a.GetPTT() || a.GetDirectPath() != "/v/x" || a.GetFileLength() != 99 || a.GetSeconds() != 3 {
		t.Fatalf("voice note: %v", voice)
	}
	doc := build(t, protocol.Content{Kind: protocol.KindDocument, Media: &protocol.Media{
		Path: "/tmp/a.pdf", Mimetype: "application/pdf", Filename: "a.pdf", Caption: "see"}}, nil, up)
	if got := ContentOf(doc); got.Kind != protocol.KindDocument || got.Media.Filename != "a.pdf" ||
		got.Media.Caption != "see" || got.Media.Ref.DirectPath != "/v/x" {
		t.Fatalf("document reads back as %+v", got)
	}
}

func TestContentThatCannotBeSentIsRefused(t *testing.T) {
	bad := []protocol.Content{
		{Kind: protocol.KindImage, Media: &protocol.Media{Path: "/tmp/x.jpg"}}, // no upload
		{Kind: protocol.KindLocation},                                          // no location
		{Kind: protocol.KindReaction, Text: "x"},                               // no target
		{Kind: protocol.KindPin, Seconds: 86400},                               // no target
		{Kind: protocol.KindUnknown},                                           // receive-only
		{Kind: "hologram"},
	}
	for _, c := range bad {
		if _, err := Outgoing(client(), alice, c, nil, nil); !errors.Is(err, ErrBadContent) {
			t.Errorf("%+v: %v, want ErrBadContent", c, err)
		}
	}
}
