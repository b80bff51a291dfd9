package mapping

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

var (
	alice    = types.NewJID("4915112345678", types.DefaultUserServer)
	aliceLID = types.NewJID("123456789012345", types.HiddenUserServer)
	group    = types.NewJID("120363000000000001", types.GroupServer)
	sentAt   = time.UnixMilli(1_765_000_000_123)
)

// received is a message as whatsmeow hands it to an event handler.
func received(m *waE2E.Message) *events.Message {
	return &events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: group, Sender: aliceLID, IsGroup: true,
				AddressingMode: types.AddressingModeLID, SenderAlt: alice},
			ID: "3EB0ABCDEF", PushName: "Alice", Timestamp: sentAt,
		},
		Message: m, IsEphemeral: true,
	}
}

func TestGroupMessageNamesChatSenderAndItsPhoneAlternative(t *testing.T) {
	e := received(&waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
		Text: proto.String("hello"),
		ContextInfo: &waE2E.ContextInfo{StanzaID: proto.String("QUOTED1"),
			Participant: proto.String(alice.String())},
	}})
	got := Message("s1", 7, e)
	want := protocol.Message{
		Event: protocol.Event{Type: "message", Session: "s1"}, Seq: 7, MessageBody: protocol.MessageBody{
			MessageID: "3EB0ABCDEF", Chat: group.String(), Sender: aliceLID.String(),
			SenderAlt: alice.String(), PushName: "Alice", TimestampMS: 1_765_000_000_123,
			Flags:   protocol.Flags{Group: true, Ephemeral: true},
			Content: protocol.Content{Kind: protocol.KindText, Text: "hello"},
			Quote:   &protocol.Quote{MessageID: "QUOTED1", Sender: alice.String()}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestMediaMessagesKeepWhatADownloadNeeds(t *testing.T) {
	key, enc, plain := []byte{1, 2}, []byte{3, 4}, []byte{5, 6}
	image := ContentOf(&waE2E.Message{ImageMessage: &waE2E.ImageMessage{
		Mimetype: proto.String("image/jpeg"), Caption: proto.String("look"), FileLength: proto.Uint64(2048),
		DirectPath: proto.String("/v/t62/abc"), MediaKey: key, FileEncSHA256: enc, FileSHA256: plain,
		Width: proto.Uint32(640), Height: proto.Uint32(480)}})
	want := protocol.Content{Kind: protocol.KindImage, Media: &protocol.Media{Mimetype: "image/jpeg",
		Caption: "look", SizeBytes: 2048, Width: 640, Height: 480, Ref: &protocol.MediaRef{
			DirectPath: "/v/t62/abc", MediaKey: key, FileSHA256: plain, FileEncSHA256: enc}}}
	if !reflect.DeepEqual(image, want) {
		t.Fatalf("got  %+v\nwant %+v", image, want)
	}
	voice := ContentOf(&waE2E.Message{AudioMessage: &waE2E.AudioMessage{
		Mimetype: proto.String("audio/ogg; codecs=opus"), PTT: proto.Bool(true), Seconds: proto.Uint32(4)}})
	if voice.Kind != protocol.KindVoice || voice.Media.DurationS != 4 {
		t.Fatalf("a push-to-talk note mapped to %+v", voice)
	}
	doc := ContentOf(&waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{
		Mimetype: proto.String("application/pdf"), FileName: proto.String("a.pdf")}})
	if doc.Kind != protocol.KindDocument || doc.Media.Filename != "a.pdf" {
		t.Fatalf("a document mapped to %+v", doc)
	}
}

// A live message's attachment names its message, so a download the media host refuses
// can ask the sender's phone to upload it again.
func TestAReceivedAttachmentNamesItsMessageForARetry(t *testing.T) {
	got := Message("s1", 1, received(&waE2E.Message{ImageMessage: &waE2E.ImageMessage{
		Mimetype: proto.String("image/jpeg"), DirectPath: proto.String("/v/t62/abc")}}))
	want := &protocol.MediaMessage{ID: "3EB0ABCDEF", Chat: group.String(),
		Sender: aliceLID.String(), Group: true}
	if ref := got.Content.Media.Ref; ref == nil || !reflect.DeepEqual(ref.Message, want) {
		t.Fatalf("the ref names %+v, want %+v", ref, want)
	}
}

func TestActionsNameTheMessageTheyActOn(t *testing.T) {
	key := &waCommon.MessageKey{ID: proto.String("TARGET1"), Participant: proto.String(alice.String())}
	cases := map[string]struct {
		message *waE2E.Message
		want    protocol.Content
	}{
		"reaction": {&waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Key: key, Text: proto.String("👍")}},
			protocol.Content{Kind: protocol.KindReaction, Text: "👍",
				Target: &protocol.Quote{MessageID: "TARGET1", Sender: alice.String()}}},
		"revoke": {&waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
			Type: waE2E.ProtocolMessage_REVOKE.Enum(), Key: key}},
			protocol.Content{Kind: protocol.KindRevoke, Target: &protocol.Quote{MessageID: "TARGET1"}}},
		"edit": {&waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
			Type: waE2E.ProtocolMessage_MESSAGE_EDIT.Enum(), Key: key,
			EditedMessage: &waE2E.Message{Conversation: proto.String("fixed")}}},
			protocol.Content{Kind: protocol.KindEdit, Text: "fixed", Target: &protocol.Quote{MessageID: "TARGET1"}}},
		"poll vote": {&waE2E.Message{PollUpdateMessage: &waE2E.PollUpdateMessage{PollCreationMessageKey: key}},
			protocol.Content{Kind: protocol.KindPollVote, Target: &protocol.Quote{MessageID: "TARGET1"}}},
	}
	for name, c := range cases {
		if got := ContentOf(c.message); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", name, got, c.want)
		}
	}
}

