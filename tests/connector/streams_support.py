"""What the event-stream tests share: the connector's own stream pieces (installation-wide
streams from settings, the stream dispatcher) over a real PostgreSQL, a tenant's stream
as a row, and a burst of events through the outbox."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import asyncpg

from connector.metrics import ConnectorMetrics
from connector.streams.setup import installation_streams, put_installation_streams
from connector.streams.setup import stream_dispatcher as make_dispatcher
from connector.webhooks.outbox import Outbox
from devstack.waiting import until
from tests.private_brokers import PrivateBroker
from wagate.bus import Event, EventType
from wagate.config import ConnectorSettings
from wagate.event_streams import shown_url
from wagate.sealing import Sealer
from wagate.tables import webhook_endpoints
from wagate.tables.webhook_endpoints import NewStream


@dataclass
class Streams:
    pg: asyncpg.Pool
    outbox: Outbox
    settings: ConnectorSettings
    sealer: Sealer

    async def burst(self, tenants: list[str], n: int, between: object = None) -> list[Event]:
        """`n` events, the tenants in turn, each through the outbox as the connector
        writes them; `between(i)` (a coroutine function) runs before event i."""
        events = []
        for i in range(n):
            if between is not None:
                await between(i)  # type: ignore[operator]
            event = Event(EventType.RECEIPT, tenants[i % len(tenants)], {"n": i})
            await self.outbox.add(event)
            events.append(event)
        return events

    async def tenant_stream(self, tenant: str, kind: str, url: str, target: str, **kw: str) -> None:
        await webhook_endpoints.put_stream(
            self.pg,
            NewStream(
                id=f"st_{tenant}",
                tenant_id=tenant,
                kind=kind,
                url=shown_url(url),
                sealed_url=self.sealer.seal_text(url),
                target=target,
                exchange=kw.get("exchange", ""),
                event_types=None,
            ),
        )

    async def retried_past_schedule(self, timeout_s: float = 10) -> None:
        """Until a delivery has been tried more often than the schedule has delays: a
        broker away that long must still lose nothing."""
        tries = len(self.settings.stream_schedule_s) + 2

        async def past() -> bool:
            return bool(
                await self.pg.fetchval(
                    "SELECT count(*) FROM webhook_deliveries WHERE attempts >= $1", tries
                )
            )

        await until(past, f"a stream delivery tried {tries} times", timeout_s, every_s=0.05)

    async def all_published(self, timeout_s: float) -> None:
        async def none_pending() -> bool:
            return not await self.pg.fetchval(
                "SELECT count(*) FROM webhook_deliveries WHERE status <> 'delivered'"
            )

        await until(none_pending, "every stream delivery confirmed", timeout_s, every_s=0.05)


@contextlib.asynccontextmanager
async def streams_running(pg: asyncpg.Pool, env: dict[str, str]) -> AsyncIterator[Streams]:
    """The connector's stream dispatcher running, with the installation-wide streams the
    settings in `env` name; a quick retry schedule."""
    settings = ConnectorSettings.from_env(
        {
            "WAGATE_STREAM_SCHEDULE": "0,0.1,0.2,0.5",
            "WAGATE_STREAM_TIMEOUT": "2",
            # the tests' brokers are on loopback, where tenants' streams may not go else
            "WAGATE_WEBHOOK_ALLOW_PRIVATE": "1",
            **env,
        }
    )
    sealer = Sealer(settings.credentials_keys)
    for tenant in ("a", "b"):
        await pg.execute(
            "INSERT INTO tenants (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING", tenant
        )
    await put_installation_streams(pg, installation_streams(settings, sealer))
    outbox = Outbox(pg)
    dispatcher, publisher = make_dispatcher(
        settings, pg, outbox, ConnectorMetrics(), sealer, lambda: None
    )
    task = asyncio.create_task(dispatcher.run())
    try:
        yield Streams(pg, outbox, settings, sealer)
    finally:
        await dispatcher.drain(5)
        await task
        await publisher.aclose()


def first_seen(ids: list[str]) -> list[str]:
    """The ids in the order they first arrived (a repeat is what de-duplication drops)."""
    return list(dict.fromkeys(ids))


# what a broker's consumer got: (message id, subject or routing key), in order
Received = Callable[[], Awaitable[list[tuple[str, str]]]]


async def burst_arrives_in_order(streams: Streams, received: Received) -> None:
    events = await streams.burst(["a", "b"], 60)
    await streams.all_published(20)
    got = await received()
    assert [i for i, _ in got] == [e.id for e in events]  # each once, in order
    assert got[1][1] == "wagate.events.b.receipt"  # <subject>.<tenant>.<type>


async def restart_mid_burst(
    streams: Streams, broker: PrivateBroker, received: Received
) -> list[str]:
    """A burst during which the broker is killed (SIGKILL, as a crash) and, once it has
    been away for longer than the whole retry schedule, started again: every event
    arrives, in order of first arrival. Returns the ids as received (repeats kept)."""

    async def kill_and_restart(i: int) -> None:
        if i == 100:
            broker.kill()
        elif i == 150:
            await streams.retried_past_schedule()
            await asyncio.to_thread(broker.start)

    events = await streams.burst(["a", "b"], 300, kill_and_restart)
    await streams.all_published(60)
    ids = [i for i, _ in await received()]
    assert first_seen(ids) == [e.id for e in events]  # none lost, in order
    return ids


async def tenant_stream_is_the_tenants(
    streams: Streams, theirs: Received, everyone: Received
) -> None:
    """With tenant a's stream added: it gets a's events only, the installation's all."""
    events = await streams.burst(["a", "b"], 20)
    await streams.all_published(20)
    assert [i for i, _ in await theirs()] == [e.id for e in events if e.tenant_id == "a"]
    assert len(await everyone()) == 20
