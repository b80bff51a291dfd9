"""The event relay on a real PostgreSQL and Redis, without processes: what reaches the
streams and what the event log records, and how many statements a batch costs."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, cast

import asyncpg
import pytest
from redis.asyncio import Redis

from connector.relay import EventRelay, RelayConfig
from devstack.stack import REDIS_URL, create_database, database_url, drop_database
from devstack.waiting import until
from wagate.bus import BusKeys, Event, EventType, decode_entries
from wagate.migrate import migrate
from wagate.tables import event_log

TENANT = "co-relay"


@dataclass
class Statements:
    """The relay's database, counting what it runs; `on_read` runs after each read of the
    unrelayed rows (before the relay appends them), as a commit landing meanwhile would."""

    pool: asyncpg.Pool
    reads: list[int] = field(default_factory=list)  # rows each read returned
    marks: int = 0  # statements that only mark rows relayed
    on_read: Any = None

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        rows: list[asyncpg.Record] = await self.pool.fetch(query, *args)
        if "NOT relayed" in query:
            self.reads.append(len(rows))
            if self.on_read is not None:
                await self.on_read()
        return rows

    async def execute(self, query: str, *args: Any) -> str:
        if query.lstrip().startswith("UPDATE event_log"):
            self.marks += 1
        return str(await self.pool.execute(query, *args))

    async def fetchval(self, query: str, *args: Any) -> Any:
        return await self.pool.fetchval(query, *args)


@dataclass
class World:
    pool: asyncpg.Pool
    redis: Redis
    keys: BusKeys

    async def commit(self, n: int) -> None:
        fields = Event(EventType.RECEIPT, TENANT, {"n": n}).to_fields()
        await self.pool.execute(
            "INSERT INTO event_log (tenant_id, fields) VALUES ($1, $2::jsonb)",
            TENANT,
            json.dumps(fields),
        )

    def relay(self, db: Statements, mark_linger_s: float = 0.1) -> EventRelay:
        config = RelayConfig("db", 3600, mark_linger_s=mark_linger_s)
        return EventRelay(cast(asyncpg.Pool, db), self.redis, self.keys, config)

    async def on_stream(self) -> list[tuple[str, int]]:
        entries = decode_entries(await self.redis.xrange(self.keys.events(TENANT)))
        return [(i, json.loads(f["data"])["n"]) for i, f in entries]

    async def in_log(self) -> list[tuple[bool, str | None]]:
        rows = await self.pool.fetch(
            "SELECT relayed, stream_ms || '-' || stream_seq AS id FROM event_log ORDER BY seq"
        )
        return [(r["relayed"], r["id"]) for r in rows]


@pytest.fixture
async def world() -> AsyncIterator[World]:
    name = await create_database()
    pool = await asyncpg.create_pool(database_url(name), min_size=1, max_size=2)
    redis = Redis.from_url(REDIS_URL)
    keys = BusKeys(f"wagate-test-{secrets.token_hex(4)}")
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
        yield World(pool, redis, keys)
        await redis.delete(keys.events(TENANT), keys.relayed_ids(TENANT))
        await redis.delete(keys.relayed_order(TENANT))
    finally:
        await redis.aclose()
        await pool.close()
        await drop_database(name)


async def _relayed_all(world: World, count: int) -> list[tuple[str, int]]:
    async def done() -> list[tuple[str, int]] | None:
        log = await world.in_log()
        everything = len(log) == count and all(relayed for relayed, _ in log)
        return await world.on_stream() if everything else None

    return await until(done, f"{count} events relayed and marked")


async def test_under_load_a_batch_is_marked_by_the_next_read(world: World) -> None:
    """Events committed while the relay works on a batch: one statement a batch (the next
    read marks the last batch), every event on the stream once, in order, at the entry
    the log records; the last batch marked without waiting for another event."""
    db = Statements(world.pool)
    committed = iter(range(2, 7))

    async def commit_meanwhile() -> None:
        n = next(committed, None)
        if n is not None:
            await world.commit(n)
            relay.wake.set()

    db.on_read = commit_meanwhile
    relay = world.relay(db)
    await world.commit(1)
    task = asyncio.create_task(relay.run(poll_interval_s=30))
    try:
        stream = await _relayed_all(world, 6)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert [n for _, n in stream] == [1, 2, 3, 4, 5, 6]
    assert [stream_id for _, stream_id in await world.in_log()] == [i for i, _ in stream]
    assert sum(db.reads) == 6  # no row read again once its mark went with a read
    assert db.marks == 1  # only the last batch's, when nothing more was waiting


async def test_events_spaced_within_the_linger_cost_one_statement_each(world: World) -> None:
    """Events that come one at a time, each after the last is on its stream but within
    the linger: each batch's mark goes with the next read, none takes a statement of its
    own; the last one's mark waits for the linger (or for the shutdown's last batch)."""
    db = Statements(world.pool)
    relay = world.relay(db, mark_linger_s=60)
    task = asyncio.create_task(relay.run(poll_interval_s=60))
    try:
        for n in (1, 2, 3):
            await world.commit(n)
            relay.wake.set()
            await until(functools.partial(_on_stream_count, world, n), f"event {n} on stream")
        assert db.marks == 0
        assert [relayed for relayed, _ in await world.in_log()] == [True, True, False]
        assert sum(db.reads) == 3  # each row read once
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert await relay.relay_once() == 0  # the shutdown's last batch marks the lingering one
    assert [relayed for relayed, _ in await world.in_log()] == [True, True, True]


async def _on_stream_count(world: World, n: int) -> bool:
    return len(await world.on_stream()) >= n


async def test_a_relay_gone_before_its_mark_appends_nothing_twice(world: World) -> None:
    """A relay that appended a batch and died before the mark: the next one reads the
    rows again, finds them on the stream and marks them at the entries they have."""
    for n in (1, 2):
        await world.commit(n)
    first = world.relay(Statements(world.pool))
    await first._relay_batch(world.pool)  # appended; its mark would have gone with the next read
    assert [relayed for relayed, _ in await world.in_log()] == [False, False]
    await world.commit(3)
    second = world.relay(Statements(world.pool))
    assert await second.relay_once() == 3
    stream = await world.on_stream()
    assert [n for _, n in stream] == [1, 2, 3]
    assert await world.in_log() == [(True, i) for i, _ in stream]


async def test_a_mark_does_not_wait_for_the_flush_and_leaves_the_connection_as_it_was(
    world: World,
) -> None:
    """The mark's commit skips the WAL flush (a lost mark is read again and the stream
    skips what it has), for its own transaction only: the pooled connection it ran on
    commits the next statements durably."""
    await world.commit(1)
    async with world.pool.acquire() as conn:
        seq = await conn.fetchval("SELECT seq FROM event_log")
        landed = event_log.Landed([seq], ["1-0"])
        async with conn.transaction():
            await event_log.mark_relayed(conn, landed)
            assert await conn.fetchval("SHOW synchronous_commit") == "off"
        async with conn.transaction():
            assert await event_log.unrelayed(conn, 10, landed) == []
            assert await conn.fetchval("SHOW synchronous_commit") == "off"
        assert await conn.fetchval("SHOW synchronous_commit") == "on"
