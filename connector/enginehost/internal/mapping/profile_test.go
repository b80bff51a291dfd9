package mapping

import (
	"encoding/json"
	"testing"

	"go.mau.fi/whatsmeow/types"
)

func TestBusinessProfileKeepsCategoryNamesAndHoursAsWhatsAppSentThem(t *testing.T) {
	found := &types.BusinessProfile{
		JID:                   types.NewJID("4915112345678", types.DefaultUserServer),
		Address:               "Hauptstr. 1, Berlin",
		Email:                 "shop@example.com",
		Categories:            []types.Category{{ID: "133436743388217", Name: "Bakery"}},
		BusinessHoursTimeZone: "Europe/Berlin",
		BusinessHours: []types.BusinessHoursConfig{
			{DayOfWeek: "mon", Mode: "specific_hours", OpenTime: "480", CloseTime: "1080"},
			{DayOfWeek: "sun", Mode: "appointment_only"},
		},
	}
	got, _ := json.Marshal(BusinessProfileOf(found))
	want := `{"jid":"4915112345678@s.whatsapp.net","address":"Hauptstr. 1, Berlin",` +
		`"email":"shop@example.com","categories":["Bakery"],"hours_time_zone":"Europe/Berlin",` +
		`"hours":[{"day_of_week":"mon","mode":"specific_hours","open_time":"480","close_time":"1080"},` +
		`{"day_of_week":"sun","mode":"appointment_only"}]}`
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	empty, _ := json.Marshal(BusinessProfileOf(&types.BusinessProfile{JID: found.JID}))
	if string(empty) != `{"jid":"4915112345678@s.whatsapp.net","categories":[],"hours":[]}` {
		t.Fatalf("a profile without categories or hours: %s", empty) // [] for the connector, never null
	}
}
