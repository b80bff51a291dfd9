package wa

import (
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waMmsRetry"
	"go.mau.fi/whatsmeow/types/events"
	"go.mau.fi/whatsmeow/util/gcmutil"
	"go.mau.fi/whatsmeow/util/hkdfutil"
	"google.golang.org/protobuf/proto"
)

// phoneAnswer is a media retry notification as the phone encrypts it, with the
// message's media key (whatsmeow's own HKDF and AES-GCM helpers, its info string).
func phoneAnswer(t *testing.T, id string, mediaKey []byte, n *waMmsRetry.MediaRetryNotification) *events.MediaRetry {
	t.Helper()
	plain, err := proto.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	key := hkdfutil.SHA256(mediaKey, nil, []byte("WhatsApp Media Retry Notification"), 32)
	iv := make([]byte, 12)
	cipher, err := gcmutil.Encrypt(key, iv, plain, []byte(id))
	if err != nil {
		t.Fatal(err)
	}
	return &events.MediaRetry{MessageID: id, Ciphertext: cipher, IV: iv, Timestamp: time.Now()}
}

func TestAMediaRetryAnswerReachesTheDownloadWaitingForIt(t *testing.T) {
	s := newTestSession(make(sink, 4), time.Second)
	answer, done := s.retries.wait("3EB0AAA")
	defer done()
	s.handle(&events.MediaRetry{MessageID: "3EB0OTHER"}) // nobody waits for this one
	s.handle(&events.MediaRetry{MessageID: "3EB0AAA"})
	select {
	case evt := <-answer:
		if evt.MessageID != "3EB0AAA" {
			t.Fatalf("the download got the answer about %s", evt.MessageID)
		}
	case <-time.After(time.Second):
		t.Fatal("the phone's answer never reached the waiting download")
	}
}

func TestThePhonesAnswerNamesTheNewDirectPathOrWhyNot(t *testing.T) {
	mediaKey := []byte("0123456789abcdef0123456789abcdef")
	ok := phoneAnswer(t, "3EB0AAA", mediaKey, &waMmsRetry.MediaRetryNotification{
		StanzaID: proto.String("3EB0AAA"), DirectPath: proto.String("/v/t62/new"),
		Result: waMmsRetry.MediaRetryNotification_SUCCESS.Enum()})
	if path, err := retriedPath(ok, mediaKey); err != nil || path != "/v/t62/new" {
		t.Fatalf("got %q, %v", path, err)
	}
	missing := phoneAnswer(t, "3EB0BBB", mediaKey, &waMmsRetry.MediaRetryNotification{
		StanzaID: proto.String("3EB0BBB"), Result: waMmsRetry.MediaRetryNotification_NOT_FOUND.Enum()})
	if _, err := retriedPath(missing, mediaKey); err == nil {
		t.Fatal("a phone that no longer has the file gave a path")
	}
	if _, err := retriedPath(ok, []byte("another key of thirty-two bytes!")); err == nil {
		t.Fatal("an answer decrypted with the wrong media key")
	}
	noFile := &events.MediaRetry{MessageID: "3EB0CCC", Error: &events.MediaRetryError{Code: 2}}
	if _, err := retriedPath(noFile, mediaKey); err == nil {
		t.Fatal("the phone's plain error gave a path")
	}
}
