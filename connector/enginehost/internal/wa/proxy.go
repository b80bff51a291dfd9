package wa

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"time"
)

// A tenant's proxy (docs/proxies.md): every connection of its session (the websocket,
// and media through the same transport) is a tunnel the proxy opens, by HTTP CONNECT or
// SOCKS5. The host sets it on the session's own transport, as whatsmeow's SetProxy and
// SetSOCKSProxy would on a transport of theirs (which the session could not close).
// The handshakes are our own, small, so that a failure names its step: a proxy that
// hangs up on the credentials refused them, whatever it did or did not answer.

// The session reasons of a proxy that gave no connection (the connector's names).
const (
	ReasonProxyUnreachable = "proxy_unreachable" // no TCP connection to the proxy
	ReasonProxyAuthFailed  = "proxy_auth_failed" // it refused the credentials
	ReasonProxyRefused     = "proxy_refused"     // it would not connect on
)

// ProxyError is a proxy's failure to give a connection, with the session's reason.
type ProxyError struct{ Reason, Detail string }

func (e *ProxyError) Error() string { return e.Detail }

// ProxyDialer opens connections through one proxy.
type ProxyDialer struct {
	url    *url.URL
	dialer net.Dialer
}

// NewProxyDialer reads an http://[user:pass@]host:port or socks5://… URL.
func NewProxyDialer(raw string) (*ProxyDialer, error) {
	u, err := url.Parse(raw)
	if err != nil { // its text would quote the URL, password and all
		return nil, errors.New("proxy: the URL cannot be read")
	}
	if (u.Scheme != "http" && u.Scheme != "socks5") || u.Hostname() == "" || u.Port() == "" {
		return nil, fmt.Errorf("proxy: want http:// or socks5://host:port, got scheme %q", u.Scheme)
	}
	return &ProxyDialer{url: u, dialer: net.Dialer{Timeout: 30 * time.Second}}, nil
}

