"""Settings read from the environment, once, in each process's entry point.

`SETTINGS` is the one table of them: each variable's name, its `Settings` attribute, its
default, how it is read and checked, which processes read it and what it means.
`Settings`' defaults and `Settings.from_env` are built from it, and the table of
docs/configuration.md is checked against it (tests/wagate/test_settings_table.py).
"""

from __future__ import annotations

import math
import os
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

DEV_JWT_SECRET = "wagate-dev-secret-change-me-0123456789abcdef"
DEV_API_KEY_PEPPER = "wagate-dev-pepper-change-me-0123456789abcdef"
# a Fernet key (32 url-safe base64 bytes); real deployments set WAGATE_CREDENTIALS_KEYS
DEV_CREDENTIALS_KEY = "d2FnYXRlLWRldi1jcmVkZW50aWFscy1rZXktMDAwMDA="
DEV_MEDIA_URL_SECRET = "wagate-dev-media-links-change-me-0123456789"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wagate"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
ENGINES = ("sim", "whatsmeow")  # what WAGATE_ENGINE and a tenant's `engine` may name

# the processes a setting can be read by; "cli" is the `wagate` command itself (`wagate
# up`, `migrate`, `token` and the admin commands)
GATEWAY, CONNECTOR, SIM, CLI = "gateway", "connector", "sim", "cli"
PROCESSES = (GATEWAY, CONNECTOR, SIM, CLI)
ALL_PROCESSES = PROCESSES


class ConfigError(ValueError):
    pass


# A reader turns a set, non-empty value into the setting's value, or raises ConfigError
# naming the variable; an unset or empty variable means the default.
Reader = Callable[[str, str], Any]


def _text(name: str, raw: str) -> str:
    return raw


