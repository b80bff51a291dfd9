package mapping

import (
	"encoding/json"
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

// wire is a send's content as the host reads it off the socket.
func wire(t *testing.T, raw string) protocol.Content {
	t.Helper()
	var c protocol.Content
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return c
}

func buildTo(t *testing.T, chat types.JID, c protocol.Content, q, target *protocol.Quote,
	up *whatsmeow.UploadResponse) *waE2E.Message {
	t.Helper()
	m, err := Outgoing(client(), chat, c, q, target, up)
	if err != nil {
		t.Fatalf("%s: %v", c.Kind, err)
	}
	return m
}

func build(t *testing.T, c protocol.Content, q *protocol.Quote, up *whatsmeow.UploadResponse) *waE2E.Message {
	t.Helper()
	return buildTo(t, alice, c, q, nil, up)
}

func TestStructuredContentSurvivesTheRoundTrip(t *testing.T) {
	sent := []struct {
		raw  string
		read protocol.Content
	}{
		{`{"kind":"text","text":"hi"}`, protocol.Content{Kind: protocol.KindText, Text: "hi"}},
		{`{"kind":"location","latitude":52.52,"longitude":13.405,"name":"Berlin","address":""}`,
			protocol.Content{Kind: protocol.KindLocation, Location: &protocol.Location{Latitude: 52.52, Longitude: 13.405, Name: "Berlin"}}},
		{`{"kind":"contacts","cards":[{"displayName":"Bob","vcard":"BEGIN:VCARD\nEND:VCARD"}]}`,
			protocol.Content{Kind: protocol.KindContacts, Contacts: []protocol.ContactCard{{DisplayName: "Bob", VCard: "BEGIN:VCARD\nEND:VCARD"}}}},
		{`{"kind":"contacts","cards":[{"displayName":"A","vcard":"a"},{"displayName":"B","vcard":"b"}]}`,
			protocol.Content{Kind: protocol.KindContacts, Contacts: []protocol.ContactCard{{DisplayName: "A", VCard: "a"}, {DisplayName: "B", VCard: "b"}}}},
		{`{"kind":"poll","question":"When?","options":["Mon","Tue"],"selectable":1}`,
			protocol.Content{Kind: protocol.KindPoll, Poll: &protocol.Poll{Question: "When?", Options: []string{"Mon", "Tue"}, Selectable: 1}}},
	}
	for _, c := range sent {
		if got := ContentOf(build(t, wire(t, c.raw), nil, nil)); !reflect.DeepEqual(got, c.read) {
			t.Errorf("sent %s, a receiver reads %+v", c.raw, got)
		}
	}
}

func TestQuoteBecomesContextInfo(t *testing.T) {
	q := &protocol.Quote{MessageID: "Q1", Sender: alice.String()}
	m := build(t, wire(t, `{"kind":"text","text":"re"}`), q, nil)
	if m.GetConversation() != "" || m.GetExtendedTextMessage().GetText() != "re" {
		t.Fatalf("a quoting text must be an extended text message: %v", m)
	}
	if got := quoteOf(m); !reflect.DeepEqual(got, q) {
		t.Fatalf("quote read back as %+v", got)
	}
	loc := build(t, wire(t, `{"kind":"location","latitude":0,"longitude":0}`), q, nil)
	if got := quoteOf(loc); !reflect.DeepEqual(got, q) {
		t.Fatalf("a location's quote read back as %+v", got)
	}
}

func TestPollCarriesTheSecretVotersEncryptWith(t *testing.T) {
	m := build(t, wire(t, `{"kind":"poll","question":"?","options":["a","b"],"selectable":1}`), nil, nil)
	if len(m.GetMessageContextInfo().GetMessageSecret()) != 32 {
		t.Fatalf("poll without a 32-byte message secret: %v", m)
	}
}

func TestActionsTargetTheMessage(t *testing.T) {
	reaction := buildTo(t, alice, wire(t, `{"kind":"reaction","messageId":"T1","emoji":"❤️"}`), nil,
		&protocol.Quote{MessageID: "T1", Sender: alice.String()}, nil)
	key := reaction.GetReactionMessage().GetKey()
	if key.GetID() != "T1" || key.GetFromMe() || reaction.GetReactionMessage().GetText() != "❤️" {
		t.Fatalf("reaction to someone else's message: %v", reaction)
	}
	edit := build(t, wire(t, `{"kind":"edit","messageId":"T2","text":"new"}`), nil, nil)
	// as a receiver's whatsmeow hands it over: unwrapped from its EditedMessage
	unwrapped := (&events.Message{RawMessage: edit}).UnwrapRaw()
	if got := ContentOf(unwrapped.Message); !unwrapped.IsEdit || got.Kind != protocol.KindEdit || got.Text != "new" || got.Target.MessageID != "T2" {
		t.Fatalf("edit reads back as %+v", got)
	}
	revoke := build(t, wire(t, `{"kind":"revoke","messageId":"T3"}`), nil, nil)
	pm := revoke.GetProtocolMessage()
	if pm.GetType() != waE2E.ProtocolMessage_REVOKE || pm.GetKey().GetID() != "T3" || !pm.GetKey().GetFromMe() {
		t.Fatalf("revoke of the session's own message: %v", revoke)
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
		wire(t, `{"kind":"location"}`),                                         // no location
		wire(t, `{"kind":"location","latitude":"north","longitude":1}`),        // not a number
		wire(t, `{"kind":"reaction","messageId":"T1","emoji":"x"}`),            // no target
		wire(t, `{"kind":"pin","messageId":"T1","durationS":86400}`),           // no target
		wire(t, `{"kind":"edit","text":"x"}`),                                  // no message
		{Kind: protocol.KindText},                                              // no wire form
		wire(t, `{"kind":"unknown"}`),                                          // receive-only
		wire(t, `{"kind":"hologram"}`),
	}
	for _, c := range bad {
		if _, err := Outgoing(client(), alice, c, nil, nil, nil); !errors.Is(err, ErrBadContent) {
			t.Errorf("%+v: %v, want ErrBadContent", c, err)
		}
	}
}
