"""A loop that suspends only in Redis calls ends at its first cancellation, wherever in a
command the cancellation lands (redis-py writes inside `wait_for`, which on Python 3.11
can swallow one: an event socket replaying its backlog streamed on past its token)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from devstack.stack import REDIS_URL
from wagate.deadlines import CancellableRedis

KEY = f"wagate-cancel-test-{secrets.token_hex(4)}"


@pytest.fixture
async def redis() -> AsyncIterator[CancellableRedis]:
    # a socket timeout, as every wagate process sets: it is what puts the write in wait_for
    client = CancellableRedis.from_url(REDIS_URL, socket_timeout=5)
    try:
        yield client
    finally:
        await client.aclose()


async def _ends_at_each_cancellation(call: Callable[[], Awaitable[object]]) -> None:
    async def replay() -> None:
        while True:
            await call()

    for turns in range(40):  # the cancellation lands at each step of a command in turn
        task = asyncio.create_task(replay())
        for _ in range(turns):
            await asyncio.sleep(0)
        task.cancel()
        await asyncio.wait([task], timeout=2)
        assert task.cancelled(), f"ran on after a cancellation {turns} loop turns in"


async def test_a_loop_of_redis_calls_ends_at_its_first_cancellation(
    redis: CancellableRedis,
) -> None:
    await _ends_at_each_cancellation(lambda: redis.xrange(KEY, min="-", count=100))


async def test_a_loop_of_pipelines_ends_at_its_first_cancellation(
    redis: CancellableRedis,
) -> None:
    # a resuming event socket reads a batch and the stream's head in one pipeline
    async def batch_and_head() -> object:
        async with redis.pipeline(transaction=True) as pipe:
            pipe.xrange(KEY, min="-", count=100)
            pipe.xrange(KEY, count=1)
            return await pipe.execute()

    await _ends_at_each_cancellation(batch_and_head)