// DialContext is a connection to addr through the proxy; a *ProxyError when the proxy
// gives none. The handshake ends with ctx.
func (p *ProxyDialer) DialContext(ctx context.Context, _, addr string) (net.Conn, error) {
	conn, err := p.dialer.DialContext(ctx, "tcp", p.url.Host)
	if err != nil {
		return nil, &ProxyError{ReasonProxyUnreachable, "no connection to the proxy: " + err.Error()}
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	if p.url.Scheme == "socks5" {
		err = socks5Connect(conn, p.url.User, addr)
	} else {
		conn, err = httpConnect(conn, p.url.User, addr)
	}
	stop()
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return conn, nil
}

// httpConnect asks an HTTP proxy for a tunnel to addr.
func httpConnect(conn net.Conn, user *url.Userinfo, addr string) (net.Conn, error) {
	request := "CONNECT " + addr + " HTTP/1.1\r\nHost: " + addr + "\r\n"
	if user != nil {
		password, _ := user.Password()
		basic := base64.StdEncoding.EncodeToString([]byte(user.Username() + ":" + password))
		request += "Proxy-Authorization: Basic " + basic + "\r\n"
	}
	if _, err := io.WriteString(conn, request+"\r\n"); err != nil {
		return conn, &ProxyError{ReasonProxyRefused, "the proxy closed the connection: " + err.Error()}
	}
	reader := bufio.NewReader(conn)
	resp, err := http.ReadResponse(reader, &http.Request{Method: http.MethodConnect})
	if err != nil {
		return conn, &ProxyError{ReasonProxyRefused, "the proxy did not answer CONNECT: " + err.Error()}
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusProxyAuthRequired:
		return conn, &ProxyError{ReasonProxyAuthFailed, "the proxy refused its credentials (407)"}
	case resp.StatusCode != http.StatusOK:
		return conn, &ProxyError{ReasonProxyRefused, "the proxy answered CONNECT with " + resp.Status}
	case reader.Buffered() > 0: // the tunnel's first bytes, read with the answer
		return &readFirst{Conn: conn, reader: reader}, nil
	}
	return conn, nil
}

// readFirst is a connection whose first bytes were read into reader.
type readFirst struct {
	net.Conn
	reader *bufio.Reader
}

func (c *readFirst) Read(p []byte) (int, error) { return c.reader.Read(p) }

// socks5Connect asks a SOCKS5 proxy (RFC 1928, credentials by RFC 1929) for addr.
func socks5Connect(conn net.Conn, user *url.Userinfo, addr string) error {
	methods := []byte{5, 1, 0}
	if user != nil {
		methods = []byte{5, 2, 0, 2}
	}
	if err := write(conn, methods); err != nil {
		return err
	}
	chosen, err := readStep(conn, 2, ReasonProxyRefused, "the greeting")
	if err != nil {
		return err
	}
	switch {
	case chosen[0] != 5:
		return &ProxyError{ReasonProxyRefused, "the proxy does not speak SOCKS5"}
	case chosen[1] == 0xFF || (chosen[1] == 2 && user == nil):
		return &ProxyError{ReasonProxyAuthFailed, "the proxy wants credentials the URL lacks"}
	case chosen[1] == 2:
		if err := socks5Authenticate(conn, user); err != nil {
			return err
		}
	case chosen[1] != 0:
		return &ProxyError{ReasonProxyRefused, fmt.Sprintf("the proxy chose an unknown method %d", chosen[1])}
	}
	return socks5Request(conn, addr)
}

func socks5Authenticate(conn net.Conn, user *url.Userinfo) error {
	name := user.Username()
	password, _ := user.Password()
	if len(name) > 255 || len(password) > 255 {
		return &ProxyError{ReasonProxyAuthFailed, "SOCKS5 credentials are at most 255 bytes each"}
	}
	message := append([]byte{1, byte(len(name))}, name...)
	message = append(append(message, byte(len(password))), password...)
	if err := write(conn, message); err != nil {
		return err
	}
	status, err := readStep(conn, 2, ReasonProxyAuthFailed, "the credentials")
	if err != nil {
		return err
	}
	if status[1] != 0 {
		return &ProxyError{ReasonProxyAuthFailed, "the proxy refused its credentials"}
	}
	return nil
}

// socks5Replies are RFC 1928's reply codes, as a reason's detail says them.
var socks5Replies = map[byte]string{1: "general failure", 2: "connection not allowed by its rules",
	3: "network unreachable", 4: "host unreachable", 5: "connection refused by the destination",
	6: "TTL expired", 7: "command not supported", 8: "address type not supported"}

func socks5Request(conn net.Conn, addr string) error {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return &ProxyError{ReasonProxyRefused, "no address to connect on to: " + err.Error()}
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil || len(host) > 255 {
		return &ProxyError{ReasonProxyRefused, "no port to connect on to: " + portText}
	}
	request := append([]byte{5, 1, 0}, socks5Address(host)...)
	if err := write(conn, append(request, byte(port>>8), byte(port))); err != nil {
		return err
	}
	reply, err := readStep(conn, 4, ReasonProxyRefused, "the connect request")
	if err != nil {
		return err
	}
	if reply[1] != 0 {
		meaning, known := socks5Replies[reply[1]]
		if !known {
			meaning = fmt.Sprintf("code %d", reply[1])
		}
		return &ProxyError{ReasonProxyRefused, "the proxy refused to connect on: " + meaning}
	}
	rest := 4 + 2 // the bound address and port, read and dropped
	switch reply[3] {
	case 4:
		rest = 16 + 2
	case 3:
		length, err := readStep(conn, 1, ReasonProxyRefused, "the connect reply")
		if err != nil {
			return err
		}
		rest = int(length[0]) + 2
	}
	_, err = readStep(conn, rest, ReasonProxyRefused, "the connect reply")
	return err
}

func socks5Address(host string) []byte {
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip.Is4() {
			v4 := ip.As4()
			return append([]byte{1}, v4[:]...)
		}
		v6 := ip.As16()
		return append([]byte{4}, v6[:]...)
	}
	return append([]byte{3, byte(len(host))}, host...)
}

func write(conn net.Conn, data []byte) error {
	if _, err := conn.Write(data); err != nil {
		return &ProxyError{ReasonProxyRefused, "the proxy closed the connection: " + err.Error()}
	}
	return nil
}

// readStep reads exactly n bytes; a proxy that hangs up at this step fails with reason.
func readStep(conn net.Conn, n int, reason, step string) ([]byte, error) {
	buf := make([]byte, n)
	if _, err := io.ReadFull(conn, buf); err != nil {
		return nil, &ProxyError{reason, "the proxy closed the connection at " + step + ": " + err.Error()}
	}
	return buf, nil
}
