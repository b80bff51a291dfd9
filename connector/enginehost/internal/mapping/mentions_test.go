package mapping

import (
	"reflect"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func TestATextMentionsItsNumbersAsPhoneJIDs(t *testing.T) {
	m := build(t, wire(t, `{"kind":"text","text":"hi @4915112345678","mentions":["4915112345678"]}`), nil, nil)
	ctx := m.GetExtendedTextMessage().GetContextInfo()
	if m.GetConversation() != "" || m.GetExtendedTextMessage().GetText() != "hi @4915112345678" ||
		!reflect.DeepEqual(ctx.GetMentionedJID(), []string{alice.String()}) || ctx.NonJIDMentions != nil {
		t.Fatalf("a text with a mention: %v", m)
	}
	// a reply keeps its quote beside the mentions
	q := &protocol.Quote{MessageID: "Q1", Sender: alice.String()}
	reply := build(t, wire(t, `{"kind":"text","text":"@4915112345678","mentions":["4915112345678"]}`), q, nil)
	if c := reply.GetExtendedTextMessage().GetContextInfo(); c.GetStanzaID() != "Q1" || len(c.GetMentionedJID()) != 1 {
		t.Fatalf("a reply with a mention: %v", reply)
	}
	// a plain text is still a plain conversation
	if plain := build(t, wire(t, `{"kind":"text","text":"hi"}`), nil, nil); plain.GetConversation() != "hi" {
		t.Fatalf("a plain text: %v", plain)
	}
}

func TestACaptionMentionsAsATextDoes(t *testing.T) {
	up := &whatsmeow.UploadResponse{URL: "https://mmg.example/x", DirectPath: "/v/x", FileLength: 9}
	image := build(t, protocol.Content{Kind: protocol.KindImage, Media: &protocol.Media{Path: "/tmp/i",
		Mimetype: "image/png", Caption: "@4915112345678", Mentions: []string{"4915112345678"}}}, nil, up)
	if got := image.GetImageMessage().GetContextInfo().GetMentionedJID(); !reflect.DeepEqual(got, []string{alice.String()}) {
		t.Fatalf("a caption's mention: %v", image)
	}
	doc := build(t, protocol.Content{Kind: protocol.KindDocument, Media: &protocol.Media{Path: "/tmp/d",
		Mimetype: "application/pdf", Caption: "@all", MentionAll: true}}, nil, up)
	if doc.GetDocumentMessage().GetContextInfo().GetNonJIDMentions() != mentionAllBit {
		t.Fatalf("a caption's @all: %v", doc)
	}
}

func TestMentionAllIsWhatsAppsNonJIDMention(t *testing.T) {
	m := buildTo(t, group, wire(t, `{"kind":"text","text":"@all meeting now","mentionAll":true}`), nil, nil, nil)
	ctx := m.GetExtendedTextMessage().GetContextInfo()
	if ctx.GetNonJIDMentions() != mentionAllBit || len(ctx.GetMentionedJID()) != 0 {
		t.Fatalf("mention all: %v", m)
	}
}

func TestIncomingMentionsAreInTheMessageBody(t *testing.T) {
	e := received(&waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
		Text: proto.String("@all and @123456789012345"),
		ContextInfo: &waE2E.ContextInfo{MentionedJID: []string{aliceLID.String()},
			NonJIDMentions: proto.Uint32(mentionAllBit)}}})
	body := Body(e)
	if !reflect.DeepEqual(body.Mentions, []string{aliceLID.String()}) || !body.MentionAll {
		t.Fatalf("incoming mentions: %+v", body)
	}
	caption := received(&waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("@4915112345678"),
		ContextInfo: &waE2E.ContextInfo{MentionedJID: []string{alice.String()}}}})
	if got := Body(caption); !reflect.DeepEqual(got.Mentions, []string{alice.String()}) || got.MentionAll {
		t.Fatalf("a caption's mentions: %+v", got)
	}
	if plain := Body(received(&waE2E.Message{Conversation: proto.String("hi")})); plain.Mentions != nil || plain.MentionAll {
		t.Fatalf("a plain text mentions no one: %+v", plain)
	}
}
