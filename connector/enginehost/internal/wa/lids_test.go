package wa

import (
	"context"
	"reflect"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// lids is whatsmeow's LID store kept in memory.
type lids struct{ byLID, byPN map[types.JID]types.JID }

func newLIDs() *lids { return &lids{byLID: map[types.JID]types.JID{}, byPN: map[types.JID]types.JID{}} }

func (l *lids) PutManyLIDMappings(ctx context.Context, mappings []store.LIDMapping) error {
	for _, m := range mappings {
		_ = l.PutLIDMapping(ctx, m.LID, m.PN)
	}
	return nil
}
func (l *lids) PutLIDMapping(_ context.Context, lid, pn types.JID) error {
	l.byLID[lid], l.byPN[pn] = pn, lid
	return nil
}
func (l *lids) GetPNForLID(_ context.Context, lid types.JID) (types.JID, error) {
	return l.byLID[lid], nil
}
func (l *lids) GetLIDForPN(_ context.Context, pn types.JID) (types.JID, error) {
	return l.byPN[pn], nil
}
func (l *lids) GetManyLIDsForPNs(context.Context, []types.JID) (map[types.JID]types.JID, error) {
	return l.byPN, nil
}

var (
	phone = types.NewJID("4915112345678", types.DefaultUserServer)
	lid   = types.NewJID("123456789012345", types.HiddenUserServer)
	group = types.NewJID("120363000000000001", types.GroupServer)
)

func sessionWithLIDs(out sink) *Session {
	known := newLIDs()
	_ = known.PutLIDMapping(context.Background(), lid, phone)
	own := types.NewJID("4930123456", types.DefaultUserServer)
	s := newTestSession(out, time.Second)
	s.client.Store(whatsmeow.NewClient(&store.Device{ID: &own, LIDs: known}, nil))
	return s
}

func TestLIDLookupReadsTheStoreBothWays(t *testing.T) {
	s := sessionWithLIDs(make(sink, 1))
	unknown := types.NewJID("4917000000000", types.DefaultUserServer)
	withDevice := types.JID{User: lid.User, Server: lid.Server, Device: 2}
	got, err := s.LIDLookup(context.Background(), protocol.LIDLookup{JIDs: []string{
		phone.String(), withDevice.String(), unknown.String()}})
	pair := protocol.LIDPair{PhoneJID: phone.String(), LID: lid.String()}
	if err != nil || !reflect.DeepEqual(got, []protocol.LIDPair{pair, pair}) {
		t.Fatalf("got %+v, %v", got, err)
	}
}

func TestGroupChangeNamesMembersWithTheirOtherAddress(t *testing.T) {
	out := make(sink, 4)
	s := sessionWithLIDs(out)
	if !s.handle(&events.GroupInfo{JID: group, Sender: &lid, Timestamp: time.Now(),
		Join: []types.JID{phone}, Leave: []types.JID{lid}}) {
		t.Fatal("not handled")
	}
	add, remove := out.next(t).(protocol.GroupUpdate), out.next(t).(protocol.GroupUpdate)
	if add.Action != "add" || add.Participants[0] != (protocol.UpdatedMember{JID: phone.String(), Alt: lid.String()}) ||
		add.By != lid.String() || add.ByAlt != phone.String() {
		t.Fatalf("add: %+v", add)
	}
	if remove.Action != "remove" || remove.Participants[0] != (protocol.UpdatedMember{JID: lid.String(), Alt: phone.String()}) {
		t.Fatalf("remove: %+v", remove)
	}
}
