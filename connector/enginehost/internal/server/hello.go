package server

import (
	"encoding/json"
	"fmt"
	"net"
	"time"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// Refused is the host's last frame on a connection it will not serve.
type Refused struct {
	Type   string `json:"type"` // "refused"
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

const helloTimeout = 10 * time.Second

// greet sends the host's hello and checks the connector's. Both helloes go straight
// to the socket: the writer goroutine does not run yet.
func greet(c net.Conn, library string, maxInFlight int) error {
	if err := protocol.Encode(c, protocol.Hello{Type: "hello", Version: protocol.Version,
		Peer: "enginehost", Library: library, MaxInFlight: maxInFlight}); err != nil {
		return err
	}
	_ = c.SetReadDeadline(time.Now().Add(helloTimeout))
	defer func() { _ = c.SetReadDeadline(time.Time{}) }()
	body, err := protocol.ReadFrame(c)
	if err != nil {
		return err
	}
	var hello protocol.Hello
	if err := json.Unmarshal(body, &hello); err != nil || hello.Type != "hello" {
		return refuse(c, "no_hello", "the first frame must be a hello")
	}
	if hello.Version != protocol.Version {
		return refuse(c, "version", fmt.Sprintf("connector speaks version %d, host %d",
			hello.Version, protocol.Version))
	}
	return nil
}

func refuse(c net.Conn, reason, detail string) error {
	_ = protocol.Encode(c, Refused{Type: "refused", Reason: reason, Detail: detail})
	return fmt.Errorf("refused: %s: %s", reason, detail)
}
