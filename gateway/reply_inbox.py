"""The gateway process's reply inbox (wagate/bus/inbox.py): one reader, every waiter.

A blocking pop per command cost a Redis command (a write, a pool checkout) per command
besides the wake-up; the inbox is a channel this process subscribes to once, so a reply
costs only its read, and replies that arrive together are one read. A request registers
what it waits for, the reader hands it its reply; a reply nobody waits for (its request
gave up, or the reader was quicker than the request's registration) is kept a little
while, bounded, then dropped. The inbox is used only while the reader is subscribed (and
the connector answers there): when its connection breaks, the requests waiting are told
so at once, as their own pops were, and commands name no inbox until it is back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from wagate.bus import BusKeys, Reply, new_inbox_name, read_inbox_entry
from wagate.deadlines import bare_command, cancel_all, packed

log = logging.getLogger(__name__)

# how often the connector's announcement is looked at, and how long the subscription may
# stay quiet before it is asked for a PING. After a downgrade the announcement lasts until
# it expires: commands queued meanwhile still name the inbox, and their requests find the
# older connector's replies on their lists (gateway/bus_client.py)
_READ_WAIT_S = 1.0
# replies nobody waits for: kept this long (a request registers a moment after its
# command is queued), at most this many
_UNCLAIMED_KEEP_S = 5.0
_UNCLAIMED_MAX = 10_000


class InboxBroken(Exception):
    """The reader's connection to Redis broke while the request waited."""


class ReplyInbox:
    def __init__(self, redis: Redis, keys: BusKeys) -> None:
        self._redis = redis
        self._keys = keys
        self.name = new_inbox_name()
        self._key = keys.inbox(self.name)
        self._waiting: dict[str, asyncio.Future[Reply]] = {}
        self._unclaimed: dict[str, tuple[float, Reply]] = {}
        self._subscribed = False  # replies published now reach this process
        # the leading connector answers into inboxes, and the reader reads: commands
        # name this inbox only then
        self.in_use = False

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[ReplyInbox]:
        """The reader, and the watch on the connector's announcement, for the process's
        lifetime."""
        tasks = [
            asyncio.create_task(self._read_loop(), name="reply-inbox"),
            asyncio.create_task(self._watch_connector(), name="reply-inbox-connector"),
        ]
        try:
            yield self
        finally:
            self.in_use = False
            await cancel_all(tasks, 5.0)
            self._fail_waiting("the gateway is stopping")

    async def reply(self, command_id: str, timeout_s: float) -> Reply:
        """The reply to `command_id`; TimeoutError after `timeout_s`, InboxBroken when the
        reader's connection breaks meanwhile."""
        kept = self._unclaimed.pop(command_id, None)
        if kept is not None:
            return kept[1]
        if not self._subscribed:  # it broke since the command was queued naming the inbox
            raise InboxBroken("the connection to the message bus broke")
        waiter: asyncio.Future[Reply] = asyncio.get_running_loop().create_future()
        self._waiting[command_id] = waiter
        try:
            async with asyncio.timeout(timeout_s):
                return await waiter
        finally:
            self._waiting.pop(command_id, None)

    async def _read_loop(self) -> None:
        pool = self._redis.connection_pool
        delay = 0.1
        while True:
            # a connection of its own (a subscribed one takes no other commands), outside
            # the pool's count
            conn, began = pool.connection_class(**pool.connection_kwargs), time.monotonic()
            try:
                await self._read_on(conn)
            except (RedisError, OSError) as e:
                log.warning("reply inbox: reading failed (%s); retrying in %.1f s", e, delay)
            finally:
                self.in_use = self._subscribed = False
                await conn.disconnect()
            self._fail_waiting("the connection to the message bus broke")
            delay = 0.1 if time.monotonic() - began > 2 * _READ_WAIT_S else delay
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)

    async def _read_on(self, conn: AbstractConnection) -> None:
        """Subscribe on `conn` and read replies until it fails. A connection that stays
        quiet is asked for a PING, and taken for dead when that goes unanswered."""
        await conn.connect()  # type: ignore[no-untyped-call]
        await conn.send_packed_command(packed("SUBSCRIBE", self._key))
        # hiredis marks what a subscription receives as pushes, which redis-py passes on
        # only when asked to (push_request), and otherwise drops
        await conn.read_response(push_request=True)  # the subscription's confirmation
        self._subscribed = True
        pinged = False
        while True:
            pushed = await conn.read_response(timeout=_READ_WAIT_S, push_request=True)
            if pushed is None and pinged:
                raise RedisConnectionError(f"no answer to a PING in {_READ_WAIT_S:g} s")
            if pushed is None:  # quiet: is it still there?
                await conn.send_packed_command(packed("PING"))
            elif pushed[0] == b"message":
                self._deliver(pushed[2])
            pinged = pushed is None

    async def _watch_connector(self) -> None:
        """Whether the leading connector answers into inboxes, looked at every
        `_READ_WAIT_S`, apart from the reader so that a slow look never delays a reply."""
        flag = self._keys.connector_answers_inboxes
        while True:
            try:
                answers = bool(await bare_command(self._redis, "EXISTS", flag))
            except (RedisError, OSError):
                answers = False
            self.in_use = answers and self._subscribed
            await asyncio.sleep(_READ_WAIT_S)

    def _deliver(self, raw: bytes) -> None:
        try:
            command_id, reply = read_inbox_entry(raw)
        except ValueError as e:
            log.error("reply inbox: dropping a malformed entry: %s", e)
            return
        waiter = self._waiting.pop(command_id, None)
        if waiter is None or waiter.done():
            self._keep_unclaimed(command_id, reply)
        else:
            waiter.set_result(reply)

    def _keep_unclaimed(self, command_id: str, reply: Reply) -> None:
        now = time.monotonic()
        self._unclaimed[command_id] = (now, reply)
        kept = self._unclaimed
        while len(kept) > _UNCLAIMED_MAX or next(iter(kept.values()))[0] < now - _UNCLAIMED_KEEP_S:
            del kept[next(iter(kept))]

    def _fail_waiting(self, why: str) -> None:
        waiting, self._waiting = self._waiting, {}
        for waiter in waiting.values():
            if not waiter.done():
                waiter.set_exception(InboxBroken(why))
