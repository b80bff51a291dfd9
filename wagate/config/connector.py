"""The settings only the connector reads: its lock and standby, the engines' sessions,
reconnects and health, webhooks' delivery, and incoming media."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from wagate.config.common import ServiceSettings
from wagate.config.declaring import setting
from wagate.config.readers import (
    broker_url,
    choice,
    flag,
    integer,
    real,
    schedule,
    sql_name,
    stream_exchange,
    stream_subject,
    text,
)


def _host_and_pid() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True)
class ConnectorSettings(ServiceSettings):
    """What the connector process is given."""

    connector_metrics_port: int = setting(
        "WAGATE_CONNECTOR_METRICS_PORT",
        9102,
        integer(0),
        "the connector's own `/metrics` listener (it also serves `/healthz`, `/readyz`)",
    )
    whatsmeow_schema: str = setting(
        "WAGATE_WHATSMEOW_SCHEMA",
        "whatsmeow",
        sql_name,
        "the PostgreSQL schema whatsmeow keeps its devices and keys in (in "
        "`DATABASE_URL`'s database)",
    )
    engine_host_binary: str = setting(
        "WAGATE_ENGINE_HOST_BINARY",
        "",
        text,
        "the whatsmeow engine's host program (Go; `make install` builds it)",
        shown="`wagate-engine-host` beside the Python executable (`.venv/bin`)",
    )
    engine_host_sessions: int = setting(
        "WAGATE_ENGINE_HOST_SESSIONS",
        500,
        integer(1),
        "whatsmeow sessions per engine host process (past it a second host starts): "
        "what one host's crash takes down at once; memory is not the bound (some "
        "100 KiB a parked session, docs/engine-host.md)",
    )
    engine_host_db_conns: int = setting(
        "WAGATE_ENGINE_HOST_DB_CONNS",
        10,
        integer(1),
        "PostgreSQL connections each engine host's one pool keeps for whatsmeow's store",
    )
    engine_session_in_flight: int = setting(
        "WAGATE_ENGINE_SESSION_IN_FLIGHT",
        8,
        integer(1),
        "requests one whatsmeow session may have unanswered at its engine host at once "
        "(the host takes 64 for all its sessions): a tenant's sends hung at WhatsApp wait "
        "behind this cap, and the other sessions on that host still get theirs through",
    )
    engine_send_timeout_s: float = setting(
        "WAGATE_ENGINE_SEND_TIMEOUT",
        75.0,
        real(1.0),
        "seconds whatsmeow waits for WhatsApp's ack of a send (its own default: 75); the "
        "engine host bounds the whole send by that plus whatsmeow's three 75 s lookups "
        "plus 300 s for an upload, and the connector waits 30 s longer, so it never gives "
        "up on a send still going",
    )
    sim_url: str = setting(
        "WAGATE_SIM_URL",
        "ws://127.0.0.1:7070/ws",
        text,
        "where the sim engine connects",
    )
    connector_id: str = setting(
        "WAGATE_CONNECTOR_ID",
        "",
        text,
        "this connector's name (shown to standbys and in the lock holder's `application_name`)",
        shown="`<hostname>-<pid>`",
        when_unset=_host_and_pid,
    )
    connector_standby: bool = setting(
        "WAGATE_CONNECTOR_STANDBY",
        True,
        flag,
        "a connector that finds the lock taken waits as a standby and takes over; `0`: "
        "it exits 3, naming the holder",
    )
    lock_timeout_s: int = setting(
        "WAGATE_LOCK_TIMEOUT",
        25,
        integer(6),
        "seconds (6 or more) PostgreSQL keeps the lock of a holder it cannot hear (TCP "
        "keepalive on the lock's connection): the takeover bound when a holder's host "
        "vanishes; the holder fences after half of it and holds no session after 0.7 of"
        " it",
    )
    connector_concurrency: int = setting(
        "WAGATE_CONNECTOR_CONCURRENCY",
        64,
        integer(1),
        "commands a connector runs at once",
    )
    reconnect_base_s: float = setting(
        "WAGATE_RECONNECT_BASE",
        1.0,
        real(0.01),
        "reconnect backoff (full jitter), seconds",
    )
    reconnect_cap_s: float = setting(
        "WAGATE_RECONNECT_CAP",
        60.0,
        real(0.01),
        "reconnect backoff (full jitter), seconds",
    )
    reconnect_max_attempts: int = setting(
        "WAGATE_RECONNECT_MAX_ATTEMPTS",
        20,
        integer(0),
        "attempts before a session gives up (`failed`); `0` never gives up",
    )
    reconnect_stable_s: float = setting(
        "WAGATE_RECONNECT_STABLE",
        60.0,
        real(0.0),
        "seconds a connection must stay up before the backoff starts again from the first attempt",
    )
    event_store_tries: int = setting(
        "WAGATE_EVENT_STORE_TRIES",
        3,
        integer(1),
        "tries to store a session event PostgreSQL refuses (not: cannot be reached) "
        "before it is set aside (`event_quarantined`) and the stream goes on",
    )
    health_interval_s: float = setting(
        "WAGATE_HEALTH_INTERVAL",
        30.0,
        real(0.1),
        "health monitor: seconds between round trips, seconds to wait for one",
    )
    health_timeout_s: float = setting(
        "WAGATE_HEALTH_TIMEOUT",
        10.0,
        real(0.05),
        "health monitor: seconds between round trips, seconds to wait for one",
    )
    send_wait_s: float = setting(
        "WAGATE_SEND_WAIT",
        10.0,
        real(0.0),
        "seconds a send waits for a (re)connecting session; keep it below `WAGATE_COMMAND_TIMEOUT`",
    )
    restore_per_second: float = setting(
        "WAGATE_RESTORE_RATE",
        20.0,
        real(0.1),
        "sessions per second a restarted connector reconnects, one at a time (thousands of "
        "sessions want 100 to 150: docs/performance.md)",
    )
    drain_timeout_s: float = setting(
        "WAGATE_DRAIN_TIMEOUT",
        20.0,
        real(0.0),
        "seconds SIGTERM waits for commands in flight",
    )
    initialize_wait_s: float = setting(
        "WAGATE_INITIALIZE_WAIT",
        10.0,
        real(0.1),
        "seconds `initialize` waits for the first QR or connection",
    )
    webhook_schedule_s: tuple[float, ...] = setting(
        "WAGATE_WEBHOOK_SCHEDULE",
        (0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0),
        schedule,
        "seconds before each webhook attempt, the first included (±20 % jitter); its "
        "length is the number of attempts before dead-lettering",
    )
    webhook_concurrency: int = setting(
        "WAGATE_WEBHOOK_CONCURRENCY",
        32,
        integer(1),
        "webhook attempts in flight at once, over all endpoints (one per endpoint at most)",
    )
    webhook_connect_timeout_s: float = setting(
        "WAGATE_WEBHOOK_CONNECT_TIMEOUT",
        5.0,
        real(0.05),
        "seconds to connect / to wait for the answer; together they bound an attempt",
    )
    webhook_timeout_s: float = setting(
        "WAGATE_WEBHOOK_TIMEOUT",
        15.0,
        real(0.05),
        "seconds to connect / to wait for the answer; together they bound an attempt",
    )
    webhook_poll_interval_s: float = setting(
        "WAGATE_WEBHOOK_POLL_INTERVAL",
        1.0,
        real(0.01),
        "seconds between looks at the outbox for work the connector was not told about "
        "(replays and test events from the gateway, expired leases)",
    )
    webhook_disable_after_failures: int = setting(
        "WAGATE_WEBHOOK_DISABLE_FAILURES",
        10,
        integer(1),
        "an endpoint is disabled after this many failed attempts in a row spanning at "
        "least this many seconds (5 days)",
    )
    webhook_disable_after_s: float = setting(
        "WAGATE_WEBHOOK_DISABLE_AFTER",
        5 * 24 * 3600.0,
        real(0.0),
        "an endpoint is disabled after this many failed attempts in a row spanning at "
        "least this many seconds (5 days)",
    )
    event_log_retention_s: float = setting(
        "WAGATE_EVENT_LOG_RETENTION",
        3600.0,
        real(1.0),
        "seconds relayed events stay in the event log, from which a WebSocket resuming"
        " after events its stream no longer holds is given them; past it, a gap notice",
    )
    webhook_retention_days: float = setting(
        "WAGATE_WEBHOOK_RETENTION_DAYS",
        30.0,
        real(0.001),
        "days finished deliveries, their events and attempts are kept",
    )
    media_fetch_timeout_s: float = setting(
        "WAGATE_MEDIA_FETCH_TIMEOUT",
        30.0,
        real(0.05),
        "seconds the connector gives a media `url` to answer and send its bytes",
    )
    media_fetch_per_tenant: int = setting(
        "WAGATE_MEDIA_FETCH_PER_TENANT",
        4,
        integer(1),
        "media `url`s the connector fetches at once for one tenant (the others wait)",
    )
    media_download: str = setting(
        "WAGATE_MEDIA_DOWNLOAD",
        "arrival",
        choice("arrival", "request", "never"),
        "when incoming media is copied from WhatsApp to the blob store: on `arrival`, on "
        "the first `request` for it, or `never` (the descriptor only)",
    )
    media_retention_hours: float = setting(
        "WAGATE_MEDIA_RETENTION_HOURS",
        7 * 24.0,
        real(0.0001),
        "hours stored media is kept after it arrived; then its bytes and row are deleted",
    )
    message_store_sweep_s: float = setting(
        "WAGATE_MESSAGE_STORE_SWEEP_INTERVAL",
        3600.0,
        real(1.0),
        "seconds between passes of the message store's retention sweep (each tenant's "
        "`messageRetentionDays`; deleted 1,000 messages per statement)",
    )
    stream_nats_url: str = setting(
        "WAGATE_STREAM_NATS_URL",
        "",
        broker_url("nats"),
        "an installation-wide event stream to NATS JetStream (`nats://user:pass@host:4222`;"
        " blank: none): every tenant's events, on `<subject>.<tenant>.<type>`",
    )
    stream_amqp_url: str = setting(
        "WAGATE_STREAM_AMQP_URL",
        "",
        broker_url("amqp"),
        "an installation-wide event stream to RabbitMQ (`amqp://user:pass@host:5672/vhost`;"
        " blank: none): every tenant's events, routing key `<subject>.<tenant>.<type>`",
    )
    stream_subject: str = setting(
        "WAGATE_STREAM_SUBJECT",
        "wagate.events",
        stream_subject,
        "the installation-wide streams' subject (routing key) prefix",
    )
    stream_amqp_exchange: str = setting(
        "WAGATE_STREAM_AMQP_EXCHANGE",
        "wagate",
        stream_exchange,
        "the topic exchange the installation-wide AMQP stream publishes to (declared, "
        "durable, if missing)",
    )
    stream_schedule_s: tuple[float, ...] = setting(
        "WAGATE_STREAM_SCHEDULE",
        (0.0, 1.0, 2.0, 5.0, 10.0, 30.0),
        schedule,
        "seconds before each event-stream attempt, the first included (±20 % jitter); after"
        " the last, its delay again for as long as the broker is away (never given up)",
    )
    stream_timeout_s: float = setting(
        "WAGATE_STREAM_TIMEOUT",
        10.0,
        real(0.05),
        "seconds an event-stream attempt (connecting and the broker's confirmation) may take",
    )
    media_url_ttl_s: float = setting(
        "WAGATE_MEDIA_URL_TTL",
        24 * 3600.0,
        real(1.0),
        "seconds a webhook's signed media URL stays valid after the attempt that carried it",
    )
    ffmpeg: str = setting(
        "WAGATE_FFMPEG",
        "ffmpeg",
        text,
        "the ffmpeg that converts voice notes to OGG/Opus; not found: such notes are refused",
    )
