"""One Redis reader per gateway for every open event socket.

Each socket used to hold its own blocking XREAD, so a gateway needed a Redis connection
per socket. Here one task reads every subscribed company's stream in one XREAD and hands
each entry to the sockets of that company, in order.

Correctness without locks: a subscriber delivers only ids above the last one it sent, and
the reader reads each stream from the lowest position any of its subscribers still needs,
so a subscriber joining behind the others makes the reader go back (the others drop what
they have already sent). A join wakes the blocking read through a stream of this
gateway's own, so a new subscription is watched at once, not after the block times out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from wagate.bus import EVENT_STREAM_MAXLEN, LONGEST_BLOCK_S, StreamEntry, decode_entries
from wagate.deadlines import cancel_all

log = logging.getLogger(__name__)

_BLOCK_MS = int(LONGEST_BLOCK_S * 1000)
_BATCH = 100
_STOP_WITHIN_S = 5.0
# entries a subscriber may have waiting: as many as its stream keeps. A client further
# behind is closed (1013) instead of making the gateway buffer without end; it resumes
# with ?since= and loses nothing the stream or the event log still holds. Counting
# entries alone lets a few slow readers of large events hold gigabytes, so their bytes
# are bounded too, per socket and over the whole gateway (WAGATE_WS_MAX_QUEUED_BYTES,
# ..._TOTAL).
QUEUE_LIMIT = EVENT_STREAM_MAXLEN


def entry_size(entry: StreamEntry) -> int:
    """What an entry holds in memory, near enough: its id and fields as UTF-8."""
    entry_id, fields = entry
    return len(entry_id) + sum(len(k) + len(v.encode()) for k, v in fields.items())


class SlowSubscriber(Exception):
    pass


class StreamFailed(Exception):
    pass


def _after(a: str, b: str) -> bool:
    """Whether stream id `a` comes after `b`."""
    ams, aseq = a.split("-")
    bms, bseq = b.split("-")
    return (int(ams), int(aseq)) > (int(bms), int(bseq))


@dataclass(eq=False)
class Subscriber:
    stream: str
    last_id: str  # the last id delivered (or the position it started after)
    # bounded by `offer`, not by the queue, so that `fail` always fits
    limit: int = QUEUE_LIMIT
    max_bytes: int = 0  # 0: no bound on bytes
    queue: asyncio.Queue[tuple[StreamEntry, int] | BaseException] = field(
        default_factory=asyncio.Queue
    )
    queued_bytes: int = 0

    def offer(self, entry: StreamEntry, size: int) -> None:
        if self.queue.qsize() >= self.limit or (
            self.max_bytes and self.queued_bytes + size > self.max_bytes
        ):
            raise SlowSubscriber
        self.queue.put_nowait((entry, size))
        self.queued_bytes += size

    def fail(self, error: BaseException) -> None:
        self.queue.put_nowait(error)

    def cut_off(self) -> None:
        """Drop what waits (the memory is the point) and end with SlowSubscriber next."""
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queued_bytes = 0
        self.fail(SlowSubscriber())


class EventFanout:
    def __init__(
        self,
        redis: Redis,
        prefix: str,
        queue_limit: int = QUEUE_LIMIT,
        max_bytes: int = 0,
        max_total_bytes: int = 0,
    ) -> None:
        self._redis = redis
        self._queue_limit = queue_limit
        self._max_bytes = max_bytes  # per subscriber; 0: unbounded
        self._max_total_bytes = max_total_bytes  # over every subscriber; 0: unbounded
        # this gateway's own wake-up stream, read alongside the event streams
        self._wake = f"{prefix}:gateway-wake:{secrets.token_hex(8)}"
        # from its start, not "$": a join whose wake-up Redis takes before the reader's
        # first blocking read (on another connection) would not end that read
        self._wake_id = "0-0"
        self._subscribers: dict[str, set[Subscriber]] = {}
        self._positions: dict[str, str] = {}  # stream -> the id the reader reads after
        self._reader: asyncio.Task[None] | None = None

    @property
    def subscribers(self) -> int:
        return sum(len(s) for s in self._subscribers.values())

    @property
    def queued_bytes(self) -> int:
        return sum(sub.queued_bytes for subs in self._subscribers.values() for sub in subs)

    async def last_id(self, stream: str) -> str:
        """The id a subscription "from now on" starts after."""
        entries = decode_entries(await self._redis.xrevrange(stream, count=1))
        return entries[0][0] if entries else "0-0"

    @contextlib.asynccontextmanager
    async def subscribe(self, stream: str, after: str) -> AsyncIterator[Subscriber]:
        sub = Subscriber(stream, after, self._queue_limit, self._max_bytes)
        self._subscribers.setdefault(stream, set()).add(sub)
        position = self._positions.get(stream)
        if position is None or _after(position, after):
            self._positions[stream] = after  # read again from where this one is
        self._ensure_reader()
        try:
            async with self._redis.pipeline(transaction=False) as wake:
                wake.xadd(self._wake, {"w": "1"}, maxlen=10, approximate=True)
                wake.expire(self._wake, 3600)  # outlives this gateway by an hour at most
                await wake.execute()
        except RedisError as e:
            self._drop(sub)
            raise StreamFailed(f"Redis write failed: {e}") from e
        try:
            yield sub
        finally:
            self._drop(sub)

    async def entries(self, sub: Subscriber) -> AsyncIterator[StreamEntry]:
        """The subscriber's entries, oldest first, each once."""
        while True:
            item = await sub.queue.get()
            if isinstance(item, BaseException):
                raise item
            entry, size = item
            sub.queued_bytes -= size
            if _after(entry[0], sub.last_id):
                sub.last_id = entry[0]
                yield entry

    def _drop(self, sub: Subscriber) -> None:
        subs = self._subscribers.get(sub.stream)
        if subs is None:
            return
        subs.discard(sub)
        if not subs:
            del self._subscribers[sub.stream]
            self._positions.pop(sub.stream, None)

    async def close(self) -> None:
        """Stops the shared reader before its Redis client closes: re-cancelled until it
        ends (redis-py can lose a cancellation), for a few seconds at most."""
        if self._reader is not None:
            await cancel_all([self._reader], _STOP_WITHIN_S)

    def _ensure_reader(self) -> None:
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read(), name="event-fanout")

    async def _read(self) -> None:
        try:
            while self._subscribers:
                await self._read_once()
        except Exception as e:  # Redis is gone: every socket ends; new ones start again
            failure = StreamFailed(f"Redis read failed: {e}")
            for subs in self._subscribers.values():
                for sub in subs:
                    sub.fail(failure)
            if not isinstance(e, RedisError):
                log.exception("event fan-out stopped")

    async def _read_once(self) -> None:
        read_after = dict(self._positions)
        streams: dict[Any, Any] = {**read_after, self._wake: self._wake_id}
        response: Any = await self._redis.xread(streams, count=_BATCH, block=_BLOCK_MS)
        for raw_stream, raw_entries in response or []:
            stream = raw_stream.decode() if isinstance(raw_stream, bytes) else str(raw_stream)
            entries = decode_entries(raw_entries)
            if not entries:
                continue
            if stream == self._wake:
                self._wake_id = entries[-1][0]
                continue
            if self._positions.get(stream) != read_after.get(stream):
                # its last subscriber left, or one joined behind the others and moved the
                # position back: these entries come after a gap for that one, so the next
                # read starts again from the new position (the others drop what they had)
                continue
            self._positions[stream] = entries[-1][0]
            sized = [(entry, entry_size(entry)) for entry in entries]
            for sub in list(self._subscribers.get(stream, ())):
                try:
                    for entry, size in sized:
                        sub.offer(entry, size)
                except SlowSubscriber:
                    self._cut_off(sub)
        self._hold_total()

    def _hold_total(self) -> None:
        """Past the gateway's bound, the readers furthest behind in bytes go first."""
        if not self._max_total_bytes:
            return
        subs = [sub for group in self._subscribers.values() for sub in group]
        total = sum(sub.queued_bytes for sub in subs)
        for sub in sorted(subs, key=lambda s: s.queued_bytes, reverse=True):
            if total <= self._max_total_bytes:
                return
            total -= sub.queued_bytes
            self._cut_off(sub)

    def _cut_off(self, sub: Subscriber) -> None:
        log.warning(
            "event subscriber of %s cut off: %d events, %d bytes waiting",
            sub.stream,
            sub.queue.qsize(),
            sub.queued_bytes,
        )
        self._drop(sub)
        sub.cut_off()
