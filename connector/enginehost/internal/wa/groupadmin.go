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

// CodeInvalidImage: WhatsApp refused a group picture as not acceptable (not a JPEG it takes).
const CodeInvalidImage = "invalid_image"

// groupAdminError names WhatsApp's refusals particular to group administration, then
// those of every group request.
func groupAdminError(err error) error {
	switch {
	case errors.Is(err, whatsmeow.ErrInvalidImageFormat):
		return refuse(CodeInvalidImage, err)
	case errors.Is(err, whatsmeow.ErrInvalidDisappearingTimer):
		return refuse(CodeBadRequest, err)
	}
	return err
}

// settingChange is one request to WhatsApp changing one setting.
type settingChange func(ctx context.Context, cli *whatsmeow.Client, group types.JID) error

// settingChanges are the requests a SetGroupSettings makes, one per setting set, in the
// protocol's order; a value WhatsApp does not take is refused before any is made.
func settingChanges(s protocol.GroupSettings) ([]settingChange, error) {
	var out []settingChange
	if s.Announce != nil {
		on := *s.Announce
		out = append(out, func(ctx context.Context, cli *whatsmeow.Client, g types.JID) error {
			return cli.SetGroupAnnounce(ctx, g, on)
		})
	}
	if s.Locked != nil {
		on := *s.Locked
		out = append(out, func(ctx context.Context, cli *whatsmeow.Client, g types.JID) error {
			return cli.SetGroupLocked(ctx, g, on)
		})
	}
	if s.DisappearingS != nil {
		timer := time.Duration(*s.DisappearingS) * time.Second
		if !mapping.DisappearingTimerAllowed(timer) {
			return nil, fmt.Errorf("disappearing timer %s is not off, 24h, 7d or 90d", timer)
		}
		out = append(out, func(ctx context.Context, cli *whatsmeow.Client, g types.JID) error {
			return cli.SetDisappearingTimer(ctx, g, timer, time.Time{})
		})
	}
	if s.MemberAddMode != nil {
		mode, ok := mapping.MemberAddMode(*s.MemberAddMode)
		if !ok {
			return nil, fmt.Errorf("member add mode %q", *s.MemberAddMode)
		}
		out = append(out, func(ctx context.Context, cli *whatsmeow.Client, g types.JID) error {
			return cli.SetGroupMemberAddMode(ctx, g, mode)
		})
	}
	if s.JoinApproval != nil {
		on := *s.JoinApproval
		out = append(out, func(ctx context.Context, cli *whatsmeow.Client, g types.JID) error {
			return cli.SetGroupJoinApprovalMode(ctx, g, on)
		})
	}
	return out, nil
}

// SetGroupSettings changes each setting given, one request each, as WhatsApp takes them;
// the first refusal stops the rest.
func (s *Session) SetGroupSettings(ctx context.Context, req protocol.SetGroupSettings) error {
	changes, err := settingChanges(req.Settings)
	if err != nil {
		return refuse(CodeBadRequest, err)
	}
	return s.onGroup(req.Group, func(cli *whatsmeow.Client, group types.JID) error {
		for _, change := range changes {
			if err := change(ctx, cli, group); err != nil {
				return groupAdminError(err)
			}
		}
		return nil
	})
}

// SetGroupPicture sets the group's picture, or removes it when the request has none;
// the answer is the new picture's id ("" once removed).
func (s *Session) SetGroupPicture(ctx context.Context, req protocol.SetGroupPicture) (id string, err error) {
	err = s.onGroup(req.Group, func(cli *whatsmeow.Client, group types.JID) error {
		var jpeg []byte
		if len(req.JPEG) > 0 {
			jpeg = req.JPEG
		}
		set, err := cli.SetGroupPhoto(ctx, group, jpeg)
		id = mapping.PictureID(set, jpeg == nil)
		return groupAdminError(err)
	})
	return id, err
}

// GroupRequests lists the requests to join waiting for an admin.
func (s *Session) GroupRequests(ctx context.Context, req protocol.GroupRequests) (found []protocol.JoinRequest, err error) {
	err = s.onGroup(req.Group, func(cli *whatsmeow.Client, group types.JID) error {
		asked, err := cli.GetGroupRequestParticipants(ctx, group)
		found = mapping.JoinRequests(asked, s.altOf(ctx, cli))
		return err
	})
	return found, err
}

// AnswerGroupRequests approves or rejects requests to join, reporting each one's outcome.
func (s *Session) AnswerGroupRequests(ctx context.Context, req protocol.AnswerGroupRequests) (
	outcomes []protocol.ParticipantOutcome, err error) {
	action, ok := mapping.RequestAction(req.Action)
	if !ok {
		return nil, refuse(CodeBadRequest, fmt.Errorf("join request action %q", req.Action))
	}
	members, err := parseJIDs("participants", req.Participants)
	if err != nil {
		return nil, err
	}
	err = s.onGroup(req.Group, func(cli *whatsmeow.Client, group types.JID) error {
		changed, err := cli.UpdateGroupRequestParticipants(ctx, group, members, action)
		outcomes = mapping.Outcomes(changed)
		return err
	})
	return outcomes, err
}
