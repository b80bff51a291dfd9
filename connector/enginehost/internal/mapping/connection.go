// Package mapping turns whatsmeow's events and protobufs into protocol messages and
// protocol send content into waE2E messages. Pure functions: no client, no I/O.
package mapping

import (
	"strconv"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Disconnect reasons: the connector's DisconnectReason values, so both sides name a
// cause the same way.
const (
	ReasonConnectionLost = "connection_lost"
	ReasonReplaced       = "connection_replaced"
	ReasonTemporaryBan   = "temporary_ban"
	ReasonClientOutdated = "client_outdated"
	ReasonRejected       = "connect_rejected"
	ReasonStreamError    = "stream_error"
	ReasonAckDeadline    = "ack_deadline" // the connector did not answer stored in time
)

// Connection maps whatsmeow's connection and pairing events; ok is false for others.
func Connection(session string, evt any, now time.Time) (out any, ok bool) {
	base := protocol.Event{Session: session}
	switch e := evt.(type) {
	case *events.PairSuccess:
		base.Type = "paired"
		return protocol.Paired{Event: base, DeviceJID: e.ID.String(), LID: jid(e.LID),
			BusinessName: e.BusinessName, Platform: e.Platform}, true
	case *events.LoggedOut:
		base.Type = "logged_out"
		return protocol.LoggedOut{Event: base, Reason: e.Reason.String(), Code: int(e.Reason),
			OnConnect: e.OnConnect}, true
	case *events.KeepAliveTimeout:
		base.Type = "keepalive"
		return protocol.KeepAlive{Event: base, State: "timeout", ErrorCount: e.ErrorCount,
			LastSuccessMS: e.LastSuccess.UnixMilli()}, true
	case *events.KeepAliveRestored:
		base.Type = "keepalive"
		return protocol.KeepAlive{Event: base, State: "restored"}, true
	}
	if d, ok := disconnect(evt, now); ok {
		d.Event = protocol.Event{Type: "disconnected", Session: session}
		return d, true
	}
	return nil, false
}

// disconnect names the cause of a connection's end, passing WhatsApp's code through.
func disconnect(evt any, now time.Time) (protocol.Disconnected, bool) {
	switch e := evt.(type) {
	case *events.Disconnected:
		return protocol.Disconnected{Reason: ReasonConnectionLost}, true
	case *events.StreamReplaced:
		return protocol.Disconnected{Reason: ReasonReplaced}, true
	case *events.TemporaryBan:
		return protocol.Disconnected{Reason: ReasonTemporaryBan, Code: int(e.Code),
			Detail: e.String(), UntilMS: now.Add(e.Expire).UnixMilli()}, true
	case *events.ClientOutdated:
		return protocol.Disconnected{Reason: ReasonClientOutdated,
			Code: int(events.ConnectFailureClientOutdated)}, true
	case *events.ConnectFailure:
		return protocol.Disconnected{Reason: ReasonRejected, Code: int(e.Reason),
			Detail: e.Message}, true
	case *events.StreamError:
		code, _ := strconv.Atoi(e.Code)
		return protocol.Disconnected{Reason: ReasonStreamError, Code: code, Detail: e.Code}, true
	}
	return protocol.Disconnected{}, false
}

// QRItem maps one item of whatsmeow's QR channel: a code, success (nil: the Paired
// event reports it, with the JID), or an end of pairing.
func QRItem(session string, item whatsmeow.QRChannelItem) any {
	switch item.Event {
	case whatsmeow.QRChannelEventCode:
		return protocol.QR{Event: protocol.Event{Type: "qr", Session: session},
			Code: item.Code, TimeoutMS: item.Timeout.Milliseconds()}
	case whatsmeow.QRChannelSuccess.Event:
		return nil
	}
	failed := protocol.PairFailed{Event: protocol.Event{Type: "pair_failed", Session: session},
		Outcome: item.Event}
	if item.Error != nil {
		failed.Detail = item.Error.Error()
	}
	return failed
}
