"""The event log and the event stream as a test sees them: what the database committed,
where the stream starts, and events committed the way a session commits them."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
from redis.asyncio import Redis

from devstack.stack import EventReader, Stack
from devstack.waiting import until
from wagate.bus import BusKeys, Event, EventType


@contextlib.asynccontextmanager
async def collecting(
    stack: Stack, tenant: str, only: str | None = None
) -> AsyncIterator[list[dict[str, Any]]]:
    """Every frame (of type `only`) the tenant's WebSocket shows while the block runs."""
    seen: list[dict[str, Any]] = []

    async def read(events: EventReader) -> None:
        while True:
            frame = await events.next(timeout_s=3600)
            if only is None or frame["type"] == only:
                seen.append(frame)

    async with stack.events(tenant) as events:
        task = asyncio.create_task(read(events))
        try:
            yield seen
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def logged_ids(stack: Stack, tenant: str) -> list[str]:
    """The ids of the tenant's events in its database's event log, in commit order."""
    conn = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:
        rows = await conn.fetch(
            "SELECT fields->>'id' AS id FROM event_log WHERE tenant_id = $1 ORDER BY seq", tenant
        )
    finally:
        await conn.close()
    return [r["id"] for r in rows]


async def message_log(
    stack: Stack, tenant: str, direction: str, status: str | None = None
) -> list[str | None]:
    """The message ids of the tenant's message-log rows of that direction (and status)."""
    conn = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:
        rows = await conn.fetch(
            """SELECT message_id FROM message_log WHERE tenant_id = $1 AND direction = $2
               AND status = coalesce($3, status) ORDER BY id""",
            tenant,
            direction,
            status,
        )
    finally:
        await conn.close()
    return [r["message_id"] for r in rows]


async def commit_events(stack: Stack, tenant: str, numbers: range) -> None:
    """Events committed to the tenant's event log as a session commits them, `n` in data."""
    fields = [
        json.dumps(Event(EventType.RECEIPT, tenant, {"messageId": f"m{n}", "n": n}).to_fields())
        for n in numbers
    ]
    conn = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:
        await conn.execute(
            """INSERT INTO event_log (tenant_id, fields)
               SELECT $1, f FROM unnest($2::jsonb[]) WITH ORDINALITY AS t (f, i) ORDER BY i""",
            tenant,
            fields,
        )

        async def relayed() -> bool:
            left = await conn.fetchval(
                "SELECT count(*) FROM event_log WHERE tenant_id = $1 AND NOT relayed", tenant
            )
            return bool(left == 0)

        await until(relayed, "the relay to stream every event", 60)
    finally:
        await conn.close()


async def stream_first_id(stack: Stack, tenant: str) -> str:
    redis = Redis.from_url(stack.env["REDIS_URL"])
    try:
        stream = BusKeys(stack.env["WAGATE_REDIS_PREFIX"]).events(tenant)
        first = await redis.xrange(stream, count=1)
    finally:
        await redis.aclose()
    return str(first[0][0].decode())


def position(stream_id: str) -> tuple[int, int]:
    ms, seq = stream_id.split("-")
    return int(ms), int(seq)


async def read_frames(events: EventReader, count: int) -> list[dict[str, Any]]:
    return [await events.next(timeout_s=20) for _ in range(count)]
