"""A WebSocket resuming with `?since=`: every event after that id, in order and once,
from the tenant's Redis stream where it still reaches back that far, else from the event
log (PostgreSQL, through wagate/tables/event_log.py), and where neither holds them any
more, an explicit gap notice first.

The stream is capped (EVENT_STREAM_MAXLEN) and lost with a Redis that restarts empty;
the event log keeps every relayed event for WAGATE_EVENT_LOG_RETENTION with the id of its
stream entry. The stream reaches back to a position while its first entry is at most the
id right after it. When it does not, the log gives the events between the position and
the stream's first entry, and the stream goes on from there:

- the log holds the event at the position: it also holds every later one (it is pruned
  as a prefix), so nothing is missing;
- it does not (past its retention, or a database restored to an earlier point or
  replaced, whose log never had it): a gap notice first, naming the first event that
  can still be given. `since=0-0` asks for everything still held: no notice.

Checked again before every batch read from the stream, so a reader that catches up
slower than the stream is trimmed misses nothing either.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from wagate.bus import StreamEntry, decode_entries
from wagate.tables import Executor, event_log

log = logging.getLogger(__name__)

_BATCH = 100
_LOG_BATCH = 500
_START = "0-0"
_MAX_PART = 2**64 - 1

Send = Callable[[str, dict[str, str]], Awaitable[None]]
SendGap = Callable[[dict[str, Any]], Awaitable[None]]


def _parts(stream_id: str) -> tuple[int, int]:
    ms, seq = stream_id.split("-")
    return int(ms), int(seq)


def _before(a: str, b: str) -> bool:
    return _parts(a) < _parts(b)


def _just_before(stream_id: str) -> str:
    """The greatest id below `stream_id`: nothing can sit between them."""
    ms, seq = _parts(stream_id)
    if seq > 0:
        return f"{ms}-{seq - 1}"
    return f"{ms - 1}-{_MAX_PART}" if ms > 0 else _START


def gap_notice(tenant_id: str, since: str, first_available: str | None) -> dict[str, Any]:
    """The frame telling a resuming client that events after `since` are gone; `next` is
    the id of the first event it will be given (null: the next event to happen)."""
    return {"type": "gap", "companyId": tenant_id, "since": since, "next": first_available}


@dataclass
class Resume:
    redis: Redis
    db: Callable[[], Awaitable[Executor]]  # the gateway's pool, opened on first use
    stream: str
    tenant_id: str
    send: Send
    send_gap: SendGap
    _noticed: str | None = None  # the position a gap notice was sent for

    async def replay(self, since: str) -> str:
        """Send every event after `since` that is held; returns the stream id after which
        the live subscription starts."""
        sent = cursor = since  # the last id sent; the stream is complete after `cursor`
        while True:
            entries, first = await self._stream_after(cursor)
            if first is None or _before(cursor, _just_before(first)):
                # the stream does not reach back to `cursor`: what it lost, from the log
                sent = await self._from_log(sent, first)
                if first is None:
                    return sent
                cursor = _just_before(first)
                continue
            if not entries:
                return cursor
            for cursor, fields in entries:
                await self.send(cursor, fields)
            sent = cursor

    async def _stream_after(self, position: str) -> tuple[list[StreamEntry], str | None]:
        """A batch after `position` and the stream's first id, read together."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xrange(self.stream, min=f"({position}", count=_BATCH)
            pipe.xrange(self.stream, count=1)
            batch, head = await pipe.execute()
        first = decode_entries(head)
        return decode_entries(batch), first[0][0] if first else None

    async def _from_log(self, sent: str, first: str | None) -> str:
        """The relayed events after `sent` and before the stream's `first` the log holds,
        after a gap notice when it cannot tell that none is missing; the last id sent."""
        db = await self.db()
        while True:
            rows = await event_log.relayed_after(db, self.tenant_id, sent, _LOG_BATCH)
            held = [r for r in rows if first is None or _before(r.stream_id, first)]
            # asked after the rows were read: while `sent` is held, so was every later
            # row when they were read (the log is pruned as a prefix)
            if sent not in (_START, self._noticed):
                if not await event_log.holds(db, self.tenant_id, sent):
                    self._noticed = sent
                    after = held[0].stream_id if held else first
                    log.info(
                        "event socket of %s resumes after a gap: nothing held after %s before %s",
                        self.tenant_id,
                        sent,
                        after,
                    )
                    await self.send_gap(gap_notice(self.tenant_id, sent, after))
            for row in held:
                if _before(sent, row.stream_id):  # one entry per stream id, in order
                    await self.send(row.stream_id, row.fields)
                    sent = row.stream_id
            if len(held) < _LOG_BATCH:
                return sent