func TestUnmappedMessageNamesItsFields(t *testing.T) {
	got := ContentOf(&waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
		Type: waE2E.ProtocolMessage_EPHEMERAL_SETTING.Enum()}})
	if got.Kind != protocol.KindUnknown || !reflect.DeepEqual(got.Fields, []string{"protocolMessage"}) {
		t.Fatalf("got %+v", got)
	}
}

func TestReceiptTypesPassThroughAndServerErrorAsksForReupload(t *testing.T) {
	for _, kind := range []types.ReceiptType{types.ReceiptTypeDelivered, types.ReceiptTypeRead,
		types.ReceiptTypePlayed, types.ReceiptTypeServerError, "some-future-type"} {
		e := &events.Receipt{MessageSource: types.MessageSource{Chat: alice, Sender: alice, SenderAlt: aliceLID},
			MessageIDs: []string{"M1", "M2"}, Timestamp: sentAt, Type: kind}
		got := Receipt("s1", e)
		if got.Kind != string(kind) || got.MediaReupload != (kind == types.ReceiptTypeServerError) ||
			got.SenderAlt != aliceLID.String() || len(got.MessageIDs) != 2 {
			t.Errorf("receipt %q mapped to %+v", kind, got)
		}
	}
}

func TestChatPresenceBothWays(t *testing.T) {
	for _, state := range []string{"typing", "recording", "paused"} {
		presence, media, ok := ChatPresenceOf(state)
		if !ok {
			t.Fatalf("%s refused", state)
		}
		e := &events.ChatPresence{MessageSource: types.MessageSource{Chat: group, Sender: aliceLID,
			SenderAlt: alice, IsGroup: true}, State: presence, Media: media}
		got, ok := Other("s1", e)
		activity, isActivity := got.(protocol.ChatActivity)
		if !ok || !isActivity || activity.State != state || activity.Chat != group.String() ||
			activity.Sender != aliceLID.String() || activity.SenderAlt != alice.String() {
			t.Errorf("%s came back as %+v", state, got)
		}
	}
	if _, _, ok := ChatPresenceOf("dancing"); ok {
		t.Error("an unknown chat presence was accepted")
	}
}

func TestPollVoteNamesOptionsByTheirHash(t *testing.T) {
	mon := sha256.Sum256([]byte("Mon")) // how wagate's option_hash names an option
	got := Vote(&waE2E.PollVoteMessage{SelectedOptions: [][]byte{mon[:]}})
	if !reflect.DeepEqual(got.OptionHashes, []string{hex.EncodeToString(mon[:])}) {
		t.Fatalf("got %+v", got)
	}
	withdrawn, _ := json.Marshal(Vote(&waE2E.PollVoteMessage{}))
	if string(withdrawn) != `{"option_hashes":[]}` {
		t.Fatalf("a withdrawn vote reads %s; the connector must see an empty choice", withdrawn)
	}
}
