"""A loop that suspends only in Redis calls ends at its first cancellation, wherever in a
command the cancellation lands (redis-py writes inside `wait_for`, which on Python 3.11
can swallow one: an event socket replaying its backlog streamed on past its token)."""

from __future__ import annotations

import asyncio
import secrets

from devstack.stack import REDIS_URL
from wagate.deadlines import CancellableRedis


async def test_a_loop_of_redis_calls_ends_at_its_first_cancellation() -> None:
    # a socket timeout, as every wagate process sets: it is what puts the write in wait_for
    redis = CancellableRedis.from_url(REDIS_URL, socket_timeout=5)
    key = f"wagate-cancel-test-{secrets.token_hex(4)}"

    async def replay() -> None:
        while True:
            await redis.xrange(key, min="-", count=100)

    try:
        for turns in range(40):  # the cancellation lands at each step of a command in turn
            task = asyncio.create_task(replay())
            for _ in range(turns):
                await asyncio.sleep(0)
            task.cancel()
            await asyncio.wait([task], timeout=2)
            assert task.cancelled(), f"ran on after a cancellation {turns} loop turns in"
    finally:
        await redis.aclose()


async def test_a_loop_of_pipelines_ends_at_its_first_cancellation() -> None:
    # a resuming event socket reads a batch and the stream's head in one pipeline
    redis = CancellableRedis.from_url(REDIS_URL, socket_timeout=5)
    key = f"wagate-cancel-test-{secrets.token_hex(4)}"

    async def replay() -> None:
        while True:
            async with redis.pipeline(transaction=True) as pipe:
                pipe.xrange(key, min="-", count=100)
                pipe.xrange(key, count=1)
                await pipe.execute()

    try:
        for turns in range(40):
            task = asyncio.create_task(replay())
            for _ in range(turns):
                await asyncio.sleep(0)
            task.cancel()
            await asyncio.wait([task], timeout=2)
            assert task.cancelled(), f"ran on after a cancellation {turns} loop turns in"
    finally:
        await redis.aclose()
