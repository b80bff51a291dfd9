"""Reads commands from the bus through the consumer group and answers each one.

A command is acknowledged (and deleted from the stream) only after its reply is written,
so a command taken by a connector that then died stays pending; the next connector claims
it on start. Only one connector runs at a time (connector/lock.py), so claiming every
pending entry at start-up cannot steal work from a live peer.

A connector that stops taking work (it lost its lock, or it shuts down) hands over what
it has not done: commands read but not started stay pending, and so does a command that
fails once the connector is stopping its sessions, or while it cannot confirm its lock,
since that failure (no connected session, no database) is the stop's, not the command's.
A failure for a database outage waits half a second before the lock is asked, since the
outage may take the lock's connection a moment after the command's. Its successor runs
them; a send run twice is sent once (the message log).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from connector.commands import CommandHandler
from connector.metrics import ConnectorMetrics
from connector.pacing import COMMAND_SLOT
from wagate import logs
from wagate.bus import (
    CONSUMER_GROUP,
    REPLY_TTL_SECONDS,
    BusKeys,
    Command,
    CommandRefused,
    Reply,
    decode_entries,
    decode_read,
    inbox_entry,
    inbox_of,
)
from wagate.deadlines import bare_script
from wagate.shared_connection import SharedConnection

log = logging.getLogger(__name__)


class _Slot:
    """One running command's place among the consumer's `concurrency`: lent out while
    the command only waits (a paced send, connector/pacing.py), so the waiting never
    keeps other tenants' commands from running; given back once when the command ends."""

    def __init__(self, slots: asyncio.Semaphore) -> None:
        self._slots = slots
        self._held = True

    @contextlib.asynccontextmanager
    async def lent(self) -> AsyncIterator[None]:
        self.give_back()
        try:
            yield
        finally:
            await self._slots.acquire()
            self._held = True

    def give_back(self) -> None:
        if self._held:
            self._held = False
            self._slots.release()


_READ_BATCH = 100
_READ_BLOCK_MS = 1000
# how long a command that met a database outage waits before its failure is answered,
# so that a lock lost in the same outage leaves it to the next connector instead
_OUTAGE_SETTLE_S = 0.5

# A command's reply and its acknowledgement, in one round trip and atomically (a script
# runs whole), as MULTI ... EXEC did in six commands to pack and six replies to parse.
# KEYS: the command stream, then the command's own reply list when it names no inbox;
# ARGV: the group, the entry, then the reply, the list's expiry, and the inbox channel
# when it names one (wagate/bus/inbox.py). An XACK answering NOGROUP (Redis restarted
# empty meanwhile) still leaves the reply written: nothing is left to acknowledge.
_FINISH = """
if KEYS[2] then
  redis.call('LPUSH', KEYS[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
elseif ARGV[5] then
  redis.call('PUBLISH', ARGV[5], ARGV[3])
end
redis.pcall('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
"""


