package mapping

import (
	"testing"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func TestCallEventsAreMappedWithTheirMediaAndGroup(t *testing.T) {
	caller := types.NewJID("447700900123", types.DefaultUserServer)
	caller.Device = 3 // a call comes from one of the caller's devices: named by its user
	lid := types.NewJID("123456789012345", types.HiddenUserServer)
	group := types.NewJID("120363000000000001", types.GroupServer)
	at := time.UnixMilli(1_767_225_600_000)
	meta := types.BasicCallMeta{From: caller, Timestamp: at, CallCreator: caller, CallCreatorAlt: lid, CallID: "C1"}
	video := &waBinary.Node{Tag: "offer", Content: []waBinary.Node{{Tag: "video"}}}
	base := protocol.Call{Event: protocol.Event{Type: "call", Session: "s1"}, CallID: "C1",
		Caller: "447700900123@s.whatsapp.net", CallerAlt: lid.String(), TimestampMS: at.UnixMilli()}
	groupMeta := meta
	groupMeta.GroupJID = group
	cases := []struct {
		evt  any
		want func(c protocol.Call) protocol.Call
	}{
		{&events.CallOffer{BasicCallMeta: meta, Data: video},
			func(c protocol.Call) protocol.Call { c.Status, c.Video = "offer", true; return c }},
		{&events.CallOffer{BasicCallMeta: meta, Data: &waBinary.Node{Tag: "offer"}},
			func(c protocol.Call) protocol.Call { c.Status = "offer"; return c }},
		{&events.CallOfferNotice{BasicCallMeta: groupMeta, Media: "video", Type: "group"},
			func(c protocol.Call) protocol.Call {
				c.Status, c.Video, c.Group, c.GroupJID = "offer", true, true, group.String()
				return c
			}},
		{&events.CallAccept{BasicCallMeta: meta},
			func(c protocol.Call) protocol.Call { c.Status = "accept"; return c }},
		{&events.CallTerminate{BasicCallMeta: meta, Reason: "timeout"},
			func(c protocol.Call) protocol.Call { c.Status, c.Reason = "terminate", "timeout"; return c }},
	}
	for _, c := range cases {
		got, ok := Other("s1", c.evt)
		if want := c.want(base); !ok || got != want {
			t.Errorf("%T: got %+v, want %+v", c.evt, got, want)
		}
	}
	// set-up chatter changes nothing the connector reports
	for _, evt := range []any{&events.CallRelayLatency{BasicCallMeta: meta}, &events.CallPreAccept{BasicCallMeta: meta}} {
		if got, ok := CallOf("s1", evt); ok {
			t.Errorf("%T reported as %+v", evt, got)
		}
	}
}
