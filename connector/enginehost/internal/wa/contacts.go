package wa

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/mapping"
	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// altOf looks an account's other address up in whatsmeow's LID store (no network),
// each account once per request (joined_groups names the same members in many groups);
// a store error reads as "not known", since the address is a courtesy, not the answer.
func (s *Session) altOf(ctx context.Context, cli *whatsmeow.Client) mapping.AltOf {
	known := map[types.JID]types.JID{}
	return func(j types.JID) types.JID {
		if other, seen := known[j]; seen {
			return other
		}
		var other types.JID
		switch j.Server {
		case types.HiddenUserServer:
			other, _ = cli.Store.LIDs.GetPNForLID(ctx, j)
		case types.DefaultUserServer:
			other, _ = cli.Store.LIDs.GetLIDForPN(ctx, j)
		}
		known[j] = other
		return other
	}
}

// LIDLookup pairs phone JIDs and LIDs the store knows; unknown ones are left out. It
// reads the store only, so it answers while the session is still connecting too.
func (s *Session) LIDLookup(ctx context.Context, req protocol.LIDLookup) ([]protocol.LIDPair, error) {
	cli := s.Client()
	if cli == nil {
		return nil, refuse(CodeNotConnected, errors.New("session not started yet"))
	}
	jids, err := parseJIDs("jids", req.JIDs)
	if err != nil {
		return nil, err
	}
	alt := s.altOf(ctx, cli)
	pairs := make([]protocol.LIDPair, 0, len(jids))
	for _, j := range jids {
		other := alt(j.ToNonAD())
		switch {
		case other.IsEmpty():
		case j.Server == types.HiddenUserServer:
			pairs = append(pairs, protocol.LIDPair{PhoneJID: other.String(), LID: j.ToNonAD().String()})
		default:
			pairs = append(pairs, protocol.LIDPair{PhoneJID: j.ToNonAD().String(), LID: other.String()})
		}
	}
	return pairs, nil
}

// ContactInfo is one account's profile: about and verified name from one usync query,
// the picture's URL from another. A hidden or missing picture is "", not an error.
func (s *Session) ContactInfo(ctx context.Context, req protocol.ContactInfo) (protocol.Profile, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return protocol.Profile{}, err
	}
	account, err := parseJID("jid", req.JID)
	if err != nil {
		return protocol.Profile{}, err
	}
	infos, err := cli.GetUserInfo(ctx, []types.JID{account})
	if err != nil {
		return protocol.Profile{}, classify(err)
	}
	info, found := infos[account]
	if !found || len(info.Devices) == 0 { // every account has at least its phone
		return protocol.Profile{}, refuse(CodeNotOnWhatsApp, fmt.Errorf("%s has no WhatsApp account", account))
	}
	picture, err := cli.GetProfilePictureInfo(ctx, account, &whatsmeow.GetProfilePictureParams{})
	if err != nil && !errors.Is(err, whatsmeow.ErrProfilePictureNotSet) &&
		!errors.Is(err, whatsmeow.ErrProfilePictureUnauthorized) {
		return protocol.Profile{}, classify(err)
	}
	url := ""
	if picture != nil {
		url = picture.URL
	}
	// whatsmeow keeps the verified name it just read in its contact store
	contact, _ := cli.Store.Contacts.GetContact(ctx, account)
	profile := mapping.Profile(account, info, contact.BusinessName, url)
	if profile.LID == "" && account.Server == types.HiddenUserServer {
		profile.LID = account.String()
	}
	return profile, nil
}

// HistoryRequest asks the phone for older messages of a chat (whatsmeow's on-demand
// history sync); they arrive as history events with sync_type on_demand.
func (s *Session) HistoryRequest(ctx context.Context, req protocol.HistoryRequest) error {
	if req.OldestMessageID == "" || req.OldestTimestampMS <= 0 || req.Count <= 0 {
		return refuse(CodeBadRequest, errors.New("history_request needs the oldest message's id and time and a count"))
	}
	return s.onJID("chat", req.Chat, func(cli *whatsmeow.Client, chat types.JID) error {
		request := cli.BuildHistorySyncRequest(mapping.HistoryAnchor(req, chat), req.Count)
		// a peer message: to the session's own phone, not to the chat
		own := cli.Store.GetJID().ToNonAD()
		_, err := cli.SendMessage(ctx, own, request, whatsmeow.SendRequestExtra{Peer: true})
		return err
	})
}

// keepAlive is what the last keep-alive events said.
type keepAlive struct {
	failing     bool
	lastSuccess time.Time
}

// Health reports the connection from what the session already knows: no round trip,
// and no lock a hanging connect could hold (IsLoggedIn is an atomic read).
func (s *Session) Health() protocol.HealthStatus {
	status := protocol.HealthStatus{KeepAliveOK: true, Connected: s.online.Load()}
	if cli := s.Client(); cli != nil {
		status.LoggedIn = cli.IsLoggedIn()
	}
	if k := s.keepAlive.Load(); k != nil {
		status.KeepAliveOK = !k.failing
		if !k.lastSuccess.IsZero() {
			status.LastKeepAliveMS = k.lastSuccess.UnixMilli()
		}
	}
	return status
}

// noteKeepAlive keeps what a keep-alive event says for Health.
func (s *Session) noteKeepAlive(failing bool, lastSuccess time.Time) {
	s.keepAlive.Store(&keepAlive{failing: failing, lastSuccess: lastSuccess})
}
