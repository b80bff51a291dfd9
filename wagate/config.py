"""Settings read from the environment, once, in each process's entry point.

Every variable is listed in README § Configuration; keep the two in step.
"""

from __future__ import annotations

import math
import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass

DEV_JWT_SECRET = "wagate-dev-secret-change-me-0123456789abcdef"
DEV_API_KEY_PEPPER = "wagate-dev-pepper-change-me-0123456789abcdef"
# a Fernet key (32 url-safe base64 bytes); real deployments set WAGATE_CREDENTIALS_KEYS
DEV_CREDENTIALS_KEY = "d2FnYXRlLWRldi1jcmVkZW50aWFscy1rZXktMDAwMDA="
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wagate"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
ENGINES = ("sim", "whatsmeow")  # what WAGATE_ENGINE and a tenant's `engine` may name


class ConfigError(ValueError):
    pass


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float, minimum: float = 0.0) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1/0 (or true/false), got {raw!r}")


DEFAULT_WEBHOOK_SCHEDULE = (0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0)


def _schedule(env: Mapping[str, str], name: str) -> tuple[float, ...]:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return DEFAULT_WEBHOOK_SCHEDULE
    try:
        delays = tuple(float(part) for part in raw.split(","))
    except ValueError:
        raise ConfigError(f"{name} must be comma-separated seconds, got {raw!r}") from None
    if any(d < 0 or not math.isfinite(d) for d in delays) or not 1 <= len(delays) <= 50:
        raise ConfigError(f"{name} must be 1 to 50 delays of 0 seconds or more, got {raw!r}")
    return delays


