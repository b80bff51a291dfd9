package wa

import (
	"errors"
	"fmt"
	"testing"

	"go.mau.fi/whatsmeow"
)

func TestA463AckIsANewContactRefusalAndOtherAckErrorsAreNot(t *testing.T) {
	// as whatsmeow's SendMessage words an ack with an error attribute
	cases := map[error]string{
		fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 463):  CodeNewContactRefused,
		fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 4630): CodeFailed,
		fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 479):  CodeFailed,
		errors.New("some other 463"):                                CodeFailed,
		whatsmeow.ErrIQRateOverLimit:                                CodeRateOverlimit,
	}
	for err, want := range cases {
		var refusal *Refusal
		if got := classify(err); !errors.As(got, &refusal) || refusal.Code != want {
			t.Errorf("%v: %v, want %s", err, got, want)
		}
	}
}
