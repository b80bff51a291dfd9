package mapping

import (
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// CallOf maps whatsmeow's call events to the protocol's; ok false for other events and
// for the call events that change nothing the connector reports (preaccept, transport,
// relay latency, which WhatsApp sends while a call is set up).
func CallOf(session string, evt any) (protocol.Call, bool) {
	switch e := evt.(type) {
	case *events.CallOffer:
		call := callOf(session, e.BasicCallMeta, "offer")
		if e.Data != nil { // an offer names its media: a video one carries <video>
			_, call.Video = e.Data.GetOptionalChildByTag("video")
		}
		return call, true
	case *events.CallOfferNotice:
		call := callOf(session, e.BasicCallMeta, "offer")
		call.Video = e.Media == "video"
		call.Group = call.Group || e.Type == "group"
		return call, true
	case *events.CallAccept:
		return callOf(session, e.BasicCallMeta, "accept"), true
	case *events.CallTerminate:
		call := callOf(session, e.BasicCallMeta, "terminate")
		call.Reason = e.Reason
		return call, true
	}
	return protocol.Call{}, false
}

func callOf(session string, meta types.BasicCallMeta, status string) protocol.Call {
	creator := meta.CallCreator
	if creator.IsEmpty() {
		creator = meta.From
	}
	return protocol.Call{Event: protocol.Event{Type: "call", Session: session},
		CallID: meta.CallID, Caller: jid(creator.ToNonAD()), CallerAlt: jid(meta.CallCreatorAlt.ToNonAD()),
		Status: status, Group: !meta.GroupJID.IsEmpty(), GroupJID: jid(meta.GroupJID),
		TimestampMS: meta.Timestamp.UnixMilli()}
}
