package wa

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// secrets is whatsmeow's message-secret store kept in memory: both clients of the test
// know the poll's secret, as the poll's author and a voter who received it do.
type secrets map[string][]byte

func secretKey(chat, sender types.JID, id types.MessageID) string {
	return chat.String() + "|" + sender.ToNonAD().String() + "|" + id
}

func (s secrets) PutMessageSecrets(ctx context.Context, inserts []store.MessageSecretInsert) error {
	for _, i := range inserts {
		_ = s.PutMessageSecret(ctx, i.Chat, i.Sender, i.ID, i.Secret)
	}
	return nil
}

func (s secrets) PutMessageSecret(_ context.Context, chat, sender types.JID, id types.MessageID, secret []byte) error {
	s[secretKey(chat, sender, id)] = secret
	return nil
}

func (s secrets) GetMessageSecret(_ context.Context, chat, sender types.JID, id types.MessageID) ([]byte, types.JID, error) {
	return s[secretKey(chat, sender, id)], sender, nil
}

func TestIncomingPollVoteIsDecryptedIntoOptionHashes(t *testing.T) {
	own := types.NewJID("4930123456", types.DefaultUserServer)
	voter := types.NewJID("4915112345678", types.DefaultUserServer)
	group := types.NewJID("120363000000000001", types.GroupServer)
	known := secrets{}
	author := whatsmeow.NewClient(&store.Device{ID: &own, MsgSecrets: known}, nil)
	poll := author.BuildPollCreation("When?", []string{"Mon", "Tue"}, 1)
	pollInfo := &types.MessageInfo{ID: "POLL1", MessageSource: types.MessageSource{Chat: group, Sender: own, IsGroup: true}}
	_ = known.PutMessageSecret(context.Background(), group, own, "POLL1", poll.GetMessageContextInfo().GetMessageSecret())

	voting := whatsmeow.NewClient(&store.Device{ID: &voter, MsgSecrets: known}, nil)
	vote, err := voting.BuildPollVote(context.Background(), pollInfo, []string{"Tue"})
	if err != nil {
		t.Fatal(err)
	}
	out := make(sink, 4)
	s := newTestSession(out, 5*time.Second)
	s.client.Store(author)
	go s.handle(&events.Message{Message: vote, Info: types.MessageInfo{ID: "VOTE1", Timestamp: time.Now(),
		MessageSource: types.MessageSource{Chat: group, Sender: voter, IsGroup: true}}})
	msg := out.next(t).(protocol.Message)
	s.shared.Acks.Stored("s1", msg.Seq)
	tue := sha256.Sum256([]byte("Tue"))
	if msg.Content.Kind != protocol.KindPollVote || msg.Content.Vote == nil ||
		!reflect.DeepEqual(msg.Content.Vote.OptionHashes, []string{hex.EncodeToString(tue[:])}) ||
		msg.Content.Target.MessageID != "POLL1" || msg.Chat != group.String() || msg.Sender != voter.String() {
		t.Fatalf("vote read as %+v (vote %+v)", msg, msg.Content.Vote)
	}
}
