"""Waiting with a deadline, without Python 3.11's `asyncio.wait_for` flaw.

On 3.11, `wait_for` returns the inner result when the awaited thing completes in the same
loop turn as a cancellation of the waiter, and the cancellation is lost: a loop that waits
for a wake-up with `wait_for` and is cancelled as it is woken runs on, and a shutdown
waiting for it never ends (the connector did this about one stop in three once its relay
was woken after every commit). `asyncio.timeout` has no such window. `wait_for` is banned
in the packages (pyproject's ruff settings); call `within` instead.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import hiredis
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.commands.core import AsyncScript
from redis.exceptions import NoScriptError

T = TypeVar("T")


async def within(awaitable: Awaitable[T], timeout_s: float | None) -> T:
    """`await awaitable`, raising TimeoutError (and cancelling it) after `timeout_s`."""
    async with asyncio.timeout(timeout_s):
        return await awaitable


async def settle(task: asyncio.Future[object] | asyncio.Task[object]) -> None:
    """Wait for a task that was just cancelled to end, without taking its exception or
    cancellation as ours: `suppress(CancelledError)` around `await task` would also eat a
    cancellation of the caller arriving meanwhile."""
    await asyncio.wait([task])


async def cancel_all(
    tasks: Iterable[asyncio.Task[Any]], timeout_s: float
) -> set[asyncio.Task[Any]]:
    """Cancel `tasks` and wait up to `timeout_s` for them to end; returns those still running.

    A task that lost its cancellation is cancelled again every 0.1 s: code we do not own
    can lose one the way `wait_for` does (redis-py sends commands through `wait_for`, so a
    loop cancelled while it writes to Redis ran on after a shutdown)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    pending = set(tasks)
    while pending:
        for task in pending:
            task.cancel()
        left = deadline - loop.time()
        if left <= 0:
            break
        _, pending = await asyncio.wait(pending, timeout=min(0.1, left))
    return pending


def _raise_if_cancel_swallowed() -> None:
    task = asyncio.current_task()
    if task is not None and task.cancelling():  # cancelled, and the cancel swallowed
        raise asyncio.CancelledError


class _CancellablePipeline(Pipeline):
    async def execute(self, raise_on_error: bool = True) -> list[Any]:
        result = await super().execute(raise_on_error)
        _raise_if_cancel_swallowed()
        return result


class CancellableRedis(Redis):
    """A Redis client whose commands and pipelines do not lose their caller's cancellation.

    redis-py writes each command inside `wait_for`; a cancellation that arrives as the
    write completes is lost, and the reply is read as if nothing happened. A loop that
    suspends only in Redis calls (an event socket replaying its backlog) then ran on after
    every cancellation, re-sent or not. Raising after the whole command (or the whole
    pipeline) leaves the connection with no reply unread."""

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        result = await super().execute_command(*args, **options)  # type: ignore[no-untyped-call]
        _raise_if_cancel_swallowed()
        return result

    def pipeline(self, transaction: bool = True, shard_hint: str | None = None) -> Pipeline:
        return _CancellablePipeline(
            self.connection_pool, self.response_callbacks, transaction, shard_hint
        )


async def bare_command(redis: Redis, *args: str | int | float | bytes) -> Any:
    """One command on a connection of `redis`'s pool, its reply as Redis sent it (no
    response callback: BLPOP's is a list, not a tuple). Without `execute_command`'s layers
    (retry wrapper, observability hooks, deprecation checks), which cost about as much
    CPU as the round trip itself (bench/send_path): for the few commands every send makes.
    Like `execute_command` on our pools (no retries), a broken connection or a timeout
    raises and the connection is dropped (redis-py disconnects on any error while
    sending or reading), and a cancellation is not lost."""
    pool = redis.connection_pool
    conn = await pool.get_connection()  # type: ignore[no-untyped-call]
    try:
        await conn.send_packed_command(packed(*args))
        reply = await conn.read_response()
    finally:
        await pool.release(conn)
    _raise_if_cancel_swallowed()
    return reply


async def bare_script(
    redis: Redis, script: AsyncScript, keys: list[str], args: list[str | int]
) -> Any:
    """`script` through `bare_command` (`by_sha`)."""
    return await by_sha(functools.partial(bare_command, redis), script, keys, args)


async def by_sha(
    command: Callable[..., Awaitable[Any]],
    script: AsyncScript,
    keys: list[str],
    args: list[str | int],
) -> Any:
    """`script` by its SHA through `command` (one Redis command, its reply as sent),
    loaded first if Redis lacks it (a restarted or flushed Redis), as redis-py's Script
    call does."""
    try:
        return await command("EVALSHA", script.sha, len(keys), *keys, *args)
    except NoScriptError:
        text = script.script
        text = text.tobytes() if isinstance(text, memoryview) else text
        loaded = await command("SCRIPT", "LOAD", text)
        script.sha = loaded.decode() if isinstance(loaded, bytes) else loaded
        return await command("EVALSHA", script.sha, len(keys), *keys, *args)


def packed(*args: str | int | float | bytes) -> bytes:
    """One command in Redis's protocol, packed in C by hiredis (redis-py's packer encodes
    argument by argument in Python)."""
    data: bytes = hiredis.pack_command(args)  # type: ignore[arg-type]  # stub: a 1-tuple
    return data
