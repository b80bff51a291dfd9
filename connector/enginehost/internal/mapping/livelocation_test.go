package mapping

import (
	"reflect"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func TestALiveLocationUpdateIsALiveLocationWithItsNumber(t *testing.T) {
	update := &waE2E.Message{LiveLocationMessage: &waE2E.LiveLocationMessage{
		DegreesLatitude: proto.Float64(52.52), DegreesLongitude: proto.Float64(13.405),
		AccuracyInMeters: proto.Uint32(12), SpeedInMps: proto.Float32(1.5),
		DegreesClockwiseFromMagneticNorth: proto.Uint32(90), Caption: proto.String("on my way"),
		SequenceNumber: proto.Int64(3)}}
	got := ContentOf(update)
	want := protocol.Content{Kind: protocol.KindLocation, Location: &protocol.Location{
		Latitude: 52.52, Longitude: 13.405, Live: true, Sequence: 3, AccuracyM: proto.Uint32(12),
		SpeedMps: proto.Float32(1.5), HeadingDeg: proto.Uint32(90), Caption: "on my way"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got.Location, want.Location)
	}
	// the share's start may say no more than where: what it did not say stays unset
	start := ContentOf(&waE2E.Message{LiveLocationMessage: &waE2E.LiveLocationMessage{
		DegreesLatitude: proto.Float64(1), DegreesLongitude: proto.Float64(2)}})
	if l := start.Location; !l.Live || l.AccuracyM != nil || l.SpeedMps != nil || l.Sequence != 0 {
		t.Fatalf("a bare share: %+v", l)
	}
	// a plain location is not live
	if l := ContentOf(&waE2E.Message{LocationMessage: &waE2E.LocationMessage{
		DegreesLatitude: proto.Float64(1), DegreesLongitude: proto.Float64(2)}}).Location; l.Live {
		t.Fatalf("a plain location: %+v", l)
	}
}
