package mapping

import (
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// DisappearingTimerAllowed: WhatsApp's server takes off, 24 hours, 7 days and 90 days in
// a group, and refuses any other timer.
func DisappearingTimerAllowed(timer time.Duration) bool {
	switch timer {
	case whatsmeow.DisappearingTimerOff, whatsmeow.DisappearingTimer24Hours,
		whatsmeow.DisappearingTimer7Days, whatsmeow.DisappearingTimer90Days:
		return true
	}
	return false
}

// MemberAddMode is whatsmeow's name for who may add members.
func MemberAddMode(mode string) (types.GroupMemberAddMode, bool) {
	switch m := types.GroupMemberAddMode(mode); m {
	case types.GroupMemberAddModeAdmin, types.GroupMemberAddModeAllMember:
		return m, true
	}
	return "", false
}

// RequestAction is whatsmeow's name for an answer to join requests.
func RequestAction(action string) (whatsmeow.ParticipantRequestChange, bool) {
	switch a := whatsmeow.ParticipantRequestChange(action); a {
	case whatsmeow.ParticipantChangeApprove, whatsmeow.ParticipantChangeReject:
		return a, true
	}
	return "", false
}

// PictureID is the id SetGroupPhoto answered; "" once removed (whatsmeow says "remove").
func PictureID(answered string, removed bool) string {
	if removed {
		return ""
	}
	return answered
}

// JoinRequests maps the requests to join a group waiting for an admin.
func JoinRequests(asked []types.GroupParticipantRequest, alt AltOf) []protocol.JoinRequest {
	out := make([]protocol.JoinRequest, 0, len(asked))
	for _, r := range asked {
		req := protocol.JoinRequest{JID: jid(r.JID), Alt: jid(alt(r.JID))}
		if !r.RequestedAt.IsZero() {
			req.RequestedMS = r.RequestedAt.UnixMilli()
		}
		out = append(out, req)
	}
	return out
}

// Described is a group with its settings, as a description of it from WhatsApp says.
func Described(g *types.GroupInfo, alt AltOf) protocol.Group {
	out := Group(g, alt)
	out.Settings = groupSettings(g)
	return out
}

// groupSettings are the settings a group's description says.
func groupSettings(g *types.GroupInfo) *protocol.GroupSettings {
	timer := uint32(0)
	if g.IsEphemeral {
		timer = g.DisappearingTimer
	}
	out := &protocol.GroupSettings{Announce: &g.IsAnnounce, Locked: &g.IsLocked,
		DisappearingS: &timer, JoinApproval: &g.IsJoinApprovalRequired}
	if g.MemberAddMode != "" {
		mode := string(g.MemberAddMode)
		out.MemberAddMode = &mode
	}
	return out
}

// changedSettings are the settings a group change carries (nil: none). WhatsApp tells a
// member add mode change in no field whatsmeow parses, so it comes with the group's info.
func changedSettings(e *events.GroupInfo) *protocol.GroupSettings {
	out := protocol.GroupSettings{}
	if e.Announce != nil {
		out.Announce = &e.Announce.IsAnnounce
	}
	if e.Locked != nil {
		out.Locked = &e.Locked.IsLocked
	}
	if e.Ephemeral != nil {
		timer := uint32(0)
		if e.Ephemeral.IsEphemeral {
			timer = e.Ephemeral.DisappearingTimer
		}
		out.DisappearingS = &timer
	}
	if e.MembershipApprovalMode != nil {
		out.JoinApproval = &e.MembershipApprovalMode.IsJoinApprovalRequired
	}
	if out == (protocol.GroupSettings{}) {
		return nil
	}
	return &out
}

// PictureUpdate is a group's new picture (or its removal) as a group update; false for
// a person's profile picture, which wagate does not report.
func PictureUpdate(session string, e *events.Picture, alt AltOf) (protocol.GroupUpdate, bool) {
	if e.JID.Server != types.GroupServer {
		return protocol.GroupUpdate{}, false
	}
	id := PictureID(e.PictureID, e.Remove)
	u := protocol.GroupUpdate{Event: protocol.Event{Type: "group_update", Session: session},
		Group: jid(e.JID), Action: protocol.ActionPicture, PictureID: &id,
		TimestampMS: e.Timestamp.UnixMilli(), Participants: []protocol.UpdatedMember{}}
	if !e.Author.IsEmpty() {
		u.By, u.ByAlt = jid(e.Author), jid(alt(e.Author))
	}
	return u, true
}
