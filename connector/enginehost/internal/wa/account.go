package wa

import (
	"context"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// RejectCall declines a call offered to the account (whatsmeow's RejectCall).
func (s *Session) RejectCall(ctx context.Context, req protocol.RejectCall) error {
	return s.onJID("caller", req.Caller, func(cli *whatsmeow.Client, caller types.JID) error {
		return cli.RejectCall(ctx, caller, req.CallID)
	})
}

// Privacy is the account's privacy settings as WhatsApp keeps them (whatsmeow fetches
// them once per connection and caches them).
func (s *Session) Privacy(ctx context.Context) (protocol.PrivacySettings, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return protocol.PrivacySettings{}, err
	}
	settings, err := cli.TryFetchPrivacySettings(ctx, false)
	if err != nil {
		return protocol.PrivacySettings{}, classify(err)
	}
	return privacyOf(*settings), nil
}

// SetPrivacy sets one privacy setting; WhatsApp answers the settings as they now are.
func (s *Session) SetPrivacy(ctx context.Context, req protocol.SetPrivacy) (protocol.PrivacySettings, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return protocol.PrivacySettings{}, err
	}
	settings, err := cli.SetPrivacySetting(ctx, types.PrivacySettingType(req.Name), types.PrivacySetting(req.Value))
	if err != nil {
		return protocol.PrivacySettings{}, classify(err)
	}
	return privacyOf(settings), nil
}

// Blocklist is the users the account blocked, as JIDs.
func (s *Session) Blocklist(ctx context.Context) ([]string, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return nil, err
	}
	list, err := cli.GetBlocklist(ctx)
	if err != nil {
		return nil, classify(err)
	}
	return blockedJIDs(list), nil
}

// UpdateBlocklist blocks or unblocks one user; WhatsApp answers the list as it now is.
func (s *Session) UpdateBlocklist(ctx context.Context, req protocol.UpdateBlocklist) ([]string, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return nil, err
	}
	user, err := parseJID("jid", req.JID)
	if err != nil {
		return nil, err
	}
	action := events.BlocklistChangeActionUnblock
	if req.Block {
		action = events.BlocklistChangeActionBlock
	}
	list, err := cli.UpdateBlocklist(ctx, user, action)
	if err != nil {
		return nil, classify(fmt.Errorf("blocklist %s %s: %w", action, user, err))
	}
	return blockedJIDs(list), nil
}

func privacyOf(p types.PrivacySettings) protocol.PrivacySettings {
	return protocol.PrivacySettings{LastSeen: string(p.LastSeen), Online: string(p.Online),
		Profile: string(p.Profile), Status: string(p.Status), GroupAdd: string(p.GroupAdd),
		ReadReceipts: string(p.ReadReceipts), CallAdd: string(p.CallAdd)}
}

func blockedJIDs(list *types.Blocklist) []string {
	out := make([]string, 0, len(list.JIDs))
	for _, j := range list.JIDs {
		out = append(out, j.String())
	}
	return out
}
