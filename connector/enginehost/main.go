// wagate-engine-host holds many WhatsApp sessions over whatsmeow for wagate's
// connector, which speaks to it over a Unix socket (docs/engine-host.md).
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"github.com/rs/zerolog"
	"go.mau.fi/whatsmeow/store/sqlstore"
	waLog "go.mau.fi/whatsmeow/util/log"

	"github.com/wagate/wagate/connector/enginehost/internal/protocol"
	"github.com/wagate/wagate/connector/enginehost/internal/server"
	"github.com/wagate/wagate/connector/enginehost/internal/wa"
)

func main() {
	cfg, err := parseConfig(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		slog.Error("engine host failed", "error", err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	db, err := sql.Open("pgx", cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(cfg.DBMaxConns) // one pool for every session
	db.SetMaxIdleConns(cfg.DBMaxConns) // database/sql keeps 2 by default: churn under load
	waLogger := waLog.Zerolog(zerolog.New(os.Stderr).Level(cfg.WALogLevel).With().Timestamp().Logger())
	store := sqlstore.NewWithDB(db, "postgres", waLogger.Sub("Store"))
	if err := store.Upgrade(ctx); err != nil {
		return fmt.Errorf("whatsmeow store: %w", err)
	}
	ln, err := listen(cfg.Socket)
	if err != nil {
		return err
	}
	srv := &server.Server{
		NewSession: func(start protocol.Start, sink wa.Sink, acks *wa.Acks) server.Session {
			return wa.NewSession(start, &wa.Shared{Store: store, Sink: sink, Acks: acks,
				AckDeadline: cfg.AckDeadline, Log: waLogger, TestSocket: cfg.TestSocket})
		},
		Library: whatsmeowVersion(), QueueSize: cfg.QueueSize, MaxInFlight: cfg.MaxInFlight,
		StopTimeout: cfg.StopTimeout, Log: slog.Default(),
	}
	go func() { <-ctx.Done(); _ = ln.Close() }()
	slog.Info("engine host listening", "socket", cfg.Socket, "protocol", protocol.Version)
	return srv.Serve(ln)
}

// listen on a Unix socket only the host's user may use; a stale file from a previous
// run is replaced.
func listen(path string) (net.Listener, error) {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	return ln, os.Chmod(path, 0o600)
}

func whatsmeowVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, dep := range info.Deps {
		if dep.Path == "go.mau.fi/whatsmeow" {
			return dep.Version
		}
	}
	return ""
}
