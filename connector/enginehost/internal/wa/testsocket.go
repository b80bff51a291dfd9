package wa

import (
	"context"
	"net"
	"net/http"

	"go.mau.fi/whatsmeow"
)

// pointAt sends the client's websocket (wss://web.whatsapp.com/ws/chat, a constant in
// whatsmeow's socket package) to addr instead, as plain TCP: the dialer returns an
// unencrypted connection where net/http expects one past its TLS handshake, and the
// HTTP upgrade then runs over it. For tests only (a local server standing in for
// WhatsApp); the host sets it only from its test-socket setting.
func pointAt(cli *whatsmeow.Client, addr string) {
	var dialer net.Dialer
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		return dialer.DialContext(ctx, "tcp", addr)
	}
	transport := &http.Transport{DialContext: dial, DialTLSContext: dial}
	cli.SetPreLoginHTTPClient(&http.Client{Transport: transport})
	cli.SetWebsocketHTTPClient(&http.Client{Transport: transport})
}
