"""One Redis connection that many requests' commands share, for the commands every send
makes (the rate limit's script).

Redis answers the commands of a connection in the order it received them, so commands
written one after another on one connection need no connection each: a reply is its
command's by its place in the queue. Each command taken from a pool and given back cost
about as much CPU as the command itself (bench/send_path); here the commands issued in
one turn of the event loop also go out in one write, and their replies often come in one
read. A caller that gives up (cancelled, timed out) leaves its place in the queue, and
its reply is read and dropped, so the replies after it stay matched.

Failures read as a pool's would: an unreachable or broken connection raises
redis's ConnectionError (the next command connects again), a reply later than
`timeout_s` raises its TimeoutError and drops the connection (Redis is not answering),
an error reply (a script's) raises for its command alone.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.connection import AbstractConnection
from redis.commands.core import AsyncScript
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from wagate.deadlines import by_sha, cancel_all, packed


@dataclass
class _Link:
    """One connection, and what is in flight on it in order."""

    conn: AbstractConnection
    waiting: deque[asyncio.Future[Any]] = field(default_factory=deque)
    outgoing: list[bytes] = field(default_factory=list)
    wake: asyncio.Event = field(default_factory=asyncio.Event)  # outgoing has commands
    broken: bool = False


class SharedConnection:
    def __init__(self, redis: Redis, timeout_s: float) -> None:
        pool = redis.connection_pool
        # no socket timeout: a read waits for as long as commands are in flight, and
        # each command has its own deadline (`timeout_s`)
        self._kwargs = {**pool.connection_kwargs, "socket_timeout": None}
        self._connection_class = pool.connection_class
        self._timeout_s = timeout_s
        self._link: _Link | None = None
        self._connecting = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    async def command(self, *args: str | int | float | bytes) -> Any:
        """The reply to one command, as Redis sent it (no response callback)."""
        link = self._link or await self._connect()
        reply: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        link.waiting.append(reply)
        link.outgoing.append(packed(*args))
        link.wake.set()  # the writer takes every command of this turn in one write
        try:
            async with asyncio.timeout(self._timeout_s):
                return await reply
        except TimeoutError:
            self._broken(link, RedisTimeoutError("Redis did not answer in time"))
            raise RedisTimeoutError("Redis did not answer in time") from None

    async def script(self, script: AsyncScript, keys: list[str], args: list[str | int]) -> Any:
        """`script` by its SHA, loaded first if Redis lacks it (restarted or flushed)."""
        return await by_sha(self.command, script, keys, args)

    async def close(self) -> None:
        if self._link is not None:
            self._broken(self._link, RedisConnectionError("the connection was closed"))
        await cancel_all(self._tasks, 2.0)

    async def _connect(self) -> _Link:
        async with self._connecting:
            if self._link is None:
                conn = self._connection_class(**self._kwargs)
                try:
                    await conn.connect()  # type: ignore[no-untyped-call]
                except (RedisError, OSError) as e:
                    raise RedisConnectionError(f"Redis is unreachable: {e}") from None
                link = self._link = _Link(conn)
                self._spawn(self._write(link))
                self._spawn(self._read(link))
            return self._link

    async def _write(self, link: _Link) -> None:
        while not link.broken:
            await link.wake.wait()
            link.wake.clear()
            data, link.outgoing = b"".join(link.outgoing), []
            try:
                await link.conn.send_packed_command(data, check_health=False)
            except (RedisError, OSError) as e:
                self._broken(link, e)

    async def _read(self, link: _Link) -> None:
        while not link.broken:
            try:
                reply: Any = await link.conn.read_response(timeout=math.inf)
            except ResponseError as e:  # an error reply: its command's alone
                reply = e
            except (RedisError, OSError) as e:
                self._broken(link, e)
                return
            waiter = link.waiting.popleft() if link.waiting else None
            if waiter is None or waiter.done():  # its caller gave up
                continue
            if isinstance(reply, ResponseError):
                waiter.set_exception(reply)
            else:
                waiter.set_result(reply)

    def _broken(self, link: _Link, error: BaseException) -> None:
        """Every command in flight on `link` fails; the next command connects again."""
        if link.broken:
            return
        link.broken = True
        link.wake.set()  # its writer ends
        if self._link is link:
            self._link = None
        failure = RedisConnectionError(f"the connection to Redis broke: {error}")
        for waiter in link.waiting:
            if not waiter.done():
                waiter.set_exception(failure)
        link.waiting.clear()
        self._spawn(link.conn.disconnect(nowait=True))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
