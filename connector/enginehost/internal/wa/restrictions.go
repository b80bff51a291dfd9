package wa

import (
	"errors"
	"fmt"
	"strings"

	"go.mau.fi/whatsmeow"
)

// CodeNewContactRefused is WhatsApp refusing the account a first message to a chat with
// no conversation yet: the message ack's error 463, which whatsmeow returns as
// ErrServerReturnedError followed by the number. Nothing was sent.
const CodeNewContactRefused = "new_contact_refused"

// newContactAckError is the ack error attribute WhatsApp refuses a new chat with.
const newContactAckError = 463

// restricted names an account restriction WhatsApp answered a send with, or "".
func restricted(err error) string {
	if !errors.Is(err, whatsmeow.ErrServerReturnedError) {
		return ""
	}
	if strings.HasSuffix(err.Error(), fmt.Sprintf(" %d", newContactAckError)) {
		return CodeNewContactRefused
	}
	return ""
}
