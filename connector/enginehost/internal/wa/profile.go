package wa

import (
	"context"
	"errors"
	"fmt"
	"os"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/types"

	"github.com/wagate/wagate/connector/enginehost/internal/mapping"
	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Error codes of profile requests.
const (
	CodeNotABusiness   = "not_a_business"  // business_profile of an account without one
	CodePictureInvalid = "picture_invalid" // WhatsApp refused the image as a picture
)

// maxPicture bounds the file a picture request reads whole (the connector holds it to
// the image cap, far below this).
const maxPicture = 16 << 20

// SetPushName sets the account's push name through app state, as the phone's own
// setting does, and keeps it in the device store (whatsmeow sends it with presence).
func (s *Session) SetPushName(ctx context.Context, req protocol.SetPushName) error {
	cli, err := s.loggedIn()
	if err != nil {
		return err
	}
	if req.Name == "" {
		return refuse(CodeBadRequest, errors.New("set_push_name needs a name"))
	}
	if err := cli.SendAppState(ctx, appstate.BuildSettingPushName(req.Name)); err != nil {
		return classify(err)
	}
	cli.Store.PushName = req.Name
	if err := cli.Store.Save(ctx); err != nil {
		return refuse(CodeFailed, fmt.Errorf("push name set at WhatsApp, not stored: %w", err))
	}
	return nil
}

// SetAbout sets the account's about text (whatsmeow's SetStatusMessage, not a status
// broadcast).
func (s *Session) SetAbout(ctx context.Context, req protocol.SetAbout) error {
	cli, err := s.loggedIn()
	if err != nil {
		return err
	}
	if err := cli.SetStatusMessage(ctx, req.About); err != nil {
		return classify(err)
	}
	return nil
}

// SetPicture sets or removes the account's own picture: whatsmeow's picture call with
// no target is the account's own, as WhatsApp's apps send it.
func (s *Session) SetPicture(ctx context.Context, req protocol.SetPicture) error {
	cli, err := s.loggedIn()
	if err != nil {
		return err
	}
	var jpeg []byte
	if req.Path != "" {
		if jpeg, err = readPicture(req.Path); err != nil {
			return err
		}
	}
	if _, err := cli.SetGroupPhoto(ctx, types.EmptyJID, jpeg); err != nil {
		if errors.Is(err, whatsmeow.ErrInvalidImageFormat) {
			return refuse(CodePictureInvalid, err)
		}
		return classify(err)
	}
	return nil
}

func readPicture(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, refuse(CodeMediaUnread, err)
	}
	if info.Size() > maxPicture {
		return nil, refuse(CodePictureInvalid, fmt.Errorf("a picture of %d bytes", info.Size()))
	}
	jpeg, err := os.ReadFile(path)
	if err != nil {
		return nil, refuse(CodeMediaUnread, err)
	}
	return jpeg, nil
}

// BusinessProfile reads a business account's profile; WhatsApp answers an account
// without one with no profile, which is not_a_business.
func (s *Session) BusinessProfile(ctx context.Context, req protocol.BusinessProfileRequest) (protocol.BusinessProfile, error) {
	cli, err := s.loggedIn()
	if err != nil {
		return protocol.BusinessProfile{}, err
	}
	account, err := parseJID("jid", req.JID)
	if err != nil {
		return protocol.BusinessProfile{}, err
	}
	found, err := cli.GetBusinessProfile(ctx, account)
	var missing *whatsmeow.ElementMissingError
	switch {
	case errors.Is(err, whatsmeow.ErrIQNotFound), errors.As(err, &missing):
		return protocol.BusinessProfile{}, refuse(CodeNotABusiness, err)
	case err != nil:
		return protocol.BusinessProfile{}, classify(err)
	case found == nil:
		return protocol.BusinessProfile{}, refuse(CodeNotABusiness, fmt.Errorf("%s has no business profile", account))
	}
	return mapping.BusinessProfileOf(found), nil
}
