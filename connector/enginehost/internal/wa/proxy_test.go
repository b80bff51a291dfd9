package wa

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

// stubProxy is a proxy of the test's own on a free port: handle plays one connection.
func stubProxy(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); handle(c) }()
		}
	}()
	return ln.Addr().String()
}

// socksServer answers as a SOCKS5 proxy wanting user "u", password "p"; a wrong
// password is met by hanging up (as several servers do). It reports the target asked
// for, then tunnels to it.
func socksServer(targets chan<- string) func(net.Conn) {
	return func(c net.Conn) {
		head := make([]byte, 2)
		io.ReadFull(c, head)
		io.ReadFull(c, make([]byte, head[1]))
		c.Write([]byte{5, 2})
		auth := make([]byte, 2)
		io.ReadFull(c, auth)
		user := make([]byte, auth[1])
		io.ReadFull(c, user)
		length := make([]byte, 1)
		io.ReadFull(c, length)
		password := make([]byte, length[0])
		io.ReadFull(c, password)
		if string(user) != "u" || string(password) != "p" {
			return
		}
		c.Write([]byte{1, 0})
		request := make([]byte, 4+4+2) // an IPv4 target
		io.ReadFull(c, request)
		ip := net.IP(request[4:8])
		port := int(request[8])<<8 | int(request[9])
		target := net.JoinHostPort(ip.String(), strconv.Itoa(port))
		targets <- target
		c.Write([]byte{5, 0, 0, 1, 0, 0, 0, 0, 0, 0})
		tunnel(c, target)
	}
}

// connectServer answers as an HTTP proxy wanting u:p, then tunnels.
func connectServer(targets chan<- string) func(net.Conn) {
	return func(c net.Conn) {
		r, err := http.ReadRequest(bufio.NewReader(c))
		if err != nil || r.Method != http.MethodConnect {
			return
		}
		want := "Basic " + base64.StdEncoding.EncodeToString([]byte("u:p"))
		if r.Header.Get("Proxy-Authorization") != want {
			io.WriteString(c, "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")
			return
		}
		targets <- r.Host
		io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
		tunnel(c, r.Host)
	}
}

func tunnel(c net.Conn, target string) {
	upstream, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer upstream.Close()
	go io.Copy(upstream, c)
	io.Copy(c, upstream)
}

// The session's websocket (and so its media, over the same transport) goes through the
// tenant's proxy, by SOCKS5 or HTTP CONNECT, to the test socket standing in for WhatsApp.
func TestTheWebsocketGoesThroughTheTenantsProxy(t *testing.T) {
	for _, scheme := range []string{"socks5", "http"} {
		t.Run(scheme, func(t *testing.T) {
			requests := make(chan *http.Request, 1)
			fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests <- r
				http.Error(w, "not WhatsApp", http.StatusForbidden)
			}))
			defer fake.Close()
			targets := make(chan string, 1)
			serve := socksServer(targets)
			if scheme == "http" {
				serve = connectServer(targets)
			}
			proxy := stubProxy(t, serve)
			out := make(sink, 4)
			socket := strings.TrimPrefix(fake.URL, "http://")
			start := protocol.Start{Proxy: scheme + "://u:p@" + proxy}
			if err := unstoredSession(t, out, start, socket).Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			select {
			case got := <-targets:
				if got != socket {
					t.Fatalf("the proxy was asked for %q, not the socket %q", got, socket)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the connection never went through the proxy")
			}
			if r := <-requests; r.URL.Path != "/ws/chat" {
				t.Fatalf("the server behind the proxy got %s", r.URL)
			}
			if d, ok := out.next(t).(protocol.Disconnected); !ok || d.Reason != ReasonConnectFailed {
				t.Fatalf("got %+v", d) // the server refused the upgrade: not the proxy's doing
			}
		})
	}
}

// Each way a proxy can fail is its own reason, and the session reports it.
func TestAProxyThatGivesNoConnectionIsItsReason(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	refusing := stubProxy(t, func(c net.Conn) { // SOCKS5: no auth, then "connection refused"
		io.ReadFull(c, make([]byte, 3))
		c.Write([]byte{5, 0})
		io.ReadFull(c, make([]byte, 10))
		c.Write([]byte{5, 5, 0, 1, 0, 0, 0, 0, 0, 0})
	})
	badGateway := stubProxy(t, func(c net.Conn) {
		http.ReadRequest(bufio.NewReader(c))
		io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\n\r\n")
	})
	socks, connect := stubProxy(t, socksServer(make(chan string, 9))), stubProxy(t, connectServer(make(chan string, 9)))
	cases := map[string]string{
		"socks5://u:p@" + closed:    ReasonProxyUnreachable,
		"http://u:p@" + closed:      ReasonProxyUnreachable,
		"socks5://u:wrong@" + socks: ReasonProxyAuthFailed,
		"socks5://" + socks:         ReasonProxyAuthFailed, // credentials it wants, none given
		"http://u:wrong@" + connect: ReasonProxyAuthFailed,
		"socks5://" + refusing:      ReasonProxyRefused,
		"http://u:p@" + badGateway:  ReasonProxyRefused,
	}
	for raw, want := range cases {
		dialer, err := NewProxyDialer(raw)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err = dialer.DialContext(ctx, "tcp", "127.0.0.1:9")
		cancel()
		var proxyErr *ProxyError
		if !errors.As(err, &proxyErr) || proxyErr.Reason != want || connectFailure(err) != want {
			t.Errorf("%s: got %v, want %s", raw, err, want)
		}
	}
	out := make(sink, 4)
	start := protocol.Start{Proxy: "socks5://u:wrong@" + socks}
	if err := unstoredSession(t, out, start, "127.0.0.1:9").Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d, ok := out.next(t).(protocol.Disconnected); !ok || d.Reason != ReasonProxyAuthFailed {
		t.Fatalf("the session reported %+v", d)
	}
}

func TestAProxyURLOfAnotherKindIsRefused(t *testing.T) {
	for _, raw := range []string{"https://h:1", "socks4://h:1", "socks5://h", "http://:8080", "%",
		"socks5://u:s3cret%zz@h:1"} {
		if _, err := NewProxyDialer(raw); err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%q: %v", raw, err) // refused, and never quoting the password
		}
	}
}
