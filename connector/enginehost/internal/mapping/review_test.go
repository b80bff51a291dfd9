package mapping

import (
	"errors"
	"testing"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Mistakes a straightforward mapping makes, each held off by a test.

func TestVideoNoteIsAVideoFlaggedAsANote(t *testing.T) {
	got := ContentOf(&waE2E.Message{PtvMessage: &waE2E.VideoMessage{Mimetype: proto.String("video/mp4"),
		Seconds: proto.Uint32(9), DirectPath: proto.String("/v/ptv")}})
	if got.Kind != protocol.KindVideo || got.Media == nil || !got.Media.VideoNote ||
		got.Media.DurationS != 9 || got.Media.Ref.DirectPath != "/v/ptv" {
		t.Fatalf("a video note mapped to %+v", got)
	}
	plain := ContentOf(&waE2E.Message{VideoMessage: &waE2E.VideoMessage{Mimetype: proto.String("video/mp4")}})
	if plain.Media.VideoNote {
		t.Fatal("an ordinary video flagged as a note")
	}
}

func TestCaptionEditArrivesWithItsNewCaption(t *testing.T) {
	// how WhatsApp edits a caption: the media message again, carrying the new caption
	edit := client().BuildEdit(alice, "IMG1", &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
		Caption: proto.String("better caption")}})
	unwrapped := (&events.Message{RawMessage: edit}).UnwrapRaw()
	got := ContentOf(unwrapped.Message)
	if got.Kind != protocol.KindEdit || got.Text != "better caption" || got.Target.MessageID != "IMG1" {
		t.Fatalf("a caption edit reads %+v", got)
	}
}

func TestEveryKindInAGroupKeepsTheGroupAndItsAuthor(t *testing.T) {
	key := &waCommon.MessageKey{ID: proto.String("T1"), Participant: proto.String(bob.String())}
	kinds := map[string]*waE2E.Message{
		"reaction":  {ReactionMessage: &waE2E.ReactionMessage{Key: key, Text: proto.String("👍")}},
		"edit":      (&events.Message{RawMessage: client().BuildEdit(group, "T1", &waE2E.Message{Conversation: proto.String("x")})}).UnwrapRaw().Message,
		"revoke":    {ProtocolMessage: &waE2E.ProtocolMessage{Type: waE2E.ProtocolMessage_REVOKE.Enum(), Key: key}},
		"poll_vote": {PollUpdateMessage: &waE2E.PollUpdateMessage{PollCreationMessageKey: key}},
		"location":  {LocationMessage: &waE2E.LocationMessage{DegreesLatitude: proto.Float64(1)}},
		"contacts":  {ContactMessage: &waE2E.ContactMessage{DisplayName: proto.String("Bob")}},
		"poll":      client().BuildPollCreation("?", []string{"a", "b"}, 1),
		"video":     {PtvMessage: &waE2E.VideoMessage{}},
	}
	for name, m := range kinds {
		got := Message("s1", 1, received(m))
		if got.Chat != group.String() || got.Sender != aliceLID.String() || got.SenderAlt != alice.String() || !got.Flags.Group {
			t.Errorf("%s: chat %q, sender %q (%q): the group or its author is lost", name, got.Chat, got.Sender, got.SenderAlt)
		}
		if kind := got.Content.Kind; kind == protocol.KindUnknown || (name != "video" && kind != name) {
			t.Errorf("%s mapped to kind %q", name, kind)
		}
	}
}

func TestRepliesAndReactionsToALIDOnlyPeerStayAddressedByLID(t *testing.T) {
	target := &protocol.Quote{MessageID: "L1", Sender: bobLID.String()}
	reaction := wire(t, `{"kind":"reaction","messageId":"L1","emoji":"👍"}`)
	m, err := Outgoing(client(), bobLID, reaction, nil, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	key := m.GetReactionMessage().GetKey()
	if key.GetRemoteJID() != bobLID.String() || key.GetFromMe() {
		t.Fatalf("a reaction to a LID-only peer's message: key %v", key)
	}
	reply, _ := Outgoing(client(), bobLID, wire(t, `{"kind":"text","text":"re"}`), target, nil, nil)
	if p := reply.GetExtendedTextMessage().GetContextInfo().GetParticipant(); p != bobLID.String() {
		t.Fatalf("a reply quotes %q, want the LID", p)
	}
	// in a group the reaction's key names the author by LID
	inGroup, _ := Outgoing(client(), group, reaction, nil, target, nil)
	if p := inGroup.GetReactionMessage().GetKey().GetParticipant(); p != bobLID.String() {
		t.Fatalf("a group reaction names %q as author", p)
	}
}

func TestReadReceiptInAGroupNamesTheAuthorNeverTheGroup(t *testing.T) {
	if got, err := ReadReceiptSender(group, bobLID); err != nil || got != bobLID {
		t.Fatalf("author by LID: %v %v", got, err)
	}
	for _, wrong := range []types.JID{group, types.EmptyJID} {
		if _, err := ReadReceiptSender(group, wrong); !errors.Is(err, ErrBadTarget) {
			t.Errorf("a group read receipt naming %q was accepted", wrong)
		}
	}
	if got, err := ReadReceiptSender(bobLID, types.EmptyJID); err != nil || !got.IsEmpty() {
		t.Fatalf("a one-to-one chat needs no participant: %v %v", got, err)
	}
}

func TestViewOnceMessagesOfEveryWrappingKeepTheFlagAndTheirMedia(t *testing.T) {
	photo := &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Mimetype: proto.String("image/jpeg"),
		DirectPath: proto.String("/v/once")}}
	wrapped := map[string]*waE2E.Message{
		"v1":        {ViewOnceMessage: &waE2E.FutureProofMessage{Message: photo}},
		"v2":        {ViewOnceMessageV2: &waE2E.FutureProofMessage{Message: photo}},
		"extension": {ViewOnceMessageV2Extension: &waE2E.FutureProofMessage{Message: photo}},
	}
	for name, raw := range wrapped {
		e := (&events.Message{Info: received(nil).Info, RawMessage: raw}).UnwrapRaw()
		got := Message("s1", 1, e)
		if !got.Flags.ViewOnce || got.Content.Kind != protocol.KindImage || got.Content.Media == nil ||
			got.Content.Media.Ref.DirectPath != "/v/once" {
			t.Errorf("%s: a view-once photo mapped to flags %+v, content %+v", name, got.Flags, got.Content)
		}
	}
}
