"""The settings only the gateway reads (the `wagate` command too, where it says): tokens,
API keys, rate limits, the HTTP listener and the event WebSockets."""

from __future__ import annotations

from dataclasses import dataclass

from wagate.config.common import DEV_API_KEY_PEPPER, DEV_JWT_SECRET, ServiceSettings
from wagate.config.declaring import setting
from wagate.config.readers import ConfigError, choice, hosts, integer, origins, real, secret, text


@dataclass(frozen=True)
class GatewaySettings(ServiceSettings):
    """What a gateway process is given."""

    jwt_secret: str = setting(
        "WAGATE_JWT_SECRET",
        DEV_JWT_SECRET,
        secret,
        "HS256 key for tokens; 32+ characters",
        cli=True,
        shown="`wagate up`: generated (secrets.json); else a development secret, with a "
        "warning at start",
    )
    jwt_issuer: str = setting(
        "WAGATE_JWT_ISSUER",
        "wagate",
        text,
        "required `iss` / `aud` claims",
        cli=True,
    )
    jwt_audience: str = setting(
        "WAGATE_JWT_AUDIENCE",
        "wagate",
        text,
        "required `iss` / `aud` claims",
        cli=True,
    )
    jwt_algorithm: str = setting(
        "WAGATE_JWT_ALGORITHM",
        "HS256",
        choice("HS256", "RS256", "ES256"),
        "`HS256`, `RS256` or `ES256` (the only one accepted)",
        cli=True,
    )
    jwt_public_key_file: str | None = setting(
        "WAGATE_JWT_PUBLIC_KEY_FILE",
        None,
        text,
        "PEM public key or JWKS file for RS256/ES256",
    )
    jwt_jwks_file: str | None = setting(
        "WAGATE_JWT_JWKS_FILE",
        None,
        text,
        "PEM public key or JWKS file for RS256/ES256",
    )
    jwt_max_lifetime_s: int = setting(
        "WAGATE_JWT_MAX_LIFETIME",
        24 * 3600,
        integer(60),
        "longest accepted token lifetime, `exp - iat`, in seconds (`iat` is required)",
        cli=True,
    )
    api_key_pepper: str = setting(
        "WAGATE_API_KEY_PEPPER",
        DEV_API_KEY_PEPPER,
        secret,
        "key of the HMAC that API keys are stored under; 32+ characters; changing it "
        "invalidates every key",
        cli=True,
        shown="`wagate up`: generated (secrets.json); else a development pepper, with a warning",
    )
    send_rate_per_minute: int = setting(
        "WAGATE_SEND_RATE_PER_MINUTE",
        30,
        integer(1),
        "sends per tenant in any 60 s (per-tenant override: `sendRatePerMinute`)",
    )
    number_check_rate_per_minute: int = setting(
        "WAGATE_NUMBER_CHECK_RATE_PER_MINUTE",
        6,
        integer(1),
        "number checks per tenant in any 60 s that ask WhatsApp (up to 50 numbers each; "
        "answers from the cache are not counted): bulk checks get numbers banned",
    )
    group_change_rate_per_minute: int = setting(
        "WAGATE_GROUP_CHANGE_RATE_PER_MINUTE",
        20,
        integer(1),
        "group changes per tenant in any 60 s (create, join, leave, subject, description, "
        "participants, invite revoke, settings, picture, join requests answered): WhatsApp "
        "bans numbers that change groups in bulk",
    )
    number_check_cache_ttl_s: int = setting(
        "WAGATE_NUMBER_CHECK_CACHE_TTL",
        86400,
        integer(0),
        "seconds a number check's answer is kept and reused (per tenant, in Redis); 0: none",
    )
    auth_failures_per_minute: int = setting(
        "WAGATE_AUTH_FAILURES_PER_MINUTE",
        20,
        integer(1),
        "failed authentications per client address in any 60 s",
    )
    trusted_proxy_hops: int = setting(
        "WAGATE_TRUSTED_PROXY_HOPS",
        0,
        integer(0),
        "proxies in front of the gateway whose `X-Forwarded-For` entries are trusted "
        "for the client address; 0 ignores the header",
    )
    idempotency_ttl_s: int = setting(
        "WAGATE_IDEMPOTENCY_TTL",
        24 * 3600,
        integer(60),
        "seconds an Idempotency-Key is remembered",
    )
    port: int = setting(
        "WAGATE_PORT",
        3000,
        integer(1),
        "gateway bind address",
        cli=True,
    )
    max_body_bytes: int = setting(
        "WAGATE_MAX_BODY_BYTES",
        64 * 1024,
        integer(1024),
        "request body cap (then 413)",
    )
    gateway_redis_connections: int = setting(
        "WAGATE_GATEWAY_REDIS_CONNECTIONS",
        1000,
        integer(10),
        "a gateway's pooled Redis connections: one per command in flight only while the "
        "previous release's connector answers (sends share one connection otherwise), "
        "plus one shared by all its event WebSockets; past it, requests wait (up to the "
        "command timeout)",
    )
    allowed_hosts: tuple[str, ...] = setting(
        "WAGATE_ALLOWED_HOSTS",
        (),
        hosts,
        "comma-separated names (`api.example.com`, `*.example.com`, optionally `:port`) "
        "the gateway answers as its `Host`; others get 400 (DNS rebinding). `*`: any, for "
        "a proxy that rewrites `Host`",
        shown="`localhost`, `127.0.0.1`, `[::1]` and the host of `WAGATE_PUBLIC_URL`",
    )
    sign_in_session_ttl_s: int = setting(
        "WAGATE_SIGN_IN_SESSION_TTL",
        8 * 3600,
        integer(60),
        "seconds the admin token a sign-in link is exchanged for lives (at most "
        "`WAGATE_JWT_MAX_LIFETIME`)",
    )
    ws_allowed_origins: tuple[str, ...] = setting(
        "WAGATE_WS_ALLOWED_ORIGINS",
        (),
        origins,
        "comma-separated browser origins (`https://app.example`) besides the gateway's "
        "own that may open the event WebSocket",
    )
    ws_recheck_interval_s: float = setting(
        "WAGATE_WS_RECHECK_INTERVAL",
        2.0,
        real(0.1),
        "seconds between checks that an open event WebSocket's API key is not revoked "
        "and its tenant not disabled",
    )
    ws_max_queued_bytes: int = setting(
        "WAGATE_WS_MAX_QUEUED_BYTES",
        8 * 1024 * 1024,
        integer(1024),
        "bytes of events that may wait in a gateway for one slow WebSocket reader / for"
        " all of them; past it the (furthest behind) socket closes with 1013",
    )
    ws_max_queued_bytes_total: int = setting(
        "WAGATE_WS_MAX_QUEUED_BYTES_TOTAL",
        256 * 1024 * 1024,
        integer(1024),
        "bytes of events that may wait in a gateway for one slow WebSocket reader / for"
        " all of them; past it the (furthest behind) socket closes with 1013",
    )
    gateway_metrics_port: int = setting(
        "WAGATE_GATEWAY_METRICS_PORT",
        0,
        integer(0),
        "the gateway's own `/metrics` listener",
        shown="`0` (off)",
    )
    gateway_database_timeout_s: float = setting(
        "WAGATE_GATEWAY_DATABASE_TIMEOUT",
        5.0,
        real(0.1),
        "seconds a gateway waits to connect to PostgreSQL or for a query before the "
        "request answers 503 `database_unavailable`",
    )
    gateway_drain_timeout_s: float = setting(
        "WAGATE_GATEWAY_DRAIN_TIMEOUT",
        10.0,
        real(0.0),
        "seconds SIGTERM waits for a gateway's requests in flight before it exits; "
        "its event WebSockets close at once with 1012 (service restart)",
    )
    media_json_max_bytes: int = setting(
        "WAGATE_MEDIA_JSON_MAX_BYTES",
        2 * 1024 * 1024,
        integer(1024),
        "cap of a media send's JSON body (base64 `data` included; larger files: upload or URL)",
    )

    @property
    def jwt_secret_is_dev_default(self) -> bool:
        return self.jwt_algorithm == "HS256" and self.jwt_secret == DEV_JWT_SECRET

    def dev_defaults_in_use(self) -> list[str]:
        found = []
        if self.jwt_secret_is_dev_default:
            found.append("WAGATE_JWT_SECRET")
        if self.api_key_pepper == DEV_API_KEY_PEPPER:
            found.append("WAGATE_API_KEY_PEPPER")
        return found + super().dev_defaults_in_use()

    def check(self) -> None:
        algorithm = self.jwt_algorithm
        if algorithm != "HS256" and not (self.jwt_public_key_file or self.jwt_jwks_file):
            raise ConfigError(
                f"{algorithm} needs WAGATE_JWT_PUBLIC_KEY_FILE or WAGATE_JWT_JWKS_FILE"
            )
        super().check()
