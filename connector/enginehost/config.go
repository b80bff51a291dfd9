package main

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/rs/zerolog"
)

// config is the host's settings: flags, each with an environment variable as its
// default, so the connector can pass them either way.
type config struct {
	Socket      string
	DatabaseURL string
	DBMaxConns  int
	QueueSize   int
	MaxInFlight int
	AckDeadline time.Duration
	StopTimeout time.Duration
	WALogLevel  zerolog.Level
	TestSocket  string
}

func parseConfig(args []string, getenv func(string) string) (config, error) {
	var cfg config
	var level string
	env := func(name, fallback string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fallback
	}
	fs := flag.NewFlagSet("wagate-engine-host", flag.ContinueOnError)
	fs.StringVar(&cfg.Socket, "socket", env("WAGATE_ENGINE_HOST_SOCKET", ""), "Unix socket to listen on")
	fs.StringVar(&cfg.DatabaseURL, "database-url", env("WAGATE_ENGINE_HOST_DATABASE_URL", ""),
		"PostgreSQL URL of whatsmeow's store (search_path=... picks its schema)")
	fs.IntVar(&cfg.DBMaxConns, "db-max-conns", atoi(env("WAGATE_ENGINE_HOST_DB_MAX_CONNS", "10")),
		"connections in the one pool all sessions share")
	fs.IntVar(&cfg.QueueSize, "queue", atoi(env("WAGATE_ENGINE_HOST_QUEUE", "256")),
		"frames waiting for the connector before senders wait")
	fs.IntVar(&cfg.MaxInFlight, "max-in-flight", atoi(env("WAGATE_ENGINE_HOST_MAX_IN_FLIGHT", "64")),
		"requests handled at once before the host stops reading")
	fs.DurationVar(&cfg.AckDeadline, "ack-deadline", duration(env("WAGATE_ENGINE_HOST_ACK_DEADLINE", "30s")),
		"how long a message waits for stored before its session disconnects")
	fs.DurationVar(&cfg.StopTimeout, "stop-timeout", duration(env("WAGATE_ENGINE_HOST_STOP_TIMEOUT", "30s")),
		"how long a stop waits for a session")
	fs.StringVar(&level, "whatsmeow-log", env("WAGATE_ENGINE_HOST_WHATSMEOW_LOG", "warn"), "whatsmeow's log level")
	fs.StringVar(&cfg.TestSocket, "test-socket-addr", env("WAGATE_ENGINE_HOST_TEST_SOCKET_ADDR", ""),
		"TESTS ONLY: host:port of a plain websocket server standing in for WhatsApp")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	var err error
	if cfg.WALogLevel, err = zerolog.ParseLevel(level); err != nil {
		return cfg, err
	}
	return cfg, cfg.check()
}

func (cfg config) check() error {
	switch {
	case cfg.Socket == "":
		return errors.New("-socket (WAGATE_ENGINE_HOST_SOCKET) is required")
	case cfg.DatabaseURL == "":
		return errors.New("-database-url (WAGATE_ENGINE_HOST_DATABASE_URL) is required")
	case cfg.DBMaxConns < 1 || cfg.QueueSize < 1 || cfg.MaxInFlight < 1:
		return fmt.Errorf("db-max-conns, queue and max-in-flight must be positive")
	case cfg.AckDeadline <= 0 || cfg.StopTimeout <= 0:
		return fmt.Errorf("ack-deadline and stop-timeout must be positive durations")
	}
	return nil
}

func atoi(s string) int {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		return -1 // refused by check
	}
	return n
}

func duration(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		return -1 // refused by check
	}
	return d
}
