package mapping

import (
	"testing"
	"time"

	"go.mau.fi/util/jsontime"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func TestAChannelCarriesTheAccountsRoleAndOnlyOwnersAndAdminsPost(t *testing.T) {
	created := time.UnixMilli(1_767_225_600_000)
	meta := &types.NewsletterMetadata{
		ID: types.NewJID("120363000000000001", types.NewsletterServer),
		ThreadMeta: types.NewsletterThreadMetadata{
			CreationTime: jsontime.UnixString{Time: created},
			Name:         types.NewsletterText{Text: "Bakery news"},
			Description:  types.NewsletterText{Text: "fresh"}, SubscriberCount: 42,
			VerificationState: types.NewsletterVerificationStateVerified,
		},
		ViewerMeta: &types.NewsletterViewerMetadata{Role: types.NewsletterRoleAdmin},
	}
	want := protocol.Channel{JID: "120363000000000001@newsletter", Name: "Bakery news",
		Description: "fresh", Followers: 42, Role: "admin", Verified: true, CreatedMS: 1_767_225_600_000}
	if got := ChannelOf(meta); got != want || !CanPost(meta) {
		t.Fatalf("got %+v (may post: %v)", got, CanPost(meta))
	}
	for _, role := range []types.NewsletterRole{types.NewsletterRoleSubscriber, types.NewsletterRoleGuest} {
		meta.ViewerMeta.Role = role
		if CanPost(meta) {
			t.Errorf("a %s may post", role)
		}
	}
	meta.ViewerMeta = nil // not followed: WhatsApp sends no viewer metadata
	if got := ChannelOf(meta); got.Role != "guest" || CanPost(meta) {
		t.Fatalf("a channel not followed: %+v", got)
	}
}

func TestAPostReadsAsAMessagesContent(t *testing.T) {
	at := time.UnixMilli(1_767_225_600_000)
	text := &types.NewsletterMessage{MessageServerID: 101, MessageID: "M1", Type: "text",
		Timestamp: at, ViewsCount: 7, Message: &waE2E.Message{Conversation: proto.String("Open!")}}
	photo := &types.NewsletterMessage{MessageServerID: 102, MessageID: "M2", Type: "media", Timestamp: at,
		Message: &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("bread"),
			Mimetype: proto.String("image/jpeg")}}}
	bare := &types.NewsletterMessage{MessageServerID: 103, MessageID: "M3", Type: "text", Timestamp: at}
	got := []protocol.ChannelPost{ChannelPostOf(text), ChannelPostOf(photo), ChannelPostOf(bare)}
	want := []protocol.ChannelPost{
		{ServerID: 101, MessageID: "M1", TimestampMS: 1_767_225_600_000, Kind: "text", Text: "Open!", Views: 7},
		{ServerID: 102, MessageID: "M2", TimestampMS: 1_767_225_600_000, Kind: "image", Text: "bread"},
		{ServerID: 103, MessageID: "M3", TimestampMS: 1_767_225_600_000, Kind: "text"},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("post %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestAPhotoPostCarriesNoMediaKeyAsAChannelsUploadHasNone(t *testing.T) {
	up := &whatsmeow.UploadResponse{URL: "https://mmg", DirectPath: "/n/1", Handle: "h1", FileLength: 9,
		FileSHA256: []byte{1, 2}} // what UploadNewsletterReader answers: no key, no encrypted hash
	channel := types.NewJID("120363000000000001", types.NewsletterServer)
	image := wire(t, `{"kind":"image","media":{"mimetype":"image/jpeg","caption":"bread"}}`)
	m := buildTo(t, channel, image, nil, nil, up).GetImageMessage()
	if m.GetCaption() != "bread" || m.GetDirectPath() != "/n/1" || m.MediaKey != nil || m.FileEncSHA256 != nil {
		t.Fatalf("a photo post: %v", m)
	}
}
