"""The relay: copies committed events from the event log (PostgreSQL) to the tenants'
Redis streams, in order, and records where each landed.

Sessions never write to Redis: they commit events to the event log and wake the relay,
which puts them on the streams a few milliseconds later in one pipelined script call per
batch. While events keep coming (a batch of more than one went out less than 5 ms ago)
the relay waits 2 ms before its next read, so each read and stream call carries several
of them; an event after a quiet spell, or events one at a time, are read at once.
When Redis is away, nothing waits on it but the relay, which retries; when it is back
(even empty), the relay goes on from the first event not yet relayed.

Exactly once on the stream, by the event's own id. The script remembers, per tenant,
which event ids are on the stream and at which entry (as many as the stream keeps), and
appends an event only if its id is not there yet. A relay killed after the script ran
but before it marked the rows relayed finds them again on start; the script skips them
and answers their entries. A mark commits without waiting for the WAL flush: one that a
database crash loses (the last few hundred milliseconds of them, far fewer than the ids
the script remembers) is like one a killed relay never made. A batch is marked by the
statement that reads the next one when that read follows at once (events kept coming:
one statement a batch instead of two). When nothing is waiting, the relay keeps its
connection and the mark for a short linger (`mark_linger_s`): an event committed within
it is read by a statement that marks the batch before, so events a few milliseconds
apart cost one statement each, not a read, a mark and the pool's acquire and release.
Only a linger that ends without one marks the batch by a statement of its own. A mark
is late by at most the linger; nothing reads the flag sooner: a resume reads relayed
rows back (gateway/event_resume.py) only for events the stream no longer holds, and
pruning only forgets relayed rows.
Nothing the database numbers decides what is appended: a database restored to an earlier
point, a lagging replica promoted, or a new database numbers its events again from where
it is, and those events still reach the stream.

A stream ahead of the database. Each entry carries its log `seq` and the identity of the
database it came from (migration 009). A tenant's next event from a database whose
stream's last entry came from another database, or from this one with a `seq` not below
its own, means the stream holds events this database does not: the relay says so in its
log and in `wagate_event_stream_ahead_total`, and relays on. A WebSocket resuming from
such an event that the stream no longer holds is told of the gap
(gateway/event_resume.py). A stream that was lost (Redis restarted without persistence)
starts again from the events not yet relayed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
from prometheus_client import Counter
from redis.asyncio import Redis
from redis.exceptions import RedisError

from wagate.bus import EVENT_STREAM_MAXLEN, BusKeys, Event
from wagate.db import DB_ERRORS
from wagate.deadlines import bare_script
from wagate.tables import Executor, event_log
from wagate.tables.event_log import LoggedEvent

log = logging.getLogger(__name__)

_BATCH = 500
_PRUNE_EVERY_MAX_S = 60.0
_PRUNE_BATCH = 10_000
_RETRY_FIRST_S = 0.2
_RETRY_CAP_S = 5.0
_ERRORS: tuple[type[Exception], ...] = (RedisError, *DB_ERRORS)
# a batch within _FLOWING_S of the last one waits _GATHER_S for the events behind it
_FLOWING_S = 0.005
_GATHER_S = 0.002

# KEYS: per tenant in the batch its stream, relayed-ids hash and relayed-order list.
# ARGV: maxlen, how many ids to remember, this database's identity, then per event its
# tenant's place among KEYS' tenants (from 1), its seq, its id and its fields as one
# JSON array of names and values (one argument, not two per field: packing arguments
# was the relay's largest cost). Returns each event's entry id (new, or the one it
# already had) and the streams found ahead of this database.
_APPEND_NEW = """
local maxlen, remember, db = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local entries, ahead, looked = {}, {}, {}
for at = 4, #ARGV, 4 do
  local t = tonumber(ARGV[at]) * 3
  local stream, ids, order = KEYS[t - 2], KEYS[t - 1], KEYS[t]
  local seq, id, fields = ARGV[at + 1], ARGV[at + 2], cjson.decode(ARGV[at + 3])
  local entry = redis.call('HGET', ids, id)
  if not entry then
    if not looked[stream] then
      looked[stream] = true
      local tail = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
      if #tail > 0 then
        local last_seq, last_db
        local f = tail[1][2]
        for k = 1, #f, 2 do
          if f[k] == 'seq' then last_seq = tonumber(f[k + 1]) end
          if f[k] == 'db' then last_db = f[k + 1] end
        end
        if (last_db and last_db ~= db)
            or (last_seq and (last_db == nil or last_db == db) and last_seq >= tonumber(seq)) then
          ahead[#ahead + 1] = stream
        end
      end
    end
    entry = redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', 'seq', seq, 'db', db,
                       unpack(fields))
    redis.call('HSET', ids, id, entry)
    local remembered = redis.call('RPUSH', order, id)
    while remembered > remember do
      redis.call('HDEL', ids, redis.call('LPOP', order))
      remembered = remembered - 1
    end
  end
  entries[#entries + 1] = entry
end
return {entries, ahead}
"""


@dataclass(frozen=True)
class RelayConfig:
    database_id: str  # this database's identity (migration 009)
    retention_s: float  # relayed events stay in the log this long (resumes backfill from it)
    stream_ahead: Counter | None = None  # wagate_event_stream_ahead_total
    # how long an idle relay holds its connection and its last batch's mark for the next
    # event, whose read then carries the mark: shorter than events' usual spacing under
    # load, short enough that a connection is not kept from the pool for long
    mark_linger_s: float = 0.1


class EventRelay:
    def __init__(self, db: Executor, redis: Redis, keys: BusKeys, config: RelayConfig) -> None:
        self._db = db
        self._redis = redis
        self._keys = keys
        self._config = config
        self._script = redis.register_script(_APPEND_NEW)
        # set by publishers right after a commit: the relay looks at once
        self.wake = asyncio.Event()
        self._next_prune = 0.0
        # the last batch, on its streams but not marked yet: the next read marks it
        self._landed = event_log.NOTHING_LANDED
        self.healthy = True  # False while the last attempt failed (Redis or PostgreSQL away)
        self._retry_s = _RETRY_FIRST_S
        # when the last batch went out, and its size
        self._relayed_at, self._last_moved = -_FLOWING_S, 0

    async def run(self, poll_interval_s: float = 1.0) -> None:
        """Relay until cancelled. Polls too, for events committed by a process that died
        before it could relay them (and as a backstop to the wake-up)."""
        while True:
            try:
                await self._relay_while_busy()
            except Exception as e:  # never stop relaying: retry whatever went wrong
                await self._failed(e)
                continue
            # not asyncio.wait_for: on Python 3.11 it can swallow a cancellation that
            # arrives as the wake-up does (woken after every commit, the relay hit it:
            # a connector's shutdown then waited for it forever)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(poll_interval_s):
                    await self.wake.wait()

    async def _relay_while_busy(self) -> None:
        """Batches until none is waiting and none came within the linger, on one
        connection: taken from the pool for each statement, a statement costs the relay
        about three times as much CPU. A batch's mark goes with the next batch's read
        when that read follows at once or within the linger; else it is made before the
        connection goes back."""
        async with _held(self._db) as db:
            while True:
                await self._gather_while_flowing()
                self.wake.clear()  # before reading: anything committed from now on wakes us
                moved = await self._relay_batch(db)
                self._worked()
                await self._maybe_prune(db)
                if moved < _BATCH and not await self._woken_within(self._config.mark_linger_s):
                    await self._mark_landed(db)
                    return

    async def _gather_while_flowing(self) -> None:
        """Events that keep coming (the last batch left moments ago and carried more
        than one) are let gather for a moment before the read, so a read and a stream
        call carry several; an event after a quiet spell, or one at a time (each waiting
        for the one before, as a conversation does), is read at once."""
        if self._last_moved > 1 and time.monotonic() - self._relayed_at < _FLOWING_S:
            await asyncio.sleep(_GATHER_S)

    async def _woken_within(self, seconds: float) -> bool:
        if not self.wake.is_set() and self._landed.seqs and seconds > 0:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await self.wake.wait()
        return self.wake.is_set()

    async def relay_once(self) -> int:
        """Relay one batch of unrelayed events and mark it relayed; returns how many rows
        it handled."""
        moved = await self._relay_batch(self._db)
        await self._mark_landed(self._db)
        return moved

    async def _relay_batch(self, db: Executor) -> int:
        """Relay one batch, leaving its mark for the next batch's read (one statement for
        both) or for _mark_landed; returns how many rows it handled."""
        batch = await event_log.unrelayed(db, _BATCH, self._landed)
        self._landed = event_log.NOTHING_LANDED  # marked by the statement that read `batch`
        if not batch:
            return 0
        entries = await self._append(batch)
        self._landed = event_log.Landed([e.seq for e in batch], entries)
        self._relayed_at, self._last_moved = time.monotonic(), len(batch)
        return len(batch)

    async def _mark_landed(self, db: Executor) -> None:
        if self._landed.seqs:
            await event_log.mark_relayed(db, self._landed)
            self._landed = event_log.NOTHING_LANDED

    def _worked(self) -> None:
        if not self.healthy:
            log.info("relaying events works again")
        self.healthy, self._retry_s = True, _RETRY_FIRST_S

    async def _failed(self, e: Exception) -> None:
        if self.healthy:
            log.warning(
                "relaying events failed (%s); retrying until it works",
                e,
                exc_info=not isinstance(e, _ERRORS),
            )
        self.healthy = False
        await asyncio.sleep(self._retry_s)
        self._retry_s = min(self._retry_s * 2, _RETRY_CAP_S)

    async def _append(self, batch: list[LoggedEvent]) -> list[str]:
        """Each event's stream entry id, appending those not on their stream yet."""
        keys: list[str] = []
        places: dict[str, int] = {}  # tenant -> its place among the keys' tenants
        args: list[str | int] = [EVENT_STREAM_MAXLEN, EVENT_STREAM_MAXLEN, self._config.database_id]
        for event in batch:
            place = places.get(event.tenant_id)
            if place is None:
                place = places[event.tenant_id] = len(places) + 1
                keys += [
                    self._keys.events(event.tenant_id),
                    self._keys.relayed_ids(event.tenant_id),
                    self._keys.relayed_order(event.tenant_id),
                ]
            # rows logged before events had ids get the one the gateway derives for them
            event_id = event.fields.get("id") or Event.from_fields(event.fields).id
            fields = [part for field in event.fields.items() for part in field]
            args += [place, event.seq, event_id, json.dumps(fields, ensure_ascii=False)]
        entries, ahead = await bare_script(self._redis, self._script, keys, args)
        for stream in ahead:
            self._stream_ahead(_text(stream))
        return [_text(entry) for entry in entries]

    def _stream_ahead(self, stream: str) -> None:
        log.warning(
            "the event stream %s holds events this database does not (it was restored to an "
            "earlier point, a replica that lagged was promoted, or it is a new database); "
            "relaying on: WebSockets resuming from those events are told of the gap",
            stream,
        )
        if self._config.stream_ahead is not None:
            self._config.stream_ahead.inc()

    async def _maybe_prune(self, db: Executor) -> None:
        now = time.monotonic()
        if now < self._next_prune:
            return
        retention_s = self._config.retention_s
        self._next_prune = now + min(_PRUNE_EVERY_MAX_S, retention_s / 4)
        pruned = await event_log.prune(db, retention_s, _PRUNE_BATCH)
        if pruned:
            log.debug("pruned %d relayed event(s) from the event log", pruned)


@contextlib.asynccontextmanager
async def _held(db: Executor) -> AsyncIterator[Executor]:
    """One connection of `db` for a run of statements (`db` itself if it is one)."""
    if isinstance(db, asyncpg.Pool):
        async with db.acquire() as connection:
            yield connection
    else:
        yield db


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
