package mapping

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

var (
	bob    = types.NewJID("4917000000002", types.DefaultUserServer)
	bobLID = types.NewJID("222222222222222", types.HiddenUserServer)
)

// lidStore stands in for whatsmeow's LID store: it knows alice's two addresses only.
func lidStore(j types.JID) types.JID {
	switch j {
	case alice:
		return aliceLID
	case aliceLID:
		return alice
	}
	return types.EmptyJID
}

func TestGroupNamesRolesAltsAndTheExactCreationTime(t *testing.T) {
	// 2026-12-06 23:59:59 UTC: a float32 of its seconds would be off by minutes
	created := time.Unix(1_796_601_599, 0)
	info := &types.GroupInfo{JID: group, OwnerJID: aliceLID, OwnerPN: alice,
		GroupName: types.GroupName{Name: "Team"}, GroupTopic: types.GroupTopic{Topic: "plans"},
		GroupCreated: created,
		Participants: []types.GroupParticipant{
			{JID: aliceLID, LID: aliceLID, PhoneNumber: alice, IsAdmin: true, IsSuperAdmin: true},
			{JID: bob, PhoneNumber: bob, IsAdmin: true}, // WhatsApp sent no LID, the store has none
			{JID: alice, PhoneNumber: alice},            // WhatsApp sent no LID, the store has it
		}}
	got := Group(info, lidStore)
	want := protocol.Group{JID: group.String(), Subject: "Team", Description: "plans",
		Owner: aliceLID.String(), OwnerAlt: alice.String(), CreatedMS: 1_796_601_599_000,
		Participants: []protocol.GroupParticipant{
			{JID: aliceLID.String(), Alt: alice.String(), Role: protocol.RoleSuperAdmin},
			{JID: bob.String(), Role: protocol.RoleAdmin},
			{JID: alice.String(), Alt: aliceLID.String(), Role: protocol.RoleMember},
		}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	empty, _ := json.Marshal(Group(&types.GroupInfo{JID: group}, lidStore))
	if string(empty) != `{"jid":"`+group.String()+`","subject":"","participants":[]}` {
		t.Fatalf("a group without members or creation time reads %s", empty)
	}
}

func TestGroupChangeBecomesOneEventPerAction(t *testing.T) {
	e := &events.GroupInfo{JID: group, Sender: &aliceLID, SenderPN: &alice, Timestamp: sentAt,
		Join: []types.JID{bob, aliceLID}, Promote: []types.JID{bobLID},
		Name: &types.GroupName{Name: "New name"}, Topic: &types.GroupTopic{TopicDeleted: true},
		Locked: &types.GroupLocked{IsLocked: true}, Link: &types.GroupLinkChange{}} // a link: no action
	got := GroupUpdates("s1", e, lidStore)
	base := protocol.GroupUpdate{Event: protocol.Event{Type: "group_update", Session: "s1"},
		Group: group.String(), By: aliceLID.String(), ByAlt: alice.String(),
		TimestampMS: sentAt.UnixMilli(), Participants: []protocol.UpdatedMember{}}
	add, promote, subject, description, settings := base, base, base, base, base
	add.Action, add.Participants = "add", []protocol.UpdatedMember{{JID: bob.String()},
		{JID: aliceLID.String(), Alt: alice.String()}}
	promote.Action, promote.Participants = "promote", []protocol.UpdatedMember{{JID: bobLID.String()}}
	subject.Action, subject.Subject = "subject", "New name"
	description.Action = "description" // deleted: ""
	locked := true
	settings.Action, settings.Settings = "settings", &protocol.GroupSettings{Locked: &locked}
	if want := []protocol.GroupUpdate{add, promote, subject, description, settings}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	// a change by someone WhatsApp names by LID alone: the store gives the phone
	byLID := GroupUpdates("s1", &events.GroupInfo{JID: group, Sender: &aliceLID, Leave: []types.JID{alice}}, lidStore)
	if len(byLID) != 1 || byLID[0].Action != "remove" || byLID[0].ByAlt != alice.String() {
		t.Fatalf("got %+v", byLID)
	}
}

func TestParticipantOutcomesKeepWhatsAppsCodes(t *testing.T) {
	got := Outcomes([]types.GroupParticipant{{JID: bob}, {JID: bobLID, Error: 403},
		{JID: alice, LID: aliceLID, Error: 409}})
	want := []protocol.ParticipantOutcome{{JID: bob.String()}, {JID: bobLID.String(), LID: bobLID.String(), Error: 403},
		{JID: alice.String(), LID: aliceLID.String(), Error: 409}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
	for _, action := range []string{"add", "remove", "promote", "demote"} {
		if change, ok := ParticipantChange(action); !ok || string(change) != action {
			t.Errorf("%s: %q %v", action, change, ok)
		}
	}
	if _, ok := ParticipantChange("ban"); ok {
		t.Error("an unknown action was accepted")
	}
	if got := InviteCode(whatsmeow.InviteLinkPrefix + "AbC123"); got != "AbC123" {
		t.Errorf("invite code %q", got)
	}
}
