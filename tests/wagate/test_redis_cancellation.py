"""A loop that suspends only in Redis calls ends at its first cancellation, wherever in a
command the cancellation lands (redis-py writes inside `wait_for`, which on Python 3.11
can swallow one: an event socket replaying its backlog streamed on past its token)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from devstack.stack import REDIS_URL
from wagate.deadlines import CancellableRedis, bare_command, bare_script

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


async def test_a_bare_command_loop_ends_at_its_first_cancellation_and_leaves_no_reply(
    redis: CancellableRedis,
) -> None:
    """The send path's commands skip redis-py's execute_command: a cancellation still
    ends the loop, and no connection goes back to the pool with a reply unread (the next
    command would read the previous one's reply)."""
    await _ends_at_each_cancellation(lambda: bare_command(redis, "XRANGE", KEY, "-", "+"))
    for n in range(20):
        assert await bare_command(redis, "ECHO", f"echo {n}") == f"echo {n}".encode()


async def test_a_bare_script_loads_itself_where_redis_lacks_it(redis: CancellableRedis) -> None:
    # a script no Redis has seen: its first call meets NOSCRIPT
    script = redis.register_script(f"-- {secrets.token_hex(8)}\nreturn {{ARGV[1], KEYS[1]}}")
    for _ in range(2):
        assert await bare_script(redis, script, [KEY], ["x"]) == [b"x", KEY.encode()]