def _int(minimum: int) -> Reader:
    def read(name: str, raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
        if value < minimum:
            raise ConfigError(f"{name} must be at least {minimum}, got {value}")
        return value

    return read


def _float(minimum: float) -> Reader:
    def read(name: str, raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a number, got {raw!r}") from None
        if value < minimum:
            raise ConfigError(f"{name} must be at least {minimum}, got {value}")
        return value

    return read


def _bool(name: str, raw: str) -> bool | None:
    value = raw.strip().lower()
    if value == "":
        return None  # blank: the default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1/0 (or true/false), got {value!r}")


def _choice(*allowed: str, lenient: bool = False) -> Reader:
    """One of `allowed`; `lenient`: anything else is kept as given (the log format: any
    value but `json` means text, as it always has)."""

    def read(name: str, raw: str) -> str:
        if raw not in allowed and not lenient:
            options = ", ".join(allowed[:-1]) + f" or {allowed[-1]}" if len(allowed) > 1 else ""
            raise ConfigError(f"{name} must be {options}, got {raw!r}")
        return raw

    return read


def _engine(name: str, raw: str) -> str:
    if raw not in ENGINES:
        raise ConfigError(f"{name}={raw!r} is not an engine; known: {', '.join(ENGINES)}")
    return raw


def _secret(name: str, raw: str) -> str:
    if len(raw) < 32:
        raise ConfigError(f"{name} must be at least 32 characters")
    return raw


def _keys(name: str, raw: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in raw.split(",") if k.strip())


def _sql_name(name: str, raw: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", raw):
        raise ConfigError(f"{name} must be a lower-case SQL name")
    return raw


def _schedule(name: str, raw: str) -> tuple[float, ...] | None:
    if raw.strip() == "":
        return None  # blank: the default
    try:
        delays = tuple(float(part) for part in raw.split(","))
    except ValueError:
        raise ConfigError(f"{name} must be comma-separated seconds, got {raw!r}") from None
    if any(d < 0 or not math.isfinite(d) for d in delays) or not 1 <= len(delays) <= 50:
        raise ConfigError(f"{name} must be 1 to 50 delays of 0 seconds or more, got {raw!r}")
    return delays


def _hosts(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated host names as a Host header carries them, each with an optional
    `:port`; `*.example.com` for its subdomains; `*` alone for any host."""
    hosts = tuple(h.strip().lower() for h in raw.split(",") if h.strip())
    for host in hosts:
        if host != "*" and not re.fullmatch(
            r"(\*\.)?[a-z0-9.\-]+(:\d{1,5})?|\[[0-9a-f:.]+\](:\d{1,5})?", host
        ):
            raise ConfigError(f"{name}: {host!r} is not a host like api.example.com[:443]")
    return hosts


def _origins(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated origins as browsers send them: scheme://host[:port], no path."""
    origins = tuple(o.strip().lower().rstrip("/") for o in raw.split(","))
    for origin in origins:
        if origin and not re.fullmatch(r"https?://[a-z0-9.\-\[\]:]+", origin):
            raise ConfigError(f"{name}: {origin!r} is not an origin like https://app.example")
    return tuple(o for o in origins if o)


@dataclass(frozen=True)
class Setting:
    env: str  # the environment variable
    attribute: str  # its field of `Settings`
    default: Any
    read: Reader
    read_by: tuple[str, ...]  # of PROCESSES
    meaning: str  # as docs/configuration.md says it
    shown: str | None = None  # the documented default when it is not the literal value

    def readme_default(self) -> str:
        if self.shown is not None:
            return self.shown
        value = self.default
        if value is None or value == () or value == "":
            return "—"
        if isinstance(value, bool):
            return "`1`" if value else "`0`"
        if isinstance(value, float):
            return f"`{value:g}`"
        if isinstance(value, tuple):
            return "`" + ",".join(f"{v:g}" for v in value) + "`"
        return f"`{value}`"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        "database_url",
        DEFAULT_DATABASE_URL,
        _text,
        (GATEWAY, CONNECTOR, CLI),
        "PostgreSQL; the database is created if missing",
    ),
    Setting(
        "REDIS_URL",
        "redis_url",
        DEFAULT_REDIS_URL,
        _text,
        (GATEWAY, CONNECTOR, CLI),
        "Redis",
    ),
    Setting(
        "WAGATE_REDIS_PREFIX",
        "redis_prefix",
        "wagate",
        _text,
        (GATEWAY, CONNECTOR, CLI),
        "prefix of every Redis key (several deployments can share one Redis)",
    ),
    Setting(
        "WAGATE_EMBEDDED",
        "embedded",
        "auto",
        _choice("auto", "always", "never"),
        (CLI,),
        (
            "`wagate up` only: `auto` runs an embedded PostgreSQL / Redis when its URL is "
            "not set and nothing answers on the default port; `always` whenever its URL is "
            "not set; `never`"
        ),
    ),
    Setting(
        "WAGATE_DATA_DIR",
        "data_dir",
        ".wagate",
        _text,
        (CLI,),
        (
            "where the embedded servers keep their data and `wagate up` its generated "
            "secrets (kept across runs)"
        ),
    ),
    Setting(
        "WAGATE_JWT_SECRET",
        "jwt_secret",
        DEV_JWT_SECRET,
        _secret,
        (GATEWAY, CLI),
        "HS256 key for tokens; 32+ characters",
        shown=(
            "`wagate up`: generated (secrets.json); else a development secret, with a "
            "warning at start"
        ),
    ),
    Setting(
        "WAGATE_JWT_ISSUER",
        "jwt_issuer",
        "wagate",
        _text,
        (GATEWAY, CLI),
        "required `iss` / `aud` claims",
    ),
    Setting(
        "WAGATE_JWT_AUDIENCE",
        "jwt_audience",
        "wagate",
        _text,
        (GATEWAY, CLI),
        "required `iss` / `aud` claims",
    ),
    Setting(
        "WAGATE_JWT_ALGORITHM",
        "jwt_algorithm",
        "HS256",
        _choice("HS256", "RS256", "ES256"),
        (GATEWAY, CLI),
        "`HS256`, `RS256` or `ES256` (the only one accepted)",
    ),
    Setting(
        "WAGATE_JWT_PUBLIC_KEY_FILE",
        "jwt_public_key_file",
        None,
        _text,
        (GATEWAY,),
        "PEM public key or JWKS file for RS256/ES256",
    ),
    Setting(
        "WAGATE_JWT_JWKS_FILE",
        "jwt_jwks_file",
        None,
        _text,
        (GATEWAY,),
        "PEM public key or JWKS file for RS256/ES256",
    ),
    Setting(
        "WAGATE_JWT_MAX_LIFETIME",
        "jwt_max_lifetime_s",
        24 * 3600,
        _int(60),
        (GATEWAY, CLI),
        "longest accepted token lifetime, `exp - iat`, in seconds (`iat` is required)",
    ),
    Setting(
        "WAGATE_API_KEY_PEPPER",
        "api_key_pepper",
        DEV_API_KEY_PEPPER,
        _secret,
        (GATEWAY, CLI),
        (
            "key of the HMAC that API keys are stored under; 32+ characters; changing it "
            "invalidates every key"
        ),
        shown="`wagate up`: generated (secrets.json); else a development pepper, with a warning",
    ),
    Setting(
        "WAGATE_CREDENTIALS_KEYS",
        "credentials_keys",
        (DEV_CREDENTIALS_KEY,),
        _keys,
        (GATEWAY, CONNECTOR, CLI),
        "Fernet keys sealing WhatsApp credentials and webhook secrets, newest first",
        shown="`wagate up`: generated (secrets.json); else a development key, with a warning",
    ),
    Setting(
        "WAGATE_SEND_RATE_PER_MINUTE",
        "send_rate_per_minute",
        30,
        _int(1),
        (GATEWAY,),
        "sends per tenant in any 60 s (per-tenant override: `sendRatePerMinute`)",
    ),
    Setting(
        "WAGATE_NUMBER_CHECK_RATE_PER_MINUTE",
        "number_check_rate_per_minute",
        6,
        _int(1),
        (GATEWAY,),
        (
            "number checks per tenant in any 60 s that ask WhatsApp (up to 50 numbers each; "
            "answers from the cache are not counted): bulk checks get numbers banned"
        ),
    ),
    Setting(
        "WAGATE_NUMBER_CHECK_CACHE_TTL",
        "number_check_cache_ttl_s",
        86400,
        _int(0),
        (GATEWAY,),
        "seconds a number check's answer is kept and reused (per tenant, in Redis); 0: none",
    ),
    Setting(
        "WAGATE_AUTH_FAILURES_PER_MINUTE",
        "auth_failures_per_minute",
        20,
        _int(1),
        (GATEWAY,),
        "failed authentications per client address in any 60 s",
    ),
    Setting(
        "WAGATE_TRUSTED_PROXY_HOPS",
        "trusted_proxy_hops",
        0,
        _int(0),
        (GATEWAY,),
        (
            "proxies in front of the gateway whose `X-Forwarded-For` entries are trusted "
            "for the client address; 0 ignores the header"
        ),
    ),
    Setting(
        "WAGATE_IDEMPOTENCY_TTL",
        "idempotency_ttl_s",
        24 * 3600,
        _int(60),
        (GATEWAY,),
        "seconds an Idempotency-Key is remembered",
    ),
    Setting(
        "WAGATE_HOST",
        "host",
        "127.0.0.1",
        _text,
        (GATEWAY, CONNECTOR, CLI),
        "gateway bind address",
    ),
    Setting(
        "WAGATE_PORT",
        "port",
        3000,
        _int(1),
        (GATEWAY, CLI),
        "gateway bind address",
    ),
    Setting(
        "WAGATE_COMMAND_TIMEOUT",
        "command_timeout_s",
        15.0,
        _float(0.1),
        (GATEWAY, CONNECTOR, CLI),
        "seconds a gateway waits for the connector's reply (then 504)",
    ),
    Setting(
        "WAGATE_MAX_BODY_BYTES",
        "max_body_bytes",
        64 * 1024,
        _int(1024),
        (GATEWAY,),
        "request body cap (then 413)",
    ),
    Setting(
        "WAGATE_GATEWAY_REDIS_CONNECTIONS",
        "gateway_redis_connections",
        1000,
        _int(10),
        (GATEWAY,),
        (
            "a gateway's Redis connections: one per send in flight, plus one shared by all "
            "its event WebSockets; past it, requests wait (up to the command timeout)"
        ),
    ),
    Setting(
        "WAGATE_ALLOWED_HOSTS",
        "allowed_hosts",
        (),
        _hosts,
        (GATEWAY,),
        (
            "comma-separated names (`api.example.com`, `*.example.com`, optionally `:port`) "
            "the gateway answers as its `Host`; others get 400 (DNS rebinding). `*`: any, for "
            "a proxy that rewrites `Host`"
        ),
        shown="`localhost`, `127.0.0.1`, `[::1]` and the host of `WAGATE_PUBLIC_URL`",
    ),
    Setting(
        "WAGATE_SIGN_IN_CODE_TTL",
        "sign_in_code_ttl_s",
        900,
        _int(10),
        (CLI,),
        "seconds the console sign-in link `wagate up` prints stays good (it works once)",
    ),
    Setting(
        "WAGATE_SIGN_IN_SESSION_TTL",
        "sign_in_session_ttl_s",
        8 * 3600,
        _int(60),
        (GATEWAY,),
        (
            "seconds the admin token a sign-in link is exchanged for lives (at most "
            "`WAGATE_JWT_MAX_LIFETIME`)"
        ),
    ),
    Setting(
        "WAGATE_WS_ALLOWED_ORIGINS",
        "ws_allowed_origins",
        (),
        _origins,
        (GATEWAY,),
        (
            "comma-separated browser origins (`https://app.example`) besides the gateway's "
            "own that may open the event WebSocket"
        ),
    ),
    Setting(
        "WAGATE_WS_RECHECK_INTERVAL",
        "ws_recheck_interval_s",
        2.0,
        _float(0.1),
        (GATEWAY,),
        (
            "seconds between checks that an open event WebSocket's API key is not revoked "
            "and its tenant not disabled"
        ),
    ),
    Setting(
        "WAGATE_WS_MAX_QUEUED_BYTES",
        "ws_max_queued_bytes",
        8 * 1024 * 1024,
        _int(1024),
        (GATEWAY,),
        (
            "bytes of events that may wait in a gateway for one slow WebSocket reader / for"
            " all of them; past it the (furthest behind) socket closes with 1013"
        ),
    ),
    Setting(
        "WAGATE_WS_MAX_QUEUED_BYTES_TOTAL",
        "ws_max_queued_bytes_total",
        256 * 1024 * 1024,
        _int(1024),
        (GATEWAY,),
        (
            "bytes of events that may wait in a gateway for one slow WebSocket reader / for"
            " all of them; past it the (furthest behind) socket closes with 1013"
        ),
    ),
    Setting(
        "WAGATE_GATEWAY_METRICS_PORT",
        "gateway_metrics_port",
        0,
        _int(0),
        (GATEWAY,),
        (
            "the processes' own `/metrics` listeners (the connector's also serves "
            "`/healthz`, `/readyz`)"
        ),
        shown="`0` (off)",
    ),
    Setting(
        "WAGATE_CONNECTOR_METRICS_PORT",
        "connector_metrics_port",
        9102,
        _int(0),
        (CONNECTOR,),
        (
            "the processes' own `/metrics` listeners (the connector's also serves "
            "`/healthz`, `/readyz`)"
        ),
    ),
    Setting(
        "WAGATE_LOG_FORMAT",
        "log_format",
        "",
        _choice("json", "text", lenient=True),
        ALL_PROCESSES,
        "log line format",
        shown="`json`, or `text` on a terminal",
    ),
    Setting(
        "WAGATE_ENV",
        "deployment",
        "development",
        _choice("development", "production"),
        ALL_PROCESSES,
        ("`production` refuses to start while any secret above still has its development value"),
    ),
    Setting(
        "WAGATE_ENGINE",
        "engine",
        "sim",
        _engine,
        (GATEWAY, CONNECTOR, CLI),
        "the engine of new sessions: `sim` or `whatsmeow` (a tenant's own `engine` wins)",
    ),
    Setting(
        "WAGATE_WHATSMEOW_MAX_SESSIONS",
        "whatsmeow_max_sessions",
        1000,
        _int(1),
        (CONNECTOR,),
        (
            "whatsmeow sessions connected, connecting or pairing at once, over all worker "
            "processes; past it a session waits in `reconnecting`, saying so"
        ),
    ),
    Setting(
        "WAGATE_WHATSMEOW_WORKER_SESSIONS",
        "whatsmeow_worker_sessions",
        50,
        _int(1),
        (CONNECTOR,),
        (
            "whatsmeow sessions per worker process (and pairings per pairing worker, over "
            "its life): what one Go abort or stuck stop costs at most"
        ),
    ),
    Setting(
        "WAGATE_WHATSMEOW_STOP_TIMEOUT",
        "whatsmeow_stop_timeout_s",
        5.0,
        _float(0.1),
        (CONNECTOR,),
        (
            "seconds a whatsmeow worker has to confirm a session's stop; past it the worker "
            "is ended, with any Go call stuck in it"
        ),
    ),
    Setting(
        "WAGATE_WHATSMEOW_WORKER_IDLE",
        "whatsmeow_worker_idle_s",
        5.0,
        _float(0.0),
        (CONNECTOR,),
        "seconds a whatsmeow worker left without sessions waits for the next one before it ends",
    ),
    Setting(
        "WAGATE_WHATSMEOW_SCHEMA",
        "whatsmeow_schema",
        "whatsmeow",
        _sql_name,
        (CONNECTOR,),
        (
            "the PostgreSQL schema whatsmeow keeps its devices and keys in (in "
            "`DATABASE_URL`'s database)"
        ),
    ),
    Setting(
        "WAGATE_SIM_URL",
        "sim_url",
        "ws://127.0.0.1:7070/ws",
        _text,
        (CONNECTOR,),
        "where the sim engine connects",
    ),
    Setting(
        "WAGATE_SIM_HOST",
        "sim_host",
        "127.0.0.1",
        _text,
        (SIM, CLI),
        "sim network bind address",
    ),
    Setting(
        "WAGATE_SIM_PORT",
        "sim_port",
        7070,
        _int(1),
        (SIM, CLI),
        "sim network bind address",
    ),
    Setting(
        "WAGATE_SIM_QR_FIRST",
        "sim_qr_first_s",
        60.0,
        _float(0.05),
        (SIM,),
        (
            "sim: seconds the first QR code lasts, seconds each later one lasts, codes per "
            "pairing attempt (WhatsApp's own timing)"
        ),
    ),
    Setting(
        "WAGATE_SIM_QR_INTERVAL",
        "sim_qr_interval_s",
        20.0,
        _float(0.05),
        (SIM,),
        (
            "sim: seconds the first QR code lasts, seconds each later one lasts, codes per "
            "pairing attempt (WhatsApp's own timing)"
        ),
    ),
    Setting(
        "WAGATE_SIM_QR_COUNT",
        "sim_qr_count",
        6,
        _int(1),
        (SIM,),
        (
            "sim: seconds the first QR code lasts, seconds each later one lasts, codes per "
            "pairing attempt (WhatsApp's own timing)"
        ),
    ),
    Setting(
        "WAGATE_SIM_MEDIA_TTL",
        "sim_media_ttl_s",
        30 * 24 * 3600.0,
        _float(0.05),
        (SIM,),
        (
            "sim: seconds the media host keeps an uploaded file, then 410 (WhatsApp keeps "
            "media about 30 days)"
        ),
        shown="`2592000` (30 days)",
    ),
    Setting(
        "WAGATE_SIM_MEDIA_MAX_BYTES",
        "sim_media_max_bytes",
        4 * 1024**3,
        _int(1),
        (SIM,),
        "sim: bytes the media host stores at most, over all files (an upload past it: 413)",
    ),
    Setting(
        "WAGATE_CONNECTOR_ID",
        "connector_id",
        "",
        _text,
        (CONNECTOR,),
        ("this connector's name (shown to standbys and in the lock holder's `application_name`)"),
        shown="`<hostname>-<pid>`",
    ),
    Setting(
        "WAGATE_CONNECTOR_STANDBY",
        "connector_standby",
        True,
        _bool,
        (CONNECTOR,),
        (
            "a connector that finds the lock taken waits as a standby and takes over; `0`: "
            "it exits 3, naming the holder"
        ),
    ),
    Setting(
        "WAGATE_LOCK_TIMEOUT",
        "lock_timeout_s",
        25,
        _int(6),
        (CONNECTOR,),
        (
            "seconds (6 or more) PostgreSQL keeps the lock of a holder it cannot hear (TCP "
            "keepalive on the lock's connection): the takeover bound when a holder's host "
            "vanishes; the holder fences after half of it and holds no session after 0.7 of"
            " it"
        ),
    ),
    Setting(
        "WAGATE_CONNECTOR_CONCURRENCY",
        "connector_concurrency",
        64,
        _int(1),
        (CONNECTOR,),
        "commands a connector runs at once",
    ),
    Setting(
        "WAGATE_RECONNECT_BASE",
        "reconnect_base_s",
        1.0,
        _float(0.01),
        (CONNECTOR,),
        "reconnect backoff (full jitter), seconds",
    ),
    Setting(
        "WAGATE_RECONNECT_CAP",
        "reconnect_cap_s",
        60.0,
        _float(0.01),
        (CONNECTOR,),
        "reconnect backoff (full jitter), seconds",
    ),
    Setting(
        "WAGATE_RECONNECT_MAX_ATTEMPTS",
        "reconnect_max_attempts",
        20,
        _int(0),
        (CONNECTOR,),
        "attempts before a session gives up (`failed`); `0` never gives up",
    ),
    Setting(
        "WAGATE_RECONNECT_STABLE",
        "reconnect_stable_s",
        60.0,
        _float(0.0),
        (CONNECTOR,),
        (
            "seconds a connection must stay up before the backoff starts again from the "
            "first attempt"
        ),
    ),
    Setting(
        "WAGATE_EVENT_STORE_TRIES",
        "event_store_tries",
        3,
        _int(1),
        (CONNECTOR,),
        (
            "tries to store a session event PostgreSQL refuses (not: cannot be reached) "
            "before it is set aside (`event_quarantined`) and the stream goes on"
        ),
    ),
    Setting(
        "WAGATE_HEALTH_INTERVAL",
        "health_interval_s",
        30.0,
        _float(0.1),
        (CONNECTOR,),
        "health monitor: seconds between round trips, seconds to wait for one",
    ),
    Setting(
        "WAGATE_HEALTH_TIMEOUT",
        "health_timeout_s",
        10.0,
        _float(0.05),
        (CONNECTOR,),
        "health monitor: seconds between round trips, seconds to wait for one",
    ),
    Setting(
        "WAGATE_SEND_WAIT",
        "send_wait_s",
        10.0,
        _float(0.0),
        (CONNECTOR,),
        (
            "seconds a send waits for a (re)connecting session; keep it below "
            "`WAGATE_COMMAND_TIMEOUT`"
        ),
    ),
    Setting(
        "WAGATE_RESTORE_RATE",
        "restore_per_second",
        20.0,
        _float(0.1),
        (CONNECTOR,),
        "sessions per second a restarted connector reconnects",
    ),
    Setting(
        "WAGATE_DRAIN_TIMEOUT",
        "drain_timeout_s",
        20.0,
        _float(0.0),
        (CONNECTOR,),
        "seconds SIGTERM waits for commands in flight",
    ),
    Setting(
        "WAGATE_GATEWAY_DATABASE_TIMEOUT",
        "gateway_database_timeout_s",
        5.0,
        _float(0.1),
        (GATEWAY,),
        (
            "seconds a gateway waits to connect to PostgreSQL or for a query before the "
            "request answers 503 `database_unavailable`"
        ),
    ),
    Setting(
        "WAGATE_GATEWAY_DRAIN_TIMEOUT",
        "gateway_drain_timeout_s",
        10.0,
        _float(0.0),
        (GATEWAY,),
        (
            "seconds SIGTERM waits for a gateway's requests in flight before it exits; "
            "its event WebSockets close at once with 1012 (service restart)"
        ),
    ),
    Setting(
        "WAGATE_INITIALIZE_WAIT",
        "initialize_wait_s",
        10.0,
        _float(0.1),
        (CONNECTOR,),
        "seconds `initialize` waits for the first QR or connection",
    ),
    Setting(
        "WAGATE_WEBHOOK_SCHEDULE",
        "webhook_schedule_s",
        (0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0),
        _schedule,
        (CONNECTOR,),
        (
            "seconds before each webhook attempt, the first included (±20 % jitter); its "
            "length is the number of attempts before dead-lettering"
        ),
    ),
    Setting(
        "WAGATE_WEBHOOK_CONCURRENCY",
        "webhook_concurrency",
        32,
        _int(1),
        (CONNECTOR,),
        ("webhook attempts in flight at once, over all endpoints (one per endpoint at most)"),
    ),
    Setting(
        "WAGATE_WEBHOOK_CONNECT_TIMEOUT",
        "webhook_connect_timeout_s",
        5.0,
        _float(0.05),
        (CONNECTOR,),
        "seconds to connect / to wait for the answer; together they bound an attempt",
    ),
    Setting(
        "WAGATE_WEBHOOK_TIMEOUT",
        "webhook_timeout_s",
        15.0,
        _float(0.05),
        (CONNECTOR,),
        "seconds to connect / to wait for the answer; together they bound an attempt",
    ),
    Setting(
        "WAGATE_WEBHOOK_POLL_INTERVAL",
        "webhook_poll_interval_s",
        1.0,
        _float(0.01),
        (CONNECTOR,),
        (
            "seconds between looks at the outbox for work the connector was not told about "
            "(replays and test events from the gateway, expired leases)"
        ),
    ),
    Setting(
        "WAGATE_WEBHOOK_ALLOW_PRIVATE",
        "webhook_allow_private",
        False,
        _bool,
        (GATEWAY, CONNECTOR),
        (
            "`1`: webhook and media URLs may reach loopback and private addresses (tests, local"
            " demo; never metadata addresses)"
        ),
    ),
    Setting(
        "WAGATE_WEBHOOK_DISABLE_FAILURES",
        "webhook_disable_after_failures",
        10,
        _int(1),
        (CONNECTOR,),
        (
            "an endpoint is disabled after this many failed attempts in a row spanning at "
            "least this many seconds (5 days)"
        ),
    ),
    Setting(
        "WAGATE_WEBHOOK_DISABLE_AFTER",
        "webhook_disable_after_s",
        5 * 24 * 3600.0,
        _float(0.0),
        (CONNECTOR,),
        (
            "an endpoint is disabled after this many failed attempts in a row spanning at "
            "least this many seconds (5 days)"
        ),
    ),
    Setting(
        "WAGATE_EVENT_LOG_RETENTION",
        "event_log_retention_s",
        3600.0,
        _float(1.0),
        (CONNECTOR,),
        (
            "seconds relayed events stay in the event log, from which a WebSocket resuming"
            " after events its stream no longer holds is given them; past it, a gap notice"
        ),
    ),
    Setting(
        "WAGATE_WEBHOOK_RETENTION_DAYS",
        "webhook_retention_days",
        30.0,
        _float(0.001),
        (CONNECTOR,),
        "days finished deliveries, their events and attempts are kept",
    ),
    # ---- media: the blob store, limits per kind, incoming downloads, links ----
    Setting(
        "WAGATE_BLOB_STORE",
        "blob_store",
        "local",
        _choice("local", "s3"),
        (GATEWAY, CONNECTOR),
        "where media bytes live: `local` (WAGATE_BLOB_DIR) or `s3` (the WAGATE_S3_* settings)",
    ),
    Setting(
        "WAGATE_BLOB_DIR",
        "blob_dir",
        ".wagate/blobs",
        _text,
        (GATEWAY, CONNECTOR),
        "the local blob store's directory; gateways and the connector must share it",
    ),
    Setting(
        "WAGATE_S3_ENDPOINT",
        "s3_endpoint",
        "",
        _text,
        (GATEWAY, CONNECTOR),
        "S3-compatible endpoint URL (MinIO, Ceph, R2...); empty: AWS S3",
    ),
    Setting(
        "WAGATE_S3_BUCKET",
        "s3_bucket",
        "wagate-media",
        _text,
        (GATEWAY, CONNECTOR),
        "the bucket media blobs go to",
    ),
    Setting(
        "WAGATE_S3_REGION",
        "s3_region",
        "us-east-1",
        _text,
        (GATEWAY, CONNECTOR),
        "the bucket's region",
    ),
    Setting(
        "WAGATE_S3_ACCESS_KEY",
        "s3_access_key",
        "",
        _text,
        (GATEWAY, CONNECTOR),
        "S3 credentials; empty: the AWS SDK's own chain (environment, instance role)",
    ),
    Setting(
        "WAGATE_S3_SECRET_KEY",
        "s3_secret_key",
        "",
        _text,
        (GATEWAY, CONNECTOR),
        "S3 credentials; empty: the AWS SDK's own chain (environment, instance role)",
    ),
    Setting(
        "WAGATE_S3_PREFIX",
        "s3_prefix",
        "",
        _text,
        (GATEWAY, CONNECTOR),
        "key prefix inside the bucket (several deployments can share one bucket)",
    ),
    Setting(
        "WAGATE_MEDIA_MAX_IMAGE",
        "media_max_image_bytes",
        5 * 1024 * 1024,
        _int(1),
        (GATEWAY, CONNECTOR),
        "bytes an image may have (WhatsApp's limit: 5 MB)",
    ),
    Setting(
        "WAGATE_MEDIA_MAX_VIDEO",
        "media_max_video_bytes",
        16 * 1024 * 1024,
        _int(1),
        (GATEWAY, CONNECTOR),
        "bytes a video may have (WhatsApp's limit: 16 MB)",
    ),
    Setting(
        "WAGATE_MEDIA_MAX_AUDIO",
        "media_max_audio_bytes",
        16 * 1024 * 1024,
        _int(1),
        (GATEWAY, CONNECTOR),
        "bytes an audio file or a voice note may have (WhatsApp's limit: 16 MB)",
    ),
    Setting(
        "WAGATE_MEDIA_MAX_DOCUMENT",
        "media_max_document_bytes",
        100 * 1024 * 1024,
        _int(1),
        (GATEWAY, CONNECTOR),
        "bytes a document may have (WhatsApp's limit: 100 MB)",
    ),
    Setting(
        "WAGATE_MEDIA_MAX_STICKER",
        "media_max_sticker_bytes",
        100 * 1024,
        _int(1),
        (GATEWAY, CONNECTOR),
        "bytes a static sticker may have (WhatsApp's limit: 100 KB)",
    ),
    Setting(
        "WAGATE_MEDIA_MAX_ANIMATED_STICKER",
        "media_max_animated_sticker_bytes",
        500 * 1024,
        _int(1),
        (GATEWAY, CONNECTOR),
        "bytes an animated sticker may have (WhatsApp's limit: 500 KB)",
    ),
    Setting(
        "WAGATE_MEDIA_JSON_MAX_BYTES",
        "media_json_max_bytes",
        2 * 1024 * 1024,
        _int(1024),
        (GATEWAY,),
        "cap of a media send's JSON body (base64 `data` included; larger files: upload or URL)",
    ),
    Setting(
        "WAGATE_MEDIA_FETCH_TIMEOUT",
        "media_fetch_timeout_s",
        30.0,
        _float(0.05),
        (CONNECTOR,),
        "seconds the connector gives a media `url` to answer and send its bytes",
    ),
    Setting(
        "WAGATE_MEDIA_FETCH_PER_TENANT",
        "media_fetch_per_tenant",
        4,
        _int(1),
        (CONNECTOR,),
        "media `url`s the connector fetches at once for one tenant (the others wait)",
    ),
    Setting(
        "WAGATE_MEDIA_DOWNLOAD",
        "media_download",
        "arrival",
        _choice("arrival", "request", "never"),
        (CONNECTOR,),
        (
            "when incoming media is copied from WhatsApp to the blob store: on `arrival`, on "
            "the first `request` for it, or `never` (the descriptor only)"
        ),
    ),
    Setting(
        "WAGATE_MEDIA_RETENTION_HOURS",
        "media_retention_hours",
        7 * 24.0,
        _float(0.0001),
        (CONNECTOR,),
        "hours stored media is kept after it arrived; then its bytes and row are deleted",
    ),
    Setting(
        "WAGATE_MEDIA_URL_SECRET",
        "media_url_secret",
        DEV_MEDIA_URL_SECRET,
        _secret,
        (GATEWAY, CONNECTOR),
        "HMAC key of the signed media URLs in webhooks; 32+ characters",
        shown=(
            "`wagate up`: generated (secrets.json); else a development secret, with a "
            "warning at start"
        ),
    ),
    Setting(
        "WAGATE_MEDIA_URL_TTL",
        "media_url_ttl_s",
        24 * 3600.0,
        _float(1.0),
        (CONNECTOR,),
        "seconds a webhook's signed media URL stays valid after the attempt that carried it",
    ),
    Setting(
        "WAGATE_PUBLIC_URL",
        "public_url",
        "http://127.0.0.1:3000",
        _text,
        (GATEWAY, CONNECTOR),
        "the gateway's address as webhook receivers reach it (signed media URLs start with it)",
    ),
    Setting(
        "WAGATE_FFMPEG",
        "ffmpeg",
        "ffmpeg",
        _text,
        (CONNECTOR,),
        "the ffmpeg that converts voice notes to OGG/Opus; not found: such notes are refused",
    ),
    Setting(
        "WAGATE_LOG_LEVEL",
        "log_level",
        "INFO",
        _text,
        ALL_PROCESSES,
        "log level",
    ),
)
BY_ATTRIBUTE = {s.attribute: s for s in SETTINGS}
BY_ENV = {s.env: s for s in SETTINGS}


def _default(attribute: str) -> Any:
    return BY_ATTRIBUTE[attribute].default


def read_setting(env: Mapping[str, str], setting: Setting) -> Any:
    raw = env.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    value = setting.read(setting.env, raw)
    return setting.default if value is None else value


@dataclass(frozen=True)
class Settings:
    database_url: str = _default("database_url")
    database_url_is_default: bool = True
    redis_url: str = _default("redis_url")
    redis_url_is_default: bool = True
    redis_prefix: str = _default("redis_prefix")
    # `wagate up` with no server configured or answering: run embedded ones (wagatectl.embedded)
    embedded: str = _default("embedded")  # auto | always | never
    data_dir: str = _default("data_dir")  # the embedded servers' data, kept across runs

    jwt_secret: str = _default("jwt_secret")
    jwt_issuer: str = _default("jwt_issuer")
    jwt_audience: str = _default("jwt_audience")
    jwt_algorithm: str = _default("jwt_algorithm")  # HS256 | RS256 | ES256
    jwt_public_key_file: str | None = _default("jwt_public_key_file")
    jwt_jwks_file: str | None = _default("jwt_jwks_file")
    jwt_max_lifetime_s: int = _default("jwt_max_lifetime_s")  # exp - iat of an accepted token
    api_key_pepper: str = _default("api_key_pepper")
    credentials_keys: tuple[str, ...] = _default("credentials_keys")
    send_rate_per_minute: int = _default("send_rate_per_minute")
    auth_failures_per_minute: int = _default("auth_failures_per_minute")
    number_check_rate_per_minute: int = _default("number_check_rate_per_minute")
    number_check_cache_ttl_s: int = _default("number_check_cache_ttl_s")
    idempotency_ttl_s: int = _default("idempotency_ttl_s")

    host: str = _default("host")
    port: int = _default("port")
    command_timeout_s: float = _default("command_timeout_s")
    max_body_bytes: int = _default("max_body_bytes")

    engine: str = _default("engine")  # the default; a tenant may name another (tenants.engine)
    whatsmeow_max_sessions: int = _default(
        "whatsmeow_max_sessions"
    )  # connected or connecting, over all worker processes
    whatsmeow_worker_sessions: int = _default(
        "whatsmeow_worker_sessions"
    )  # sessions per whatsmeow worker process
    whatsmeow_schema: str = _default(
        "whatsmeow_schema"
    )  # whatsmeow's own tables, apart from wagate's
    whatsmeow_stop_timeout_s: float = _default("whatsmeow_stop_timeout_s")
    whatsmeow_worker_idle_s: float = _default("whatsmeow_worker_idle_s")
    sim_url: str = _default("sim_url")
    sim_host: str = _default("sim_host")
    sim_port: int = _default("sim_port")
    sim_qr_first_s: float = _default("sim_qr_first_s")
    sim_qr_interval_s: float = _default("sim_qr_interval_s")
    sim_qr_count: int = _default("sim_qr_count")
    sim_media_ttl_s: float = _default("sim_media_ttl_s")
    sim_media_max_bytes: int = _default("sim_media_max_bytes")

    gateway_metrics_port: int = _default("gateway_metrics_port")  # 0: no separate metrics listener
    # event WebSockets: bytes of events waiting for one slow reader, and for all of a
    # gateway's; how often an open socket's credential is checked again; browser
    # origins besides the gateway's own that may open one
    ws_max_queued_bytes: int = _default("ws_max_queued_bytes")
    ws_max_queued_bytes_total: int = _default("ws_max_queued_bytes_total")
    ws_recheck_interval_s: float = _default("ws_recheck_interval_s")
    ws_allowed_origins: tuple[str, ...] = _default("ws_allowed_origins")
    # the Host names the gateway answers (empty: loopback and the public URL's host)
    allowed_hosts: tuple[str, ...] = _default("allowed_hosts")
    sign_in_code_ttl_s: int = _default("sign_in_code_ttl_s")  # the link `wagate up` prints
    sign_in_session_ttl_s: int = _default("sign_in_session_ttl_s")  # what it is exchanged for
    gateway_redis_connections: int = _default("gateway_redis_connections")
    # proxies in front of the gateway that append to X-Forwarded-For; 0: trust no header
    trusted_proxy_hops: int = _default("trusted_proxy_hops")
    connector_metrics_port: int = _default("connector_metrics_port")  # 0: none
    connector_id: str = _default("connector_id")
    # a connector that finds the lock taken waits as a standby (False: refuses, exit 3)
    connector_standby: bool = _default("connector_standby")
    # PostgreSQL keeps a silent holder's lock this long; the holder fences well before
    lock_timeout_s: int = _default("lock_timeout_s")
    connector_concurrency: int = _default("connector_concurrency")
    reconnect_base_s: float = _default("reconnect_base_s")
    reconnect_cap_s: float = _default("reconnect_cap_s")
    reconnect_max_attempts: int = _default("reconnect_max_attempts")
    reconnect_stable_s: float = _default("reconnect_stable_s")
    event_store_tries: int = _default("event_store_tries")
    initialize_wait_s: float = _default("initialize_wait_s")
    send_wait_s: float = _default("send_wait_s")
    health_interval_s: float = _default("health_interval_s")
    health_timeout_s: float = _default("health_timeout_s")
    restore_per_second: float = _default("restore_per_second")
    drain_timeout_s: float = _default("drain_timeout_s")
    gateway_database_timeout_s: float = _default("gateway_database_timeout_s")
    gateway_drain_timeout_s: float = _default("gateway_drain_timeout_s")

    # webhooks (connector/webhooks/): delays before each attempt, first one included
    webhook_schedule_s: tuple[float, ...] = _default("webhook_schedule_s")
    webhook_concurrency: int = _default("webhook_concurrency")
    webhook_connect_timeout_s: float = _default("webhook_connect_timeout_s")
    webhook_timeout_s: float = _default("webhook_timeout_s")
    webhook_poll_interval_s: float = _default("webhook_poll_interval_s")
    webhook_allow_private: bool = _default("webhook_allow_private")
    webhook_disable_after_failures: int = _default("webhook_disable_after_failures")
    webhook_disable_after_s: float = _default("webhook_disable_after_s")
    # relayed events stay in the event log this long: the window a WebSocket resume backfills
    event_log_retention_s: float = _default("event_log_retention_s")
    webhook_retention_days: float = _default("webhook_retention_days")

    # media: the blob store, limits per kind, incoming downloads, signed links
    blob_store: str = _default("blob_store")  # local | s3
    blob_dir: str = _default("blob_dir")
    s3_endpoint: str = _default("s3_endpoint")
    s3_bucket: str = _default("s3_bucket")
    s3_region: str = _default("s3_region")
    s3_access_key: str = _default("s3_access_key")
    s3_secret_key: str = _default("s3_secret_key")
    s3_prefix: str = _default("s3_prefix")
    media_max_image_bytes: int = _default("media_max_image_bytes")
    media_max_video_bytes: int = _default("media_max_video_bytes")
    media_max_audio_bytes: int = _default("media_max_audio_bytes")
    media_max_document_bytes: int = _default("media_max_document_bytes")
    media_max_sticker_bytes: int = _default("media_max_sticker_bytes")
    media_max_animated_sticker_bytes: int = _default("media_max_animated_sticker_bytes")
    media_json_max_bytes: int = _default("media_json_max_bytes")
    media_fetch_timeout_s: float = _default("media_fetch_timeout_s")
    media_fetch_per_tenant: int = _default("media_fetch_per_tenant")
    media_download: str = _default("media_download")  # arrival | request | never
    media_retention_hours: float = _default("media_retention_hours")
    media_url_secret: str = _default("media_url_secret")
    media_url_ttl_s: float = _default("media_url_ttl_s")
    public_url: str = _default("public_url")
    ffmpeg: str = _default("ffmpeg")

    log_format: str = _default("log_format")  # "": json, or text on a terminal
    log_level: str = _default("log_level")
    deployment: str = _default("deployment")  # development | production

    @property
    def jwt_secret_is_dev_default(self) -> bool:
        return self.jwt_algorithm == "HS256" and self.jwt_secret == DEV_JWT_SECRET

    def dev_defaults_in_use(self) -> list[str]:
        """The secrets still at their built-in development values (warned about at start)."""
        found = []
        if self.jwt_secret_is_dev_default:
            found.append("WAGATE_JWT_SECRET")
        if self.api_key_pepper == DEV_API_KEY_PEPPER:
            found.append("WAGATE_API_KEY_PEPPER")
        if DEV_CREDENTIALS_KEY in self.credentials_keys[:1]:
            found.append("WAGATE_CREDENTIALS_KEYS")
        if self.media_url_secret == DEV_MEDIA_URL_SECRET:
            found.append("WAGATE_MEDIA_URL_SECRET")
        return found

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values = {s.attribute: read_setting(env, s) for s in SETTINGS}
        if not values["connector_id"]:
            values["connector_id"] = f"{socket.gethostname()}-{os.getpid()}"
        algorithm = values["jwt_algorithm"]
        if algorithm != "HS256" and not (values["jwt_public_key_file"] or values["jwt_jwks_file"]):
            raise ConfigError(
                f"{algorithm} needs WAGATE_JWT_PUBLIC_KEY_FILE or WAGATE_JWT_JWKS_FILE"
            )
        settings = cls(
            database_url_is_default=not env.get("DATABASE_URL"),
            redis_url_is_default=not env.get("REDIS_URL"),
            **values,
        )
        if settings.deployment == "production" and settings.dev_defaults_in_use():
            # a missing secret must stop a production process, not fall back to a value
            # anyone can read in the source
            raise ConfigError(
                "WAGATE_ENV=production needs real values for "
                + ", ".join(settings.dev_defaults_in_use())
            )
        return settings


def logging_settings(env: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(format, level) alone, read before the rest so that a configuration error is
    logged in the format asked for."""
    env = os.environ if env is None else env
    return read_setting(env, BY_ENV["WAGATE_LOG_FORMAT"]), read_setting(
        env, BY_ENV["WAGATE_LOG_LEVEL"]
    )


def redacted_url(url: str) -> str:
    """A connection URL with any password replaced, for "connected to ..." lines."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