class CommandConsumer:
    def __init__(
        self,
        redis: Redis,
        keys: BusKeys,
        consumer_name: str,
        handler: CommandHandler,
        concurrency: int,
        metrics: ConnectorMetrics,
        leading: Callable[[], Awaitable[bool]],
        shared: SharedConnection | None = None,
        slow_after_s: float | None = None,
    ) -> None:
        """`shared`: the connection replies go out on, shared by every command (else a
        connection of `redis`'s pool each). `slow_after_s`: a command answered later than
        that after it was issued is logged with where its time went."""
        self._metrics = metrics
        self._slow_after_s = slow_after_s
        self._shared = shared
        self._leading = leading
        self._redis = redis
        self._finish_script = redis.register_script(_FINISH)
        self._keys = keys
        self._name = consumer_name
        self._handler = handler
        self._slots = asyncio.Semaphore(concurrency)
        self._in_flight: set[asyncio.Task[None]] = set()
        self._stopping = asyncio.Event()
        self._handing_over = asyncio.Event()

    async def ensure_group(self) -> None:
        try:
            # "0": a command queued while no connector was running is still executed.
            await self._redis.xgroup_create(
                self._keys.commands, CONSUMER_GROUP, id="0", mkstream=True
            )
        except ResponseError as e:
            if "BUSYGROUP" not in str(e):
                raise

    async def run(self) -> None:
        await self._start()
        # the blocking read keeps one connection of the pool: taking it from the pool and
        # giving it back on every read cost more CPU than the read's own command
        reader = self._redis.client()
        try:
            await self._read_loop(reader)
        finally:
            await reader.aclose()  # back to the pool

    async def _read_loop(self, reader: Redis) -> None:
        while not self._stopping.is_set():
            try:
                batches = await reader.xreadgroup(
                    CONSUMER_GROUP,
                    self._name,
                    {self._keys.commands: ">"},
                    count=_READ_BATCH,
                    block=_READ_BLOCK_MS,
                )
            except ResponseError as e:
                if "NOGROUP" not in str(e):
                    log.warning("reading commands failed (%s); retrying in 1 s", e)
                    await asyncio.sleep(1)
                    continue
                # Redis restarted without the stream (no persistence, or a flush): the
                # gateways' next commands recreate the stream but never the group
                log.warning("the command stream's consumer group is gone; creating it again")
                await self._retrying(self.ensure_group)
                continue
            except RedisError as e:
                log.warning("reading commands failed (%s); retrying in 1 s", e)
                await asyncio.sleep(1)
                continue
            for entry_id, fields in decode_read(batches):
                if self._stopping.is_set():
                    break  # the rest of the batch stays pending, for the successor
                await self._dispatch(entry_id, fields)

    async def _start(self) -> None:
        await self._retrying(self.ensure_group)
        await self._retrying(self._claim_abandoned)

    async def _retrying(self, step: Callable[[], Awaitable[None]]) -> None:
        """Run `step` until Redis lets it finish: the consumer never dies of an outage."""
        while True:
            try:
                await step()
                return
            except RedisError as e:
                if self._stopping.is_set():
                    return
                log.warning("commands: %s failed (%s); retrying in 1 s", step.__name__, e)
                await asyncio.sleep(1)

    def stop_taking(self) -> None:
        self._stopping.set()

    def hand_over(self) -> None:
        """The sessions are about to stop: from now on a failing command is left pending
        for the next connector rather than answered with the stop's failure."""
        self.stop_taking()
        self._handing_over.set()

    async def drain(self, timeout_s: float) -> int:
        """Wait for in-flight commands; returns how many were still running at the end
        (those stay pending in the group and run again on the next start)."""
        if self._in_flight:
            await asyncio.wait(self._in_flight, timeout=timeout_s)
        return sum(1 for t in self._in_flight if not t.done())

    async def _claim_abandoned(self) -> None:
        start = "0-0"
        claimed = 0
        while True:
            result = await self._redis.xautoclaim(
                self._keys.commands,
                CONSUMER_GROUP,
                self._name,
                min_idle_time=0,
                start_id=start,
                count=_READ_BATCH,
            )
            start = result[0].decode() if isinstance(result[0], bytes) else str(result[0])
            for entry_id, fields in decode_entries(result[1]):
                if self._stopping.is_set():
                    return
                if fields:  # a deleted entry comes back empty
                    claimed += 1
                    await self._dispatch(entry_id, fields)
            if start == "0-0":
                break
        if claimed:
            log.info("claimed %d command(s) left unfinished by an earlier connector", claimed)

    async def _dispatch(self, entry_id: str, fields: dict[str, str]) -> None:
        await self._slots.acquire()
        slot = _Slot(self._slots)
        context = contextvars.copy_context()
        context.run(COMMAND_SLOT.set, slot)
        task = asyncio.create_task(self._process(entry_id, fields), context=context)
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)
        task.add_done_callback(lambda _t: slot.give_back())

    async def _process(self, entry_id: str, fields: dict[str, str]) -> None:
        try:
            command = Command.from_fields(fields)
        except CommandRefused as e:
            # answered, so the gateway that sent it (another release's) says why at once
            log.warning("refusing command %s (%s): %s", entry_id, e.code, e)
            refusal = Reply.failure(e.code, str(e)).to_json()
            await self._finish(entry_id, fields["id"], refusal, inbox_of(fields))
            return
        except (KeyError, ValueError, TypeError) as e:  # no id: no one to answer
            log.error("dropping malformed command %s: %s", entry_id, e)
            await self._finish(entry_id, None, None, None)
            return
        lag_s = max(0.0, time.time() - command.issued_at_ms / 1000)
        self._metrics.bus_lag.observe(lag_s)
        token = logs.tenant_id.set(command.tenant_id)
        try:
            began = time.monotonic()
            reply = await self._handler.handle(command)
            ran = time.monotonic()
            if reply.ok or await self._may_answer_failure(reply):
                confirmed = time.monotonic()
                await self._finish(entry_id, command.id, reply.to_json(), inbox_of(fields))
                done = time.monotonic()
                total_s = lag_s + done - began
                if self._slow_after_s is not None and total_s > self._slow_after_s:
                    log.warning(
                        "command %s (%s) answered %s %.1f s after it was issued: %.2f s on "
                        "the bus, %.2f s running, %.2f s confirming the lock, %.2f s "
                        "writing the reply",
                        command.id,
                        command.type,
                        reply.code or "ok",
                        total_s,
                        lag_s,
                        ran - began,
                        confirmed - ran,
                        done - confirmed,
                    )
            else:
                log.warning(
                    "command %s (%s) failed with %s while this connector hands over its "
                    "work; left pending for the next one",
                    command.id,
                    command.type,
                    reply.code,
                )
        finally:
            logs.tenant_id.reset(token)

    async def _may_answer_failure(self, reply: Reply) -> bool:
        # the lock confirmed after the failure: it was not the leadership's end (whose
        # fencing may not have begun yet when the database connections died with it)
        if self._handing_over.is_set():
            return False
        if reply.code == "database_unavailable":
            # the connections dying under this command may be dying under the lock's
            # too, a moment later: its check is asked only after that moment
            await asyncio.sleep(_OUTAGE_SETTLE_S)
        return await self._leading() and not self._handing_over.is_set()

    async def pending_count(self) -> int:
        """Commands on the stream not yet answered (answered ones are deleted)."""
        return int(await self._redis.xlen(self._keys.commands))

    async def _finish(
        self, entry_id: str, command_id: str | None, reply: str | None, inbox: str | None
    ) -> None:
        """Reply (into the `inbox` the command named, else on its own list), then
        acknowledge. Retried through a Redis outage for as long as a gateway
        could still be waiting; a command whose reply never got out stays pending and runs
        again on the next start (sends are de-duplicated by the message log)."""
        deadline = time.monotonic() + REPLY_TTL_SECONDS
        delay = 0.1
        keys = [self._keys.commands]
        args: list[str | int] = [CONSUMER_GROUP, entry_id]
        if command_id is not None and reply is not None and inbox is None:
            keys.append(self._keys.reply(command_id))  # an older gateway's command
            args += [reply, REPLY_TTL_SECONDS]
        elif command_id is not None and reply is not None and inbox is not None:
            args += [inbox_entry(command_id, reply), 0, self._keys.inbox(inbox)]
        while True:
            try:
                if self._shared is not None:
                    await self._shared.script(self._finish_script, keys, args)
                else:
                    await bare_script(self._redis, self._finish_script, keys, args)
                return
            except RedisError as e:
                if time.monotonic() + delay > deadline:
                    log.error("command %s: its reply could not be written: %s", entry_id, e)
                    return
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
