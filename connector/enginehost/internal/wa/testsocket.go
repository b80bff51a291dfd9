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
// proxy (the tenant's, or nil) opens every connection: the transport's TLS then runs
// through its tunnel, and no proxy of the environment applies.
//
// testSocket (tests only) sends every connection to that host:port instead, as plain
// TCP (through the proxy too): the dialer returns an unencrypted connection where
// net/http expects one past its TLS handshake, so the websocket
// (wss://web.whatsapp.com/ws/chat, a constant in whatsmeow's socket package) and media
// requests reach a local server.
func useOwnTransport(cli *whatsmeow.Client, testSocket string, proxy *ProxyDialer) *http.Transport {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	var dialer net.Dialer
	dialVia := dialer.DialContext
	if proxy != nil {
		dialVia = proxy.DialContext
		transport.Proxy, transport.DialContext = nil, dialVia
	}
	if testSocket != "" {
		dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
			return dialVia(ctx, "tcp", testSocket)
		}
		transport.Proxy, transport.DialContext, transport.DialTLSContext = nil, dial, dial
	}
	cli.SetPreLoginHTTPClient(&http.Client{Transport: transport})
	cli.SetWebsocketHTTPClient(&http.Client{Transport: transport})
	cli.SetMediaHTTPClient(&http.Client{Transport: transport})
	return transport
}
