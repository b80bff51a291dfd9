"""What committing events first costs: the connector's publish path in-process, against a
fresh database and a private Redis key prefix, with the path it replaced as the baseline
in the same run.

- `publish`: one event (a receipt) committed to the event log and the outbox in one
  statement, then woken onto the stream by the relay; timed until the entry is readable
  on the tenant's stream (XREAD), one event at a time.
- `publish with cause`: the same in a transaction that also records what caused it (an
  incoming message's de-duplication row), as for incoming messages.
- baseline `outbox then XADD`: the path before the event log: the outbox statement (no
  endpoint) then XADD to the stream, timed the same way.
- relay throughput: a backlog of events committed while the relay is stopped, then the
  rate at which it puts them on the streams of 10 tenants.

Env: BENCH_PUBLISH_EVENTS (500) one at a time per path, BENCH_PUBLISH_BACKLOG (5000).
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import asyncpg
from redis.asyncio import Redis

from bench.common import emit, env_int, latency_summary_ms, now, ratio, table
from connector.events import EventPublisher
from connector.relay import EventRelay, RelayConfig
from connector.webhooks.outbox import Outbox
from devstack.stack import REDIS_URL, create_database, database_url, drop_database
from wagate.bus import EVENT_STREAM_MAXLEN, BusKeys, Event, EventType, decode_read
from wagate.migrate import migrate


async def _timed_to_stream(
    redis: Redis, keys: BusKeys, tenant: str, count: int, publish: Callable[[int], Awaitable[None]]
) -> list[float]:
    """Seconds from the start of each publish until its entry is readable on the stream."""
    stream = keys.events(tenant)
    last = "0-0"  # each pass has a stream of its own, empty at the start
    took = []
    for i in range(count):
        started = now()
        await publish(i)
        while True:
            got = decode_read(await redis.xread({stream: last}, count=1, block=1000))
            if got:
                last = got[0][0]
                break
        took.append(now() - started)
    return took


async def main() -> None:
    events = env_int("BENCH_PUBLISH_EVENTS", 500)
    backlog = env_int("BENCH_PUBLISH_BACKLOG", 5000)
    name = await create_database()
    pool = await asyncpg.create_pool(database_url(name), min_size=2, max_size=4)
    bookkeeping = await asyncpg.create_pool(
        database_url(name), min_size=1, max_size=2, server_settings={"synchronous_commit": "off"}
    )
    redis = Redis.from_url(REDIS_URL)
    keys = BusKeys(f"wagate-bench-{secrets.token_hex(4)}")
    relay_task: asyncio.Task[None] | None = None
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
        outbox = Outbox(pool)
        relay = EventRelay(bookkeeping, redis, keys, RelayConfig("bench", 3600.0))
        publisher = EventPublisher(pool, outbox, relay.wake.set)
        relay_task = asyncio.create_task(relay.run())
        tenants = [f"bench-{secrets.token_hex(3)}" for _ in range(10)]
        for tenant in tenants:
            await pool.execute("INSERT INTO tenants (tenant_id) VALUES ($1)", tenant)

        def receipt(tenant: str, i: int) -> Event:
            return Event(EventType.RECEIPT, tenant, {"messageId": f"m{i}", "status": "read"})

        async def new_path(i: int) -> None:
            await publisher.publish(receipt(tenants[0], i))

        async def with_cause(i: int) -> None:
            async def first_seen(conn: asyncpg.Connection) -> bool:
                inserted = await conn.fetchval(
                    """INSERT INTO message_log (tenant_id, direction, message_id, peer,
                           status, sent_at)
                       VALUES ($1, 'in', $2, '1', 'received', $3)
                       ON CONFLICT (tenant_id, message_id) WHERE direction = 'in' DO NOTHING
                       RETURNING id""",
                    tenants[1],
                    f"in-{i}",
                    datetime.now(UTC),
                )
                return inserted is not None

            await publisher.publish(receipt(tenants[1], i), first_seen)

        async def old_path(i: int) -> None:
            event = receipt(tenants[2], i)
            await outbox.add(event)
            await redis.xadd(
                keys.events(event.tenant_id),
                event.to_fields(),  # type: ignore[arg-type]
                maxlen=EVENT_STREAM_MAXLEN,
                approximate=True,
            )

        passes = {
            "outbox then XADD (before)": await _timed_to_stream(
                redis, keys, tenants[2], events, old_path
            ),
            "publish (event log + relay)": await _timed_to_stream(
                redis, keys, tenants[0], events, new_path
            ),
            "publish with cause": await _timed_to_stream(
                redis, keys, tenants[1], events, with_cause
            ),
        }

        # relay throughput from a backlog committed while it was stopped
        relay_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await relay_task
        for i in range(backlog):
            await outbox.add(receipt(tenants[3 + i % 7], i), for_stream=True)
        started = time.perf_counter()
        while await relay.relay_once():
            pass
        relay_s = time.perf_counter() - started
        on_streams = sum([int(await redis.xlen(keys.events(c))) for c in tenants[3:]])
    finally:
        if relay_task is not None:
            relay_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relay_task
        for tenant in tenants if "tenants" in locals() else []:
            await redis.delete(
                keys.events(tenant), keys.relayed_ids(tenant), keys.relayed_order(tenant)
            )
        await redis.aclose()
        await bookkeeping.close()
        await pool.close()
        await drop_database(name)

    summaries = {k: latency_summary_ms(v) for k, v in passes.items()}
    base = summaries["outbox then XADD (before)"]["p50_ms"]
    table(
        f"event committed → readable on the tenant's stream, {events} one at a time; ms",
        ["path", "p50", "p99", "mean", "p50 ratio"],
        [
            [k, s["p50_ms"], s["p99_ms"], s["mean_ms"], ratio(s["p50_ms"], base)]
            for k, s in summaries.items()
        ],
    )
    relay_rate = backlog / relay_s
    table(
        "relay catching up a backlog",
        ["events", "on streams", "seconds", "events/s"],
        [[backlog, on_streams, round(relay_s, 2), round(relay_rate)]],
    )
    emit(
        "event_publish",
        {
            "events": events,
            "to_stream": summaries,
            "relay_backlog": {
                "events": backlog,
                "on_streams": on_streams,
                "seconds": round(relay_s, 2),
                "events_per_s": round(relay_rate),
            },
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
