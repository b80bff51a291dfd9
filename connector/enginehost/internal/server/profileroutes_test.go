package server

import (
	"context"
	"os"
	"testing"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

// profileFake answers the profile requests: one business, and a picture read from its file.
type profileFake struct {
	fakeSession
	picture []byte
}

func (*profileFake) SetPushName(context.Context, protocol.SetPushName) error { return nil }
func (*profileFake) SetAbout(context.Context, protocol.SetAbout) error       { return nil }
func (f *profileFake) SetPicture(_ context.Context, req protocol.SetPicture) error {
	data, err := os.ReadFile(req.Path)
	f.picture = data
	return err
}
func (*profileFake) BusinessProfile(_ context.Context, req protocol.BusinessProfileRequest) (protocol.BusinessProfile, error) {
	if req.JID != "49@s.whatsapp.net" {
		return protocol.BusinessProfile{}, &wa.Refusal{Code: wa.CodeNotABusiness, Message: "none"}
	}
	return protocol.BusinessProfile{JID: req.JID, Categories: []string{"Bakery"}}, nil
}

func TestProfileRequestsAreRoutedWithTheirReplyFields(t *testing.T) {
	picture := t.TempDir() + "/picture"
	if err := os.WriteFile(picture, []byte("\xff\xd8\xff"), 0o600); err != nil {
		t.Fatal(err)
	}
	fake := &profileFake{}
	servedBy(t, fake, []routeCase{
		{protocol.SetPushName{Request: req("set_push_name", 2, "s1"), Name: "Shop"}, "error", ``},
		{protocol.SetAbout{Request: req("set_about", 3, "s1"), About: "open 8-18"}, "error", ``},
		{protocol.SetPicture{Request: req("set_picture", 4, "s1"), Path: picture}, "error", ``},
		{protocol.BusinessProfileRequest{Request: req("business_profile", 5, "s1"), JID: "49@s.whatsapp.net"},
			"business", `{"jid":"49@s.whatsapp.net","categories":["Bakery"],"hours":null}`},
		{protocol.BusinessProfileRequest{Request: req("business_profile", 6, "s1"), JID: "7@s.whatsapp.net"},
			"error", `{"code":"not_a_business","message":"none"}`},
	})
	if string(fake.picture) != "\xff\xd8\xff" {
		t.Fatalf("the picture the session read: %q", fake.picture)
	}
}
