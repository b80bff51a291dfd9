"""The relay: copies committed events from the event log (PostgreSQL) to the tenants'
Redis streams, in order, and marks them relayed.

Sessions never write to Redis: they commit events to the event log and wake the relay,
which puts them on the streams a few milliseconds later in one pipelined script call per
batch. When Redis is away, nothing waits on it but the relay, which retries; when it is
back (even empty), the relay goes on from the first event not yet relayed.

Exactly once on the stream. Each stream entry carries its event log `seq`; the script
appends an event only if its `seq` is above the `seq` of the stream's last entry. A relay
killed after the script ran but before it marked the rows relayed finds them again on
start and the script skips them. This relies on a tenant's `seq` order being its commit
order (connector/event_log.py). A stream that was lost (Redis restarted without
persistence) starts again from the events not yet relayed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from redis.asyncio import Redis
from redis.exceptions import RedisError

from connector.event_log import EventLog, LoggedEvent
from wagate.bus import EVENT_STREAM_MAXLEN, BusKeys
from wagate.db import DB_ERRORS

log = logging.getLogger(__name__)

_BATCH = 500
_PRUNE_EVERY_S = 60.0
_PRUNE_BATCH = 10_000
# relayed events stay this long (to look into what a tenant was sent), then go
_KEEP_RELAYED_S = 3600.0
_RETRY_FIRST_S = 0.2
_RETRY_CAP_S = 5.0
_ERRORS: tuple[type[Exception], ...] = (RedisError, *DB_ERRORS)

# KEYS: one stream per event; ARGV: maxlen, then per event its seq, its field count and
# its fields. Returns how many entries were appended (the rest were there already).
_APPEND_NEW = """
local maxlen = ARGV[1]
local last = {}
local at = 2
local added = 0
for i = 1, #KEYS do
  local key = KEYS[i]
  local seq = ARGV[at]
  local n = tonumber(ARGV[at + 1])
  local fields = {}
  for j = 1, n * 2 do fields[j] = ARGV[at + 1 + j] end
  at = at + 2 + n * 2
  if last[key] == nil then
    last[key] = 0
    local tail = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)
    if #tail > 0 then
      local entry = tail[1][2]
      for f = 1, #entry, 2 do
        if entry[f] == 'seq' then last[key] = tonumber(entry[f + 1]) end
      end
    end
  end
  if tonumber(seq) > last[key] then
    redis.call('XADD', key, 'MAXLEN', '~', maxlen, '*', 'seq', seq, unpack(fields))
    last[key] = tonumber(seq)
    added = added + 1
  end
end
return added
"""


class EventRelay:
    def __init__(self, log_table: EventLog, redis: Redis, keys: BusKeys) -> None:
        self._log = log_table
        self._redis = redis
        self._keys = keys
        self._script = redis.register_script(_APPEND_NEW)
        # set by publishers right after a commit: the relay looks at once
        self.wake = asyncio.Event()
        self._next_prune = 0.0
        self.healthy = True  # False while the last attempt failed (Redis or PostgreSQL away)

    async def run(self, poll_interval_s: float = 1.0) -> None:
        """Relay until cancelled. Polls too, for events committed by a process that died
        before it could relay them (and as a backstop to the wake-up)."""
        delay = _RETRY_FIRST_S
        while True:
            self.wake.clear()  # before reading: anything committed from now on wakes us
            try:
                moved = await self.relay_once()
                await self._maybe_prune()
            except Exception as e:  # never stop relaying: retry whatever went wrong
                if self.healthy:
                    expected = isinstance(e, _ERRORS)
                    log.warning(
                        "relaying events failed (%s); retrying until it works",
                        e,
                        exc_info=not expected,
                    )
                self.healthy = False
                await asyncio.sleep(delay)
                delay = min(delay * 2, _RETRY_CAP_S)
                continue
            if not self.healthy:
                log.info("relaying events works again")
            self.healthy, delay = True, _RETRY_FIRST_S
            if moved == _BATCH:
                continue  # more waiting
            # not asyncio.wait_for: on Python 3.11 it can swallow a cancellation that
            # arrives as the wake-up does (woken after every commit, the relay hit it:
            # a connector's shutdown then waited for it forever)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(poll_interval_s):
                    await self.wake.wait()

    async def relay_once(self) -> int:
        """Relay one batch of unrelayed events; returns how many rows it handled."""
        batch = await self._log.unrelayed(_BATCH)
        if not batch:
            return 0
        await self._append(batch)
        await self._log.mark_relayed([e.seq for e in batch])
        return len(batch)

    async def _append(self, batch: list[LoggedEvent]) -> None:
        keys: list[str] = []
        args: list[str | int] = [EVENT_STREAM_MAXLEN]
        for event in batch:
            keys.append(self._keys.events(event.tenant_id))
            args += [event.seq, len(event.fields)]
            for name, value in event.fields.items():
                args += [name, value]
        await self._script(keys=keys, args=args)

    async def _maybe_prune(self) -> None:
        now = time.monotonic()
        if now < self._next_prune:
            return
        self._next_prune = now + _PRUNE_EVERY_S
        pruned = await self._log.prune(_KEEP_RELAYED_S, _PRUNE_BATCH)
        if pruned:
            log.debug("pruned %d relayed event(s) from the event log", pruned)
