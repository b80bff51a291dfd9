"""The gateway's shared event reader against a real Redis: every subscriber gets every
event after its position, in order, once, however subscribers come and go."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from devstack.stack import REDIS_URL
from gateway.event_fanout import EventFanout, SlowSubscriber


@pytest.fixture
def prefix() -> str:
    return f"wagate-fanout-test-{secrets.token_hex(4)}"


@pytest.fixture
async def redis(prefix: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    try:
        yield client
    finally:
        async for key in client.scan_iter(match=f"{prefix}*"):
            await client.delete(key)
        await client.aclose()


async def _collect(fanout: EventFanout, stream: str, after: str, count: int) -> list[str]:
    got: list[str] = []
    async with fanout.subscribe(stream, after) as sub:
        async for _entry_id, fields in fanout.entries(sub):
            got.append(fields["n"])
            if len(got) == count:
                return got
    raise AssertionError("unreachable")


async def test_late_and_early_subscribers_each_get_their_events_in_order(
    redis: Redis, prefix: str
) -> None:
    fanout = EventFanout(redis, prefix)
    stream, other = f"{prefix}:a", f"{prefix}:b"
    first = await redis.xadd(stream, {"n": "0"})
    live = asyncio.create_task(_collect(fanout, stream, first.decode(), 200))
    elsewhere = asyncio.create_task(_collect(fanout, other, "0-0", 50))
    for _ in range(5000):  # both subscribed before the events come
        if fanout.subscribers == 2:
            break
        await asyncio.sleep(0.001)
    for n in range(1, 101):
        await redis.xadd(stream, {"n": str(n)})
    # joins behind the live one (from the start) while events keep coming
    behind = asyncio.create_task(_collect(fanout, stream, "0-0", 201))
    for n in range(101, 201):
        await redis.xadd(stream, {"n": str(n)})
        if n <= 150:
            await redis.xadd(other, {"n": str(n)})
    got_live, got_behind, got_other = await asyncio.wait_for(
        asyncio.gather(live, behind, elsewhere), 10
    )
    assert got_live == [str(n) for n in range(1, 201)]
    assert got_behind == [str(n) for n in range(0, 201)]
    assert got_other == [str(n) for n in range(101, 151)]
    await asyncio.sleep(0)
    assert fanout.subscribers == 0


async def test_a_subscriber_that_falls_behind_is_cut_off(redis: Redis, prefix: str) -> None:
    fanout = EventFanout(redis, prefix, queue_limit=5)
    stream = f"{prefix}:slow"
    async with fanout.subscribe(stream, "0-0") as sub:
        for n in range(20):
            await redis.xadd(stream, {"n": str(n)})
        # the reader fills the queue, nobody drains it, and it cuts the subscriber off
        for _ in range(500):
            if not fanout.subscribers:
                break
            await asyncio.sleep(0.01)
        with pytest.raises(SlowSubscriber):
            async for _ in fanout.entries(sub):
                pass


async def test_a_subscriber_joining_while_the_first_read_is_on_its_way_is_woken(
    redis: Redis, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wake-up of a join that Redis takes before the reader's blocking read (the read
    was on its way, on another connection) still ends that read: the joiner's events come
    at once, not when the block times out or another stream moves."""
    read = redis.xread
    sent = asyncio.Event()

    async def read_on_a_slow_link(*args: object, **kwargs: object) -> object:
        sent.set()
        await asyncio.sleep(0.2)  # the request still on its way to Redis
        return await read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(redis, "xread", read_on_a_slow_link)
    fanout = EventFanout(redis, prefix)
    quiet, joiner = f"{prefix}:quiet", f"{prefix}:joiner"
    first = asyncio.create_task(_collect(fanout, quiet, "0-0", 1))
    await asyncio.wait_for(sent.wait(), 3)
    # joins while the reader's first read is on its way, and says so on the wake stream
    got = asyncio.create_task(_collect(fanout, joiner, "0-0", 1))
    for _ in range(100):
        if fanout.subscribers == 2:
            break
        await asyncio.sleep(0.001)
    await asyncio.sleep(0.3)  # the first read is at Redis now, blocking
    try:
        await redis.xadd(joiner, {"n": "1"})
        assert await asyncio.wait_for(got, 3) == ["1"]
    finally:
        first.cancel()
        await fanout.close()
