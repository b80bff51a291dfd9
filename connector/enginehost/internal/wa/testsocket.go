package wa

import (
	"context"
	"net"
	"net/http"

	"go.mau.fi/whatsmeow"
)

// useOwnTransport gives the client's three HTTP clients (pre-login, websocket, media)
// one transport of the session's own, which the session closes when it ends: whatsmeow's
// own keeps idle connections for 90 s with no way to close them, and a dial that a stop
// cut short can still finish and land there.
//
// testSocket (tests only) sends every connection to that host:port instead, as plain
// TCP: the dialer returns an unencrypted connection where net/http expects one past its
// TLS handshake, so the websocket (wss://web.whatsapp.com/ws/chat, a constant in
// whatsmeow's socket package) and media requests reach a local server.
func useOwnTransport(cli *whatsmeow.Client, testSocket string) *http.Transport {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if testSocket != "" {
		var dialer net.Dialer
		dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, "tcp", testSocket)
		}
		transport.Proxy, transport.DialContext, transport.DialTLSContext = nil, dial, dial
	}
	cli.SetPreLoginHTTPClient(&http.Client{Transport: transport})
	cli.SetWebsocketHTTPClient(&http.Client{Transport: transport})
	cli.SetMediaHTTPClient(&http.Client{Transport: transport})
	return transport
}
