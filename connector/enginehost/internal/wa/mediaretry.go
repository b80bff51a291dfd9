package wa

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waMmsRetry"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// A download the media host refuses (the file expired or was lost there) asks the
// sender's phone to upload it again, as WhatsApp's own apps do: a media retry receipt
// to the session's own phone (whatsmeow's SendMediaRetryReceipt), whose answer
// (events.MediaRetry) names a new direct path.

// mediaRetryWait is how long a download waits for the phone's answer.
const mediaRetryWait = 30 * time.Second

// retryWaiters hands each media retry answer to the download waiting for it.
type retryWaiters struct {
	mu   sync.Mutex
	byID map[types.MessageID]chan *events.MediaRetry
}

// wait registers a download waiting for the answer about message id; done forgets it.
func (w *retryWaiters) wait(id types.MessageID) (answer <-chan *events.MediaRetry, done func()) {
	ch := make(chan *events.MediaRetry, 1)
	w.mu.Lock()
	if w.byID == nil {
		w.byID = map[types.MessageID]chan *events.MediaRetry{}
	}
	w.byID[id] = ch
	w.mu.Unlock()
	return ch, func() {
		w.mu.Lock()
		if w.byID[id] == ch {
			delete(w.byID, id)
		}
		w.mu.Unlock()
	}
}

// deliver passes an answer to the download waiting for it; one nobody waits for (late,
// or for another device's request) is dropped.
func (w *retryWaiters) deliver(evt *events.MediaRetry) {
	w.mu.Lock()
	ch := w.byID[evt.MessageID]
	w.mu.Unlock()
	if ch != nil {
		select {
		case ch <- evt:
		default:
		}
	}
}

var errNoRetry = errors.New("the ref names no message to ask the phone about")

// reuploaded asks the phone to upload the attachment of ref's message again and returns
// its new direct path.
func (s *Session) reuploaded(ctx context.Context, cli *whatsmeow.Client, ref protocol.MediaRef) (string, error) {
	msg := ref.Message
	if msg == nil {
		return "", errNoRetry
	}
	chat, err := types.ParseJID(msg.Chat)
	if err != nil {
		return "", err
	}
	sender, err := types.ParseJID(msg.Sender)
	if err != nil {
		return "", err
	}
	answer, done := s.retries.wait(msg.ID)
	defer done()
	info := &types.MessageInfo{ID: msg.ID, MessageSource: types.MessageSource{
		Chat: chat, Sender: sender, IsFromMe: msg.FromMe, IsGroup: msg.Group}}
	if err := cli.SendMediaRetryReceipt(ctx, info, ref.MediaKey); err != nil {
		return "", err
	}
	select {
	case evt := <-answer:
		return retriedPath(evt, ref.MediaKey)
	case <-time.After(mediaRetryWait):
		return "", fmt.Errorf("the phone did not answer the media retry in %s", mediaRetryWait)
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// retriedPath reads the phone's answer: the new direct path, or why there is none.
func retriedPath(evt *events.MediaRetry, mediaKey []byte) (string, error) {
	notif, err := whatsmeow.DecryptMediaRetryNotification(evt, mediaKey)
	if err != nil {
		return "", err
	}
	if notif.GetResult() != waMmsRetry.MediaRetryNotification_SUCCESS || notif.GetDirectPath() == "" {
		return "", fmt.Errorf("the phone could not upload it again: %s", notif.GetResult())
	}
	return notif.GetDirectPath(), nil
}
