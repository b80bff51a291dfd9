// parkbench measures what idle sessions cost the engine host: it runs the host with its
// test socket pointed at a local endpoint that accepts TCP and never answers, starts N
// sessions (new devices, so each parks in its websocket's HTTP upgrade), and reports the
// host's RSS and goroutines. A benchmark for docs/engine-host.md, not a test:
//
//	go run ./tools/parkbench -host .venv/bin/wagate-engine-host -database-url postgres://... -n 1000
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
)

func main() {
	hostBin := flag.String("host", "", "the wagate-engine-host binary")
	dbURL := flag.String("database-url", "", "PostgreSQL URL for whatsmeow's store")
	n := flag.Int("n", 1000, "sessions to park")
	dump := flag.String("dump", "", "write the host's goroutine dump to this file")
	flag.Parse()
	silent, accepted := silentEndpoint()
	dir, err := os.MkdirTemp("", "parkbench")
	check(err)
	defer os.RemoveAll(dir)
	socket := filepath.Join(dir, "host.sock")
	var stderr bytes.Buffer
	host := exec.Command(*hostBin, "-socket", socket, "-database-url", *dbURL,
		"-test-socket-addr", silent, "-db-max-conns", "4")
	host.Stderr = &stderr
	check(host.Start())
	conn := dialWhenReady(socket)
	hello := handshake(conn)
	fmt.Printf("host idle after hello: RSS %d KiB\n", rssKiB(host.Process.Pid))
	began := time.Now()
	startAll(conn, *n, hello.MaxInFlight)
	for accepted.Load() < int64(*n) {
		time.Sleep(50 * time.Millisecond) // polling a counter, not waiting for an outcome
	}
	fmt.Printf("%d sessions started and parked in connect in %s\n", *n, time.Since(began).Round(time.Millisecond))
	for i := range 3 { // RSS once the garbage collector had a chance
		time.Sleep(2 * time.Second)
		fmt.Printf("sample %d: RSS %d KiB\n", i+1, rssKiB(host.Process.Pid))
	}
	check(host.Process.Signal(syscall.SIGQUIT)) // Go prints every goroutine's stack
	_ = host.Wait()
	if *dump != "" {
		check(os.WriteFile(*dump, stderr.Bytes(), 0o644))
	}
	fmt.Printf("goroutines: %d (%.1f per session)\n", countGoroutines(stderr.String()),
		float64(countGoroutines(stderr.String()))/float64(*n))
}

// silentEndpoint accepts TCP connections, counts them and never sends a byte.
func silentEndpoint() (string, *atomic.Int64) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	var accepted atomic.Int64
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
			accepted.Add(1)
		}
	}()
	return ln.Addr().String(), &accepted
}

func dialWhenReady(socket string) net.Conn {
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := net.Dial("unix", socket)
		if err == nil {
			return conn
		}
		if time.Now().After(deadline) {
			log.Fatalf("the host never listened: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func handshake(conn net.Conn) protocol.Hello {
	var hello protocol.Hello
	body, err := protocol.ReadFrame(conn)
	check(err)
	check(json.Unmarshal(body, &hello))
	check(protocol.Encode(conn, protocol.Hello{Type: "hello", Version: protocol.Version, Peer: "connector"}))
	return hello
}

// startAll starts n sessions, keeping within the host's max_in_flight.
func startAll(conn net.Conn, n, window int) {
	replies := make(chan protocol.Reply, window)
	go func() {
		for {
			body, err := protocol.ReadFrame(conn)
			if err != nil {
				close(replies)
				return
			}
			if kind, _ := protocol.TypeOf(body); kind == "reply" {
				var r protocol.Reply
				check(json.Unmarshal(body, &r))
				replies <- r
			}
		}
	}()
	sent, answered := 0, 0
	for answered < n {
		for sent < n && sent-answered < window {
			sent++
			check(protocol.Encode(conn, protocol.Start{Request: protocol.Request{Type: "start",
				ID: int64(sent), Session: fmt.Sprintf("bench-%d", sent)}}))
		}
		r, ok := <-replies
		if !ok {
			log.Fatal("the host closed the connection")
		}
		if r.Error != nil {
			log.Fatalf("start %d refused: %+v", r.ID, r.Error)
		}
		answered++
	}
}

func rssKiB(pid int) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	check(err)
	defer f.Close()
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "VmRSS:"); ok {
			var kib int
			_, err := fmt.Sscan(rest, &kib)
			check(err)
			return kib
		}
	}
	return -1
}

func countGoroutines(dump string) int {
	count := 0
	for _, line := range strings.Split(dump, "\n") {
		if strings.HasPrefix(line, "goroutine ") && strings.HasSuffix(line, ":") {
			count++
		}
	}
	return count
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
