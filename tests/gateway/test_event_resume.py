"""The resume path on a real PostgreSQL and Redis, without processes: streams and event
logs that disagree the way a lost Redis or a replaced database leaves them."""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import pytest
from redis.asyncio import Redis

from devstack.stack import REDIS_URL, create_database, database_url, drop_database
from gateway.event_resume import Resume
from wagate.bus import Event, EventType
from wagate.migrate import migrate

TENANT = "co-resume"


@dataclass
class World:
    pool: asyncpg.Pool
    redis: Redis
    stream: str = field(default_factory=lambda: f"wagate-test-{secrets.token_hex(4)}:events")

    def fields(self, n: int) -> dict[str, str]:
        return Event(EventType.RECEIPT, TENANT, {"n": n}).to_fields()

    async def on_stream(self, n: int, stream_id: str) -> None:
        await self.redis.xadd(self.stream, self.fields(n), id=stream_id)  # type: ignore[arg-type]

    async def in_log(self, n: int, stream_id: str) -> None:
        """A relayed row of the event log, as the relay leaves it."""
        ms, seq = stream_id.split("-")
        await self.pool.execute(
            """INSERT INTO event_log (tenant_id, fields, relayed, stream_ms, stream_seq)
               VALUES ($1, $2::jsonb, true, $3, $4)""",
            TENANT,
            json.dumps(self.fields(n)),
            int(ms),
            int(seq),
        )

    async def resume(self, since: str) -> list[Any]:
        """What a socket resuming after `since` is sent: an event's `n`, or a notice."""
        frames: list[Any] = []

        async def send(stream_id: str, fields: dict[str, str]) -> None:
            frames.append((stream_id, json.loads(fields["data"])["n"]))

        async def send_gap(notice: dict[str, Any]) -> None:
            frames.append(notice)

        async def db() -> asyncpg.Pool:
            return self.pool

        await Resume(self.redis, db, self.stream, TENANT, send, send_gap).replay(since)
        return frames


@pytest.fixture
async def world() -> AsyncIterator[World]:
    name = await create_database()
    pool = await asyncpg.create_pool(database_url(name), min_size=1, max_size=2)
    redis = Redis.from_url(REDIS_URL)
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
        w = World(pool, redis)
        yield w
        await redis.delete(w.stream)
    finally:
        await redis.aclose()
        await pool.close()
        await drop_database(name)


async def test_a_stream_lost_with_redis_is_made_up_from_the_event_log(world: World) -> None:
    for n in range(10):  # relayed before Redis restarted empty: in the log only
        await world.in_log(n, f"100-{n}")
    for n in range(10, 13):  # relayed to the new stream since
        await world.in_log(n, f"500-{n}")
        await world.on_stream(n, f"500-{n}")
    frames = await world.resume("100-2")
    assert frames == [(f"100-{n}", n) for n in range(3, 10)] + [
        (f"500-{n}", n) for n in range(10, 13)
    ]


async def test_a_replaced_database_gives_what_the_stream_still_holds_after_a_notice(
    world: World,
) -> None:
    """The stream holds the old database's last events (not in the new one's log), then
    the new database's; the client's position was trimmed away."""
    for n in range(50):
        await world.on_stream(n, f"100-{n}")
    await world.redis.xtrim(world.stream, minid="100-20", approximate=False)
    for n in range(50, 55):
        await world.in_log(n, f"200-{n}")
        await world.on_stream(n, f"200-{n}")
    frames = await world.resume("100-5")
    assert frames[0] == {"type": "gap", "companyId": TENANT, "since": "100-5", "next": "100-20"}
    assert frames[1:] == [(f"100-{n}", n) for n in range(20, 50)] + [
        (f"200-{n}", n) for n in range(50, 55)
    ]


async def test_from_the_start_is_everything_still_held_without_a_notice(world: World) -> None:
    for n in range(3):
        await world.in_log(n, f"100-{n}")
    for n in range(3, 6):
        await world.in_log(n, f"100-{n}")
        await world.on_stream(n, f"100-{n}")
    assert await world.resume("0-0") == [(f"100-{n}", n) for n in range(6)]
