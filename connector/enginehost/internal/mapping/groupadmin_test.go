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

func TestADescribedGroupCarriesEverySetting(t *testing.T) {
	info := &types.GroupInfo{JID: group, GroupLocked: types.GroupLocked{IsLocked: true},
		GroupEphemeral:              types.GroupEphemeral{IsEphemeral: true, DisappearingTimer: 604800},
		GroupMembershipApprovalMode: types.GroupMembershipApprovalMode{IsJoinApprovalRequired: true},
		MemberAddMode:               types.GroupMemberAddModeAllMember}
	got, _ := json.Marshal(Described(info, lidStore).Settings)
	want := `{"announce":false,"locked":true,"disappearing_s":604800,"member_add_mode":"all_member_add","join_approval":true}`
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	// a timer left over from before disappearing messages were turned off reads as off
	info = &types.GroupInfo{JID: group, GroupEphemeral: types.GroupEphemeral{DisappearingTimer: 86400}}
	if got := Described(info, lidStore).Settings; *got.DisappearingS != 0 || got.MemberAddMode != nil {
		t.Fatalf("got %+v", got)
	}
}

func TestSettingsChangesBecomeOneSettingsEventAndAGroupPictureOnePictureEvent(t *testing.T) {
	e := &events.GroupInfo{JID: group, Sender: &aliceLID, SenderPN: &alice, Timestamp: sentAt,
		Announce:  &types.GroupAnnounce{IsAnnounce: true},
		Ephemeral: &types.GroupEphemeral{IsEphemeral: false, DisappearingTimer: 86400}}
	got := GroupUpdates("s1", e, lidStore)
	if len(got) != 1 || got[0].Action != "settings" {
		t.Fatalf("got %+v", got)
	}
	settings, _ := json.Marshal(got[0].Settings)
	if string(settings) != `{"announce":true,"disappearing_s":0}` {
		t.Fatalf("settings %s", settings)
	}
	approval := GroupUpdates("s1", &events.GroupInfo{JID: group,
		MembershipApprovalMode: &types.GroupMembershipApprovalMode{IsJoinApprovalRequired: true}}, lidStore)
	if len(approval) != 1 || !*approval[0].Settings.JoinApproval {
		t.Fatalf("got %+v", approval)
	}

	picture := &events.Picture{JID: group, Author: aliceLID, Timestamp: sentAt, PictureID: "1765"}
	update, ok := PictureUpdate("s1", picture, lidStore)
	id := "1765"
	want := protocol.GroupUpdate{Event: protocol.Event{Type: "group_update", Session: "s1"},
		Group: group.String(), Action: "picture", By: aliceLID.String(), ByAlt: alice.String(),
		PictureID: &id, TimestampMS: sentAt.UnixMilli(), Participants: []protocol.UpdatedMember{}}
	if !ok || !reflect.DeepEqual(update, want) {
		t.Fatalf("got  %+v\nwant %+v", update, want)
	}
	removed, _ := PictureUpdate("s1", &events.Picture{JID: group, Remove: true, PictureID: "x"}, lidStore)
	if *removed.PictureID != "" {
		t.Fatalf("a removed picture has id %q", *removed.PictureID)
	}
	if _, ok := PictureUpdate("s1", &events.Picture{JID: alice}, lidStore); ok {
		t.Fatal("a person's profile picture became a group update")
	}
}

func TestOnlyTheTimersAndModesWhatsAppTakesAreAccepted(t *testing.T) {
	for _, timer := range []time.Duration{0, 24 * time.Hour, 7 * 24 * time.Hour, 90 * 24 * time.Hour} {
		if !DisappearingTimerAllowed(timer) {
			t.Errorf("%s refused", timer)
		}
	}
	for _, timer := range []time.Duration{time.Hour, 30 * 24 * time.Hour, -time.Second} {
		if DisappearingTimerAllowed(timer) {
			t.Errorf("%s accepted", timer)
		}
	}
	if _, ok := MemberAddMode("anyone"); ok {
		t.Error("an unknown member add mode was accepted")
	}
	if mode, ok := MemberAddMode("admin_add"); !ok || mode != types.GroupMemberAddModeAdmin {
		t.Errorf("admin_add: %q %v", mode, ok)
	}
	if action, ok := RequestAction("approve"); !ok || action != whatsmeow.ParticipantChangeApprove {
		t.Errorf("approve: %q %v", action, ok)
	}
	if _, ok := RequestAction("kick"); ok {
		t.Error("an unknown join request action was accepted")
	}
	asked := JoinRequests([]types.GroupParticipantRequest{{JID: aliceLID, RequestedAt: sentAt}, {JID: bob}}, lidStore)
	want := []protocol.JoinRequest{{JID: aliceLID.String(), Alt: alice.String(), RequestedMS: sentAt.UnixMilli()},
		{JID: bob.String()}}
	if !reflect.DeepEqual(asked, want) {
		t.Fatalf("got %+v", asked)
	}
}
