package mapping

import (
	"encoding/json"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// forwardingScore is how many times a message wagate forwards was forwarded: wagate
// keeps no score of the messages it stored, so a forward counts once (WhatsApp's apps
// show "Forwarded"; from 5 on, "Forwarded many times").
const forwardingScore = 1

// forwarded: the send is a forward of a stored message (a text, a location, contact
// cards as the bus encodes them with `forwarded`; an attachment's media says so).
func forwarded(c protocol.Content) bool {
	if c.Media != nil {
		return c.Media.Forwarded
	}
	var f struct{ Forwarded bool }
	return json.Unmarshal(c.Raw, &f) == nil && f.Forwarded
}

// asForwarded is ctx (a quote's, or nil) marked as WhatsApp marks a forwarded message.
func asForwarded(ctx *waE2E.ContextInfo) *waE2E.ContextInfo {
	out := &waE2E.ContextInfo{}
	if ctx != nil {
		out = proto.Clone(ctx).(*waE2E.ContextInfo)
	}
	out.IsForwarded = proto.Bool(true)
	out.ForwardingScore = proto.Uint32(forwardingScore)
	return out
}
