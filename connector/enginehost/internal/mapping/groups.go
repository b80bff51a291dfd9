package mapping

import (
	"strings"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// AltOf is the other address of an account (its LID for a phone JID, its phone JID for a
// LID) as whatsmeow's LID store knows it; the empty JID when it does not.
type AltOf func(types.JID) types.JID

// Group maps whatsmeow's group description. alt fills in the other address of the owner
// when WhatsApp's answer did not carry it.
func Group(g *types.GroupInfo, alt AltOf) protocol.Group {
	out := protocol.Group{JID: jid(g.JID), Subject: g.Name, Description: g.Topic,
		Owner: jid(g.OwnerJID), Participants: make([]protocol.GroupParticipant, 0, len(g.Participants))}
	if !g.GroupCreated.IsZero() {
		out.CreatedMS = g.GroupCreated.UnixMilli()
	}
	if !g.OwnerJID.IsEmpty() {
		out.OwnerAlt = jid(g.OwnerPN)
		if g.OwnerPN.IsEmpty() || g.OwnerPN == g.OwnerJID {
			out.OwnerAlt = jid(alt(g.OwnerJID))
		}
	}
	for _, p := range g.Participants {
		out.Participants = append(out.Participants, protocol.GroupParticipant{
			JID: jid(p.JID), Alt: jid(participantAlt(p, alt)), Role: role(p)})
	}
	return out
}

// participantAlt: a participant is addressed by its LID or its phone JID, and WhatsApp
// often sends the other too.
func participantAlt(p types.GroupParticipant, alt AltOf) types.JID {
	other := p.LID
	if p.JID == p.LID {
		other = p.PhoneNumber
	}
	if other.IsEmpty() || other == p.JID {
		return alt(p.JID)
	}
	return other
}

func role(p types.GroupParticipant) string {
	switch {
	case p.IsSuperAdmin:
		return protocol.RoleSuperAdmin
	case p.IsAdmin:
		return protocol.RoleAdmin
	}
	return protocol.RoleMember
}

// Outcomes maps what WhatsApp answered for each participant of an update.
func Outcomes(ps []types.GroupParticipant) []protocol.ParticipantOutcome {
	out := make([]protocol.ParticipantOutcome, 0, len(ps))
	for _, p := range ps {
		lid := p.LID
		if lid.IsEmpty() && p.JID.Server == types.HiddenUserServer {
			lid = p.JID
		}
		out = append(out, protocol.ParticipantOutcome{JID: jid(p.JID), LID: jid(lid), Error: p.Error})
	}
	return out
}

// ParticipantChange is whatsmeow's name for an update_participants action.
func ParticipantChange(action string) (whatsmeow.ParticipantChange, bool) {
	switch change := whatsmeow.ParticipantChange(action); change {
	case whatsmeow.ParticipantChangeAdd, whatsmeow.ParticipantChangeRemove,
		whatsmeow.ParticipantChangePromote, whatsmeow.ParticipantChangeDemote:
		return change, true
	}
	return "", false
}

// InviteCode is the code part of an invite link (what join_group takes back).
func InviteCode(link string) string { return strings.TrimPrefix(link, whatsmeow.InviteLinkPrefix) }

// GroupUpdates splits whatsmeow's group change into one event per action it carries
// (joins, leaves, promotions, demotions, a new subject, a new description, settings:
// announce, locked, ephemeral and membership approval together); changes the protocol
// does not name (links, invite links, suspensions…) give none.
func GroupUpdates(session string, e *events.GroupInfo, alt AltOf) []protocol.GroupUpdate {
	base := protocol.GroupUpdate{Event: protocol.Event{Type: "group_update", Session: session},
		Group: jid(e.JID), TimestampMS: e.Timestamp.UnixMilli(), Participants: []protocol.UpdatedMember{}}
	if e.Sender != nil {
		base.By = jid(*e.Sender)
		base.ByAlt = jid(alt(*e.Sender))
		if e.SenderPN != nil && !e.SenderPN.IsEmpty() {
			base.ByAlt = jid(*e.SenderPN)
		}
	}
	var out []protocol.GroupUpdate
	for _, change := range []struct {
		action string
		jids   []types.JID
	}{{protocol.ActionAdd, e.Join}, {protocol.ActionRemove, e.Leave},
		{protocol.ActionPromote, e.Promote}, {protocol.ActionDemote, e.Demote}} {
		if len(change.jids) > 0 {
			u := base
			u.Action, u.Participants = change.action, members(change.jids, alt)
			out = append(out, u)
		}
	}
	if e.Name != nil {
		u := base
		u.Action, u.Subject = protocol.ActionSubject, e.Name.Name
		out = append(out, u)
	}
	if e.Topic != nil { // a deleted description comes as ""
		u := base
		u.Action, u.Description = protocol.ActionDescription, e.Topic.Topic
		out = append(out, u)
	}
	if settings := changedSettings(e); settings != nil {
		u := base
		u.Action, u.Settings = protocol.ActionSettings, settings
		out = append(out, u)
	}
	return out
}

func members(jids []types.JID, alt AltOf) []protocol.UpdatedMember {
	out := make([]protocol.UpdatedMember, 0, len(jids))
	for _, j := range jids {
		out = append(out, protocol.UpdatedMember{JID: jid(j), Alt: jid(alt(j))})
	}
	return out
}

// Profile maps what GetUserInfo said of one account. businessName is the verified name,
// which whatsmeow stores in its contact store rather than returning it.
func Profile(account types.JID, info types.UserInfo, businessName, pictureURL string) protocol.Profile {
	if info.VerifiedName != nil && info.VerifiedName.Details.GetVerifiedName() != "" {
		businessName = info.VerifiedName.Details.GetVerifiedName()
	}
	return protocol.Profile{JID: jid(account), LID: jid(info.LID), About: info.Status,
		PictureURL: pictureURL, BusinessName: businessName}
}
