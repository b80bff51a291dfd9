package wa

import (
	"context"
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/mapping"
	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Error codes of group and contact requests.
const (
	CodeGroupNotFound  = "group_not_found"  // no such group, or the session is not in it
	CodeNotGroupAdmin  = "not_group_admin"  // a change only an admin may make
	CodeInviteNotFound = "invite_not_found" // an invalid or revoked invite code
	CodeNotOnWhatsApp  = "not_on_whatsapp"  // contact_info for an account that does not exist
)

// groupError names what WhatsApp answered to a group request: whatsmeow's sentinels
// first, then the IQ error's status code (never its text).
func groupError(err error) error {
	var iq *whatsmeow.IQError
	switch {
	case errors.Is(err, whatsmeow.ErrGroupNotFound), errors.Is(err, whatsmeow.ErrNotInGroup):
		return refuse(CodeGroupNotFound, err)
	case errors.Is(err, whatsmeow.ErrGroupInviteLinkUnauthorized):
		return refuse(CodeNotGroupAdmin, err)
	case errors.Is(err, whatsmeow.ErrInviteLinkInvalid), errors.Is(err, whatsmeow.ErrInviteLinkRevoked):
		return refuse(CodeInviteNotFound, err)
	case errors.As(err, &iq) && iq.Code == 404:
		return refuse(CodeGroupNotFound, err)
	case errors.As(err, &iq) && (iq.Code == 401 || iq.Code == 403):
		return refuse(CodeNotGroupAdmin, err)
	}
	return classify(err)
}

// onGroup runs a group action of the logged-in client on the group a request names.
func (s *Session) onGroup(value string, act func(*whatsmeow.Client, types.JID) error) error {
	cli, err := s.loggedIn()
	if err != nil {
		return err
	}
	group, err := parseJID("group", value)
	if err == nil && group.Server != types.GroupServer {
		err = refuse(CodeBadRequest, fmt.Errorf("group %q is not a group JID", value))
	}
	if err != nil {
		return err
	}
	if err := act(cli, group); err != nil {
		return groupError(err)
	}
	return nil
}

// JoinedGroups lists the session's groups.
func (s *Session) JoinedGroups(ctx context.Context) ([]protocol.Group, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return nil, err
	}
	infos, err := cli.GetJoinedGroups(ctx)
	if err != nil {
		return nil, groupError(err)
	}
	alt := s.altOf(ctx, cli)
	groups := make([]protocol.Group, 0, len(infos))
	for _, info := range infos {
		groups = append(groups, mapping.Described(info, alt))
	}
	return groups, nil
}

// GroupInfo describes one group.
func (s *Session) GroupInfo(ctx context.Context, req protocol.GroupInfo) (group protocol.Group, err error) {
	err = s.onGroup(req.Group, func(cli *whatsmeow.Client, jid types.JID) error {
		info, err := cli.GetGroupInfo(ctx, jid)
		if err == nil {
			group = mapping.Described(info, s.altOf(ctx, cli))
		}
		return err
	})
	return group, err
}

// CreateGroup makes a group once per create_key: WhatsApp answers a repeat of the same
// key with the group it already made.
func (s *Session) CreateGroup(ctx context.Context, req protocol.CreateGroup) (protocol.Group, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return protocol.Group{}, err
	}
	if req.CreateKey == "" || req.Subject == "" {
		return protocol.Group{}, refuse(CodeBadRequest, errors.New("create_group needs a subject and a create_key"))
	}
	members, err := parseJIDs("participants", req.Participants)
	if err != nil {
		return protocol.Group{}, err
	}
	info, err := cli.CreateGroup(ctx, whatsmeow.ReqCreateGroup{Name: req.Subject, Participants: members,
		CreateKey: req.CreateKey})
	if err != nil {
		return protocol.Group{}, groupError(err)
	}
	return mapping.Described(info, s.altOf(ctx, cli)), nil
}

// SetGroupSubject renames a group.
func (s *Session) SetGroupSubject(ctx context.Context, req protocol.SetGroupSubject) error {
	return s.onGroup(req.Group, func(cli *whatsmeow.Client, group types.JID) error {
		return cli.SetGroupName(ctx, group, req.Subject)
	})
}

// SetGroupDescription sets a group's description. The current description's id is read
// first here, not inside whatsmeow, whose own lookup loses the error's kind (a group
// the session left would read as "failed" instead of group_not_found).
func (s *Session) SetGroupDescription(ctx context.Context, req protocol.SetGroupDescription) error {
	return s.onGroup(req.Group, func(cli *whatsmeow.Client, group types.JID) error {
		current, err := cli.GetGroupInfo(ctx, group)
		if err != nil {
			return err
		}
		return cli.SetGroupTopic(ctx, group, current.TopicID, "", req.Description)
	})
}

// UpdateParticipants adds, removes, promotes or demotes members, reporting each one's outcome.
func (s *Session) UpdateParticipants(ctx context.Context, req protocol.UpdateParticipants) (
	outcomes []protocol.ParticipantOutcome, err error) {
	change, ok := mapping.ParticipantChange(req.Action)
	if !ok {
		return nil, refuse(CodeBadRequest, fmt.Errorf("participant action %q", req.Action))
	}
	members, err := parseJIDs("participants", req.Participants)
	if err != nil {
		return nil, err
	}
	err = s.onGroup(req.Group, func(cli *whatsmeow.Client, group types.JID) error {
		changed, err := cli.UpdateGroupParticipants(ctx, group, members, change)
		outcomes = mapping.Outcomes(changed)
		return err
	})
	return outcomes, err
}

// LeaveGroup leaves a group.
func (s *Session) LeaveGroup(ctx context.Context, req protocol.LeaveGroup) error {
	return s.onGroup(req.Group, func(cli *whatsmeow.Client, group types.JID) error {
		return cli.LeaveGroup(ctx, group)
	})
}

// GroupInvite is the group's invite code; revoke makes a new one.
func (s *Session) GroupInvite(ctx context.Context, req protocol.GroupInvite) (code string, err error) {
	err = s.onGroup(req.Group, func(cli *whatsmeow.Client, group types.JID) error {
		link, err := cli.GetGroupInviteLink(ctx, group, req.Revoke)
		code = mapping.InviteCode(link)
		return err
	})
	return code, err
}

// JoinGroup joins by invite code; the group's JID (or, where an admin must approve, the
// JID WhatsApp names for the request) is the answer.
func (s *Session) JoinGroup(ctx context.Context, req protocol.JoinGroup) (string, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return "", err
	}
	if req.Code == "" {
		return "", refuse(CodeBadRequest, errors.New("join_group needs a code"))
	}
	group, err := cli.JoinGroupWithLink(ctx, req.Code)
	if err != nil {
		return "", groupError(err)
	}
	return group.String(), nil
}

func parseJIDs(field string, values []string) ([]types.JID, error) {
	out := make([]types.JID, 0, len(values))
	for _, v := range values {
		j, err := parseJID(field, v)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}
