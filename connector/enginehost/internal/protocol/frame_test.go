package protocol

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestFrameRoundTripHasBigEndianLengthPrefix(t *testing.T) {
	var buf bytes.Buffer
	if err := Encode(&buf, Hello{Type: "hello", Version: Version, Peer: "connector"}); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	if got := binary.BigEndian.Uint32(raw[:4]); int(got) != len(raw)-4 {
		t.Fatalf("prefix says %d bytes, body has %d", got, len(raw)-4)
	}
	body, err := ReadFrame(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if kind, err := TypeOf(body); err != nil || kind != "hello" {
		t.Fatalf("type %q, %v", kind, err)
	}
}

func TestFrameReadOneByteAtATime(t *testing.T) {
	var buf bytes.Buffer
	for _, text := range []string{"first", "second"} {
		if err := Encode(&buf, Content{Kind: KindText, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	r := iotest.OneByteReader(&buf)
	for _, want := range []string{`{"kind":"text","text":"first"}`, `{"kind":"text","text":"second"}`} {
		body, err := ReadFrame(r)
		if err != nil || string(body) != want {
			t.Fatalf("read %q, %v; want %q", body, err, want)
		}
	}
	if _, err := ReadFrame(r); err != io.EOF {
		t.Fatalf("after the last frame: %v, want EOF", err)
	}
}

func TestOversizedFrameRefusedBeforeReadingIt(t *testing.T) {
	header := binary.BigEndian.AppendUint32(nil, MaxFrame+1)
	// no body follows: a reader that tried to read it would report a short frame
	if _, err := ReadFrame(bytes.NewReader(header)); !errors.Is(err, ErrFrameTooLarge) {
		t.Fatalf("read: %v, want ErrFrameTooLarge", err)
	}
	var sink bytes.Buffer
	if err := WriteFrame(&sink, make([]byte, MaxFrame+1)); !errors.Is(err, ErrFrameTooLarge) || sink.Len() != 0 {
		t.Fatalf("write: %v (%d bytes written), want ErrFrameTooLarge and nothing", err, sink.Len())
	}
}

func TestFrameCutShortIsAnError(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteFrame(&buf, []byte(`{"type":"stop"}`)); err != nil {
		t.Fatal(err)
	}
	cut := buf.Bytes()[:buf.Len()-3]
	if _, err := ReadFrame(bytes.NewReader(cut)); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("read: %v, want ErrUnexpectedEOF", err)
	}
}

func TestTypeOfRefusesWhatIsNotAMessage(t *testing.T) {
	for _, body := range []string{`[1]`, `{}`, `{"type":""}`, `not json`} {
		if _, err := TypeOf([]byte(body)); err == nil {
			t.Errorf("TypeOf(%s) accepted it", body)
		}
	}
}

func TestStartMarksAvailableUnlessTheConnectorSaysNot(t *testing.T) {
	for body, want := range map[string]bool{
		`{"type":"start","session":"s1"}`:                              true, // absent: as before
		`{"type":"start","session":"s1","available_on_connect":true}`:  true,
		`{"type":"start","session":"s1","available_on_connect":false}`: false,
	} {
		var start Start
		if err := json.Unmarshal([]byte(body), &start); err != nil || start.MarksAvailable() != want {
			t.Errorf("%s: %v (%v), want %v", body, start.MarksAvailable(), err, want)
		}
	}
}

func TestStartCarriesTheTenantsProxy(t *testing.T) {
	var start Start
	body := `{"type":"start","session":"s1","proxy":"socks5://u:p@proxy.example:1080"}`
	if err := json.Unmarshal([]byte(body), &start); err != nil || start.Proxy != "socks5://u:p@proxy.example:1080" {
		t.Fatalf("got %q (%v)", start.Proxy, err)
	}
}
