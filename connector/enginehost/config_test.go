package main

import (
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestSettingsComeFromFlagsOrEnvironment(t *testing.T) {
	cfg, err := parseConfig([]string{"-socket", "/run/h.sock"}, env(map[string]string{
		"WAGATE_ENGINE_HOST_DATABASE_URL": "postgres://db/wagate", "WAGATE_ENGINE_HOST_DB_MAX_CONNS": "25",
		"WAGATE_ENGINE_HOST_ACK_DEADLINE": "5s"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Socket != "/run/h.sock" || cfg.DatabaseURL != "postgres://db/wagate" || cfg.DBMaxConns != 25 ||
		cfg.AckDeadline != 5*time.Second || cfg.StopTimeout != 30*time.Second || cfg.TestSocket != "" {
		t.Fatalf("got %+v", cfg)
	}
}

func TestMissingOrBadSettingsAreRefused(t *testing.T) {
	withDB := map[string]string{"WAGATE_ENGINE_HOST_DATABASE_URL": "postgres://db/wagate"}
	for name, args := range map[string][]string{
		"no socket":    {},
		"pool of none": {"-socket", "s", "-db-max-conns", "0"},
		"pool NaN":     {"-socket", "s", "-db-max-conns", "many"},
		"no deadline":  {"-socket", "s", "-ack-deadline", "0s"},
	} {
		if _, err := parseConfig(args, env(withDB)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := parseConfig([]string{"-socket", "s"}, env(nil)); err == nil {
		t.Error("no database: accepted")
	}
	withDB["WAGATE_ENGINE_HOST_ACK_DEADLINE"] = "soon"
	if _, err := parseConfig([]string{"-socket", "s"}, env(withDB)); err == nil {
		t.Error("an ack deadline that is no duration: accepted")
	}
}
