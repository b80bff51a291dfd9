"""The event streams' side of the connector: the installation-wide streams its settings
name, written as destination rows at start, and the dispatcher that sends to every
stream (the webhooks' dispatcher, claiming streams only, on the streams' schedule)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import asyncpg

from connector.metrics import ConnectorMetrics
from connector.streams.publishers import INSTALLATION_PREFIX, StreamPublisher
from connector.webhooks.dispatcher import Dispatcher, lease_for
from connector.webhooks.outbox import Outbox
from connector.webhooks.queue import DeliveryQueue
from connector.webhooks.schedule import RetrySchedule
from wagate.config import ConnectorSettings
from wagate.event_streams import shown_url
from wagate.sealing import Sealer
from wagate.tables import webhook_endpoints
from wagate.tables.webhook_endpoints import NewStream

log = logging.getLogger(__name__)

STREAM_KINDS = ("amqp", "nats")
INSTALLATION_IDS = {kind: INSTALLATION_PREFIX + kind for kind in ("nats", "amqp")}
# a stream is never switched off for failing: a broker that is away is waited for
_NEVER = sys.maxsize


def installation_streams(settings: ConnectorSettings, sealer: Sealer) -> list[NewStream]:
    urls = {"nats": settings.stream_nats_url, "amqp": settings.stream_amqp_url}
    exchanges = {"nats": "", "amqp": settings.stream_amqp_exchange}
    return [
        NewStream(
            id=INSTALLATION_IDS[kind],
            tenant_id=None,
            kind=kind,
            url=shown_url(url),
            sealed_url=sealer.seal_text(url),
            target=settings.stream_subject,
            exchange=exchanges[kind],
            event_types=None,
        )
        for kind, url in urls.items()
        if url
    ]


async def put_installation_streams(pg: asyncpg.Pool, streams: list[NewStream]) -> None:
    """The settings' streams as rows; one the settings no longer name is paused (what it
    is owed waits for it to be named again)."""
    async with pg.acquire() as conn, conn.transaction():
        for stream in streams:
            await webhook_endpoints.put_stream(conn, stream)
            log.info("event stream %s: %s %s", stream.id, stream.kind, stream.url)
        paused = await webhook_endpoints.pause_installation_streams_except(
            conn, [s.id for s in streams]
        )
    if paused:
        log.info("paused %d installation-wide event stream(s) no longer configured", paused)


def stream_dispatcher(
    settings: ConnectorSettings,
    pg: asyncpg.Pool,
    outbox: Outbox,
    metrics: ConnectorMetrics,
    sealer: Sealer,
    wake_relay: Callable[[], None],
) -> tuple[Dispatcher, StreamPublisher]:
    publisher = StreamPublisher(
        timeout_s=settings.stream_timeout_s, allow_private=settings.webhook_allow_private
    )
    queue = DeliveryQueue(
        pg,
        outbox,
        owner=settings.connector_id,
        lease_s=lease_for(publisher.deadline_s),
        disable_after_failures=_NEVER,
        disable_after_s=float("inf"),
        sealer=sealer,
        kinds=STREAM_KINDS,
    )
    dispatcher = Dispatcher(
        queue,
        publisher,
        RetrySchedule(settings.stream_schedule_s, endless=True),
        metrics,
        wake=outbox.added.listener(),
        wake_relay=wake_relay,
        concurrency=settings.webhook_concurrency,
        poll_interval_s=settings.webhook_poll_interval_s,
        retention_days=settings.webhook_retention_days,
    )
    return dispatcher, publisher
