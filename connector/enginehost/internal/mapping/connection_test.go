package mapping

import (
	"errors"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func TestDisconnectsKeepWhatsAppsReasonAndCode(t *testing.T) {
	now := time.UnixMilli(1_000_000)
	cases := []struct {
		event any
		want  protocol.Disconnected
	}{
		{&events.Disconnected{}, protocol.Disconnected{Reason: ReasonConnectionLost}},
		{&events.StreamReplaced{}, protocol.Disconnected{Reason: ReasonReplaced}},
		{&events.ClientOutdated{}, protocol.Disconnected{Reason: ReasonClientOutdated, Code: 405}},
		{&events.TemporaryBan{Code: events.TempBanBlockedByUsers, Expire: time.Hour},
			protocol.Disconnected{Reason: ReasonTemporaryBan, Code: 102, UntilMS: 1_000_000 + 3_600_000,
				Detail: (&events.TemporaryBan{Code: events.TempBanBlockedByUsers, Expire: time.Hour}).String()}},
		// a code whatsmeow has no name for is passed through as a number
		{&events.ConnectFailure{Reason: 499, Message: "new"},
			protocol.Disconnected{Reason: ReasonRejected, Code: 499, Detail: "new"}},
		{&events.StreamError{Code: "516"}, protocol.Disconnected{Reason: ReasonStreamError, Code: 516, Detail: "516"}},
	}
	for _, c := range cases {
		got, ok := Connection("s1", c.event, now)
		c.want.Event = protocol.Event{Type: "disconnected", Session: "s1"}
		if !ok || got != c.want {
			t.Errorf("%T: got %+v, want %+v", c.event, got, c.want)
		}
	}
}

func TestLoggedOutKeepsReasonCode(t *testing.T) {
	got, _ := Connection("s1", &events.LoggedOut{OnConnect: true, Reason: events.ConnectFailureMainDeviceGone}, time.Now())
	out, ok := got.(protocol.LoggedOut)
	if !ok || out.Code != 403 || !out.OnConnect || out.Reason != "403: primary device was logged out" {
		t.Fatalf("got %+v", got)
	}
}

func TestPairSuccessGivesTheDeviceToResume(t *testing.T) {
	got, _ := Connection("s1", &events.PairSuccess{ID: alice, LID: aliceLID, Platform: "android"}, time.Now())
	paired, ok := got.(protocol.Paired)
	if !ok || paired.DeviceJID != alice.String() || paired.LID != aliceLID.String() || paired.Platform != "android" {
		t.Fatalf("got %+v", got)
	}
}

func TestQRChannelItems(t *testing.T) {
	code := QRItem("s1", whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@abc", Timeout: 60 * time.Second})
	if qr, ok := code.(protocol.QR); !ok || qr.Code != "2@abc" || qr.TimeoutMS != 60_000 {
		t.Fatalf("code item mapped to %+v", code)
	}
	if got := QRItem("s1", whatsmeow.QRChannelSuccess); got != nil {
		t.Fatalf("success mapped to %+v; the paired event reports it", got)
	}
	failures := map[whatsmeow.QRChannelItem]protocol.PairFailed{
		whatsmeow.QRChannelTimeout:                           {Outcome: "timeout"},
		whatsmeow.QRChannelClientOutdated:                    {Outcome: "err-client-outdated"},
		{Event: "error", Error: errors.New("bad signature")}: {Outcome: "error", Detail: "bad signature"},
	}
	for item, want := range failures {
		want.Event = protocol.Event{Type: "pair_failed", Session: "s1"}
		if got := QRItem("s1", item); got != want {
			t.Errorf("%s: got %+v, want %+v", item.Event, got, want)
		}
	}
}