def _origins(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated origins as browsers send them: scheme://host[:port], no path."""
    origins = tuple(o.strip().lower().rstrip("/") for o in (env.get(name) or "").split(","))
    for origin in origins:
        if origin and not re.fullmatch(r"https?://[a-z0-9.\-\[\]:]+", origin):
            raise ConfigError(f"{name}: {origin!r} is not an origin like https://app.example")
    return tuple(o for o in origins if o)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    database_url_is_default: bool = True
    redis_url: str = DEFAULT_REDIS_URL
    redis_url_is_default: bool = True
    redis_prefix: str = "wagate"
    # `wagate up` with no server configured or answering: run embedded ones (wagatectl.embedded)
    embedded: str = "auto"  # auto | always | never
    data_dir: str = ".wagate"  # the embedded servers' data, kept across runs

    jwt_secret: str = DEV_JWT_SECRET
    jwt_issuer: str = "wagate"
    jwt_audience: str = "wagate"
    jwt_algorithm: str = "HS256"  # HS256 | RS256 | ES256
    jwt_public_key_file: str | None = None
    jwt_jwks_file: str | None = None
    jwt_max_lifetime_s: int = 24 * 3600  # exp - iat of an accepted token
    api_key_pepper: str = DEV_API_KEY_PEPPER
    credentials_keys: tuple[str, ...] = (DEV_CREDENTIALS_KEY,)
    send_rate_per_minute: int = 30
    auth_failures_per_minute: int = 20
    idempotency_ttl_s: int = 24 * 3600

    host: str = "127.0.0.1"
    port: int = 3000
    command_timeout_s: float = 15.0
    max_body_bytes: int = 64 * 1024

    engine: str = "sim"  # the default; a tenant may name another (tenants.engine)
    whatsmeow_max_sessions: int = 1000  # connected or connecting, over all worker processes
    whatsmeow_worker_sessions: int = 50  # sessions per whatsmeow worker process
    whatsmeow_schema: str = "whatsmeow"  # whatsmeow's own tables, apart from wagate's
    sim_url: str = "ws://127.0.0.1:7070/ws"
    sim_host: str = "127.0.0.1"
    sim_port: int = 7070
    sim_qr_first_s: float = 60.0
    sim_qr_interval_s: float = 20.0
    sim_qr_count: int = 6

    gateway_metrics_port: int = 0  # 0: no separate metrics listener
    # event WebSockets: bytes of events waiting for one slow reader, and for all of a
    # gateway's; how often an open socket's credential is checked again; browser
    # origins besides the gateway's own that may open one
    ws_max_queued_bytes: int = 8 * 1024 * 1024
    ws_max_queued_bytes_total: int = 256 * 1024 * 1024
    ws_recheck_interval_s: float = 2.0
    ws_allowed_origins: tuple[str, ...] = ()
    gateway_redis_connections: int = 1000
    # proxies in front of the gateway that append to X-Forwarded-For; 0: trust no header
    trusted_proxy_hops: int = 0
    connector_metrics_port: int = 9102  # 0: none
    connector_id: str = ""
    # a connector that finds the lock taken waits as a standby (False: refuses, exit 3)
    connector_standby: bool = True
    # PostgreSQL keeps a silent holder's lock this long; the holder fences well before
    lock_timeout_s: int = 25
    connector_concurrency: int = 64
    reconnect_base_s: float = 1.0
    reconnect_cap_s: float = 60.0
    reconnect_max_attempts: int = 20
    reconnect_stable_s: float = 60.0
    initialize_wait_s: float = 10.0
    send_wait_s: float = 10.0
    health_interval_s: float = 30.0
    health_timeout_s: float = 10.0
    restore_per_second: float = 20.0
    drain_timeout_s: float = 20.0

    # webhooks (connector/webhooks/): delays before each attempt, first one included
    webhook_schedule_s: tuple[float, ...] = DEFAULT_WEBHOOK_SCHEDULE
    webhook_concurrency: int = 32
    webhook_connect_timeout_s: float = 5.0
    webhook_timeout_s: float = 15.0
    webhook_poll_interval_s: float = 1.0
    webhook_allow_private: bool = False
    webhook_disable_after_failures: int = 10
    webhook_disable_after_s: float = 5 * 24 * 3600.0
    webhook_retention_days: float = 30.0

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
        return found

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        secret = env.get("WAGATE_JWT_SECRET") or DEV_JWT_SECRET
        if len(secret) < 32:
            raise ConfigError("WAGATE_JWT_SECRET must be at least 32 characters")
        algorithm = env.get("WAGATE_JWT_ALGORITHM") or "HS256"
        if algorithm not in ("HS256", "RS256", "ES256"):
            raise ConfigError("WAGATE_JWT_ALGORITHM must be HS256, RS256 or ES256")
        public_key_file = env.get("WAGATE_JWT_PUBLIC_KEY_FILE") or None
        jwks_file = env.get("WAGATE_JWT_JWKS_FILE") or None
        if algorithm != "HS256" and not (public_key_file or jwks_file):
            raise ConfigError(
                f"{algorithm} needs WAGATE_JWT_PUBLIC_KEY_FILE or WAGATE_JWT_JWKS_FILE"
            )
        pepper = env.get("WAGATE_API_KEY_PEPPER") or DEV_API_KEY_PEPPER
        if len(pepper) < 32:
            raise ConfigError("WAGATE_API_KEY_PEPPER must be at least 32 characters")
        keys = tuple(
            k.strip()
            for k in (env.get("WAGATE_CREDENTIALS_KEYS") or DEV_CREDENTIALS_KEY).split(",")
            if k.strip()
        )
        engine = env.get("WAGATE_ENGINE") or "sim"
        if engine not in ENGINES:
            raise ConfigError(
                f"WAGATE_ENGINE={engine!r} is not an engine; known: {', '.join(ENGINES)}"
            )
        embedded = env.get("WAGATE_EMBEDDED") or "auto"
        if embedded not in ("auto", "always", "never"):
            raise ConfigError("WAGATE_EMBEDDED must be auto, always or never")
        whatsmeow_schema = env.get("WAGATE_WHATSMEOW_SCHEMA") or "whatsmeow"
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", whatsmeow_schema):
            raise ConfigError("WAGATE_WHATSMEOW_SCHEMA must be a lower-case SQL name")
        settings = cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            database_url_is_default=not env.get("DATABASE_URL"),
            redis_url=env.get("REDIS_URL") or DEFAULT_REDIS_URL,
            redis_url_is_default=not env.get("REDIS_URL"),
            redis_prefix=env.get("WAGATE_REDIS_PREFIX") or "wagate",
            embedded=embedded,
            data_dir=env.get("WAGATE_DATA_DIR") or ".wagate",
            jwt_secret=secret,
            jwt_issuer=env.get("WAGATE_JWT_ISSUER") or "wagate",
            jwt_audience=env.get("WAGATE_JWT_AUDIENCE") or "wagate",
            jwt_algorithm=algorithm,
            jwt_public_key_file=public_key_file,
            jwt_jwks_file=jwks_file,
            jwt_max_lifetime_s=_int(env, "WAGATE_JWT_MAX_LIFETIME", 24 * 3600, 60),
            api_key_pepper=pepper,
            credentials_keys=keys,
            send_rate_per_minute=_int(env, "WAGATE_SEND_RATE_PER_MINUTE", 30, 1),
            auth_failures_per_minute=_int(env, "WAGATE_AUTH_FAILURES_PER_MINUTE", 20, 1),
            idempotency_ttl_s=_int(env, "WAGATE_IDEMPOTENCY_TTL", 24 * 3600, 60),
            host=env.get("WAGATE_HOST") or "127.0.0.1",
            port=_int(env, "WAGATE_PORT", 3000, 1),
            command_timeout_s=_float(env, "WAGATE_COMMAND_TIMEOUT", 15.0, 0.1),
            max_body_bytes=_int(env, "WAGATE_MAX_BODY_BYTES", 64 * 1024, 1024),
            engine=engine,
            whatsmeow_max_sessions=_int(env, "WAGATE_WHATSMEOW_MAX_SESSIONS", 1000, 1),
            whatsmeow_worker_sessions=_int(env, "WAGATE_WHATSMEOW_WORKER_SESSIONS", 50, 1),
            whatsmeow_schema=whatsmeow_schema,
            sim_url=env.get("WAGATE_SIM_URL") or "ws://127.0.0.1:7070/ws",
            sim_host=env.get("WAGATE_SIM_HOST") or "127.0.0.1",
            sim_port=_int(env, "WAGATE_SIM_PORT", 7070, 1),
            sim_qr_first_s=_float(env, "WAGATE_SIM_QR_FIRST", 60.0, 0.05),
            sim_qr_interval_s=_float(env, "WAGATE_SIM_QR_INTERVAL", 20.0, 0.05),
            sim_qr_count=_int(env, "WAGATE_SIM_QR_COUNT", 6, 1),
            gateway_metrics_port=_int(env, "WAGATE_GATEWAY_METRICS_PORT", 0, 0),
            ws_max_queued_bytes=_int(env, "WAGATE_WS_MAX_QUEUED_BYTES", 8 * 1024 * 1024, 1024),
            ws_max_queued_bytes_total=_int(
                env, "WAGATE_WS_MAX_QUEUED_BYTES_TOTAL", 256 * 1024 * 1024, 1024
            ),
            ws_recheck_interval_s=_float(env, "WAGATE_WS_RECHECK_INTERVAL", 2.0, 0.1),
            ws_allowed_origins=_origins(env, "WAGATE_WS_ALLOWED_ORIGINS"),
            gateway_redis_connections=_int(env, "WAGATE_GATEWAY_REDIS_CONNECTIONS", 1000, 10),
            trusted_proxy_hops=_int(env, "WAGATE_TRUSTED_PROXY_HOPS", 0, 0),
            connector_metrics_port=_int(env, "WAGATE_CONNECTOR_METRICS_PORT", 9102, 0),
            connector_id=env.get("WAGATE_CONNECTOR_ID") or f"{socket.gethostname()}-{os.getpid()}",
            connector_standby=_bool(env, "WAGATE_CONNECTOR_STANDBY", True),
            lock_timeout_s=_int(env, "WAGATE_LOCK_TIMEOUT", 25, 6),
            connector_concurrency=_int(env, "WAGATE_CONNECTOR_CONCURRENCY", 64, 1),
            reconnect_base_s=_float(env, "WAGATE_RECONNECT_BASE", 1.0, 0.01),
            reconnect_cap_s=_float(env, "WAGATE_RECONNECT_CAP", 60.0, 0.01),
            reconnect_max_attempts=_int(env, "WAGATE_RECONNECT_MAX_ATTEMPTS", 20, 0),
            reconnect_stable_s=_float(env, "WAGATE_RECONNECT_STABLE", 60.0, 0.0),
            initialize_wait_s=_float(env, "WAGATE_INITIALIZE_WAIT", 10.0, 0.1),
            send_wait_s=_float(env, "WAGATE_SEND_WAIT", 10.0, 0.0),
            health_interval_s=_float(env, "WAGATE_HEALTH_INTERVAL", 30.0, 0.1),
            health_timeout_s=_float(env, "WAGATE_HEALTH_TIMEOUT", 10.0, 0.05),
            restore_per_second=_float(env, "WAGATE_RESTORE_RATE", 20.0, 0.1),
            drain_timeout_s=_float(env, "WAGATE_DRAIN_TIMEOUT", 20.0, 0.0),
            webhook_schedule_s=_schedule(env, "WAGATE_WEBHOOK_SCHEDULE"),
            webhook_concurrency=_int(env, "WAGATE_WEBHOOK_CONCURRENCY", 32, 1),
            webhook_connect_timeout_s=_float(env, "WAGATE_WEBHOOK_CONNECT_TIMEOUT", 5.0, 0.05),
            webhook_timeout_s=_float(env, "WAGATE_WEBHOOK_TIMEOUT", 15.0, 0.05),
            webhook_poll_interval_s=_float(env, "WAGATE_WEBHOOK_POLL_INTERVAL", 1.0, 0.01),
            webhook_allow_private=_bool(env, "WAGATE_WEBHOOK_ALLOW_PRIVATE", False),
            webhook_disable_after_failures=_int(env, "WAGATE_WEBHOOK_DISABLE_FAILURES", 10, 1),
            webhook_disable_after_s=_float(
                env, "WAGATE_WEBHOOK_DISABLE_AFTER", 5 * 24 * 3600.0, 0.0
            ),
            webhook_retention_days=_float(env, "WAGATE_WEBHOOK_RETENTION_DAYS", 30.0, 0.001),
        )
        deployment = env.get("WAGATE_ENV") or "development"
        if deployment not in ("development", "production"):
            raise ConfigError("WAGATE_ENV must be development or production")
        if deployment == "production" and settings.dev_defaults_in_use():
            # a missing secret must stop a production process, not fall back to a value
            # anyone can read in the source
            raise ConfigError(
                "WAGATE_ENV=production needs real values for "
                + ", ".join(settings.dev_defaults_in_use())
            )
        return settings


def redacted_url(url: str) -> str:
    """A connection URL with any password replaced, for "connected to ..." lines."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
