"""Rate limits shared by every gateway: a sliding-window log in Redis, one atomic script.

A sliding window (not a token bucket) because the promise is "at most N in any minute":
the script drops entries older than the window, counts, and records the new hit only when
under the limit, all in one step on Redis's clock, so any number of gateways together
hold the limit exactly. When Redis is unreachable, each gateway falls back to the same
window in its own memory (so N gateways allow N times the limit until Redis is back);
the switch is logged and counted.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from gateway.metrics import GatewayMetrics
from wagate.deadlines import bare_script
from wagate.ids import random_hex
from wagate.shared_connection import SharedConnection

log = logging.getLogger(__name__)

# KEYS[1] window key, then a gate's window key (if ARGV[4] is not empty), then a stream
# (if ARGV has more than 5 entries); ARGV: limit, window ms, unique member suffix, the
# gate's limit and window ms (empty: no gate), then the field-value pairs of the entry to
# add to the stream when the hit counts. A full gate (looked at, not counted) refuses
# before the window counts: {-1, 0, ms until the gate has room}. Otherwise {allowed
# (1|0), remaining, ms until the oldest entry leaves the window}.
# Nothing is written before the hit counts, and then the stream entry first: a Redis past
# its maxmemory refuses a script's first write that needs memory (and lets through
# whatever follows a first write), so it refuses the command's entry as it refused a bare
# XADD, and the hit with it (the limiter counts in memory then).
_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[4] ~= '' then
  local since = '(' .. (now - tonumber(ARGV[5]))
  if redis.call('ZCOUNT', KEYS[2], since, '+inf') >= tonumber(ARGV[4]) then
    local first = redis.call('ZRANGEBYSCORE', KEYS[2], since, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    return {-1, 0, tonumber(first[2]) + tonumber(ARGV[5]) - now}
  end
end
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local count = redis.call('ZCOUNT', KEYS[1], '(' .. (now - window), '+inf')
local allowed = 0
if count < limit then
  if #ARGV > 5 then redis.call('XADD', KEYS[#KEYS], '*', unpack(ARGV, 6)) end
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  count = count + 1
  allowed = 1
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reset = window
if oldest[2] then reset = tonumber(oldest[2]) + window - now end
return {allowed, limit - count, reset}
"""

# the same window, looked at without counting: KEYS[1] window key; ARGV: limit, window ms
_PEEK_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reset = window
if oldest[2] then reset = tonumber(oldest[2]) + window - now end
if count < limit then return {1, limit - count, reset} end
return {0, 0, reset}
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_s: float  # until a slot frees up (the Retry-After when not allowed)
    appended: bool = False  # the hit's StreamAppend is on its stream

    def headers(self) -> dict[str, str]:
        reset = str(max(1, int(self.reset_s + 0.999)))
        out = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.remaining)),
            "X-RateLimit-Reset": reset,
        }
        if not self.allowed:
            out["Retry-After"] = reset
        return out


@dataclass(frozen=True)
class Gate:
    """A window that must have room for a hit to be counted at all, looked at in the
    same step (the address's failed authentications in front of a tenant's sends)."""

    kind: str
    subject: str
    limit: int
    window_s: float = 60.0


@dataclass(frozen=True)
class StreamAppend:
    """An entry added to a stream in the same step as a hit that counts (a send's
    command: one Redis round trip, not two). Not added when the hit is refused, nor
    when Redis is away (the caller adds it itself then: `Decision.appended`)."""

    stream: str
    fields: dict[str, str]


class GateClosed(Exception):
    """The gate's window was full: nothing was counted. `decision` is the gate's."""

    def __init__(self, decision: Decision) -> None:
        super().__init__("the gate's window is full")
        self.decision = decision


class _MemoryWindows:
    """The same sliding window, per gateway, for when Redis is away."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, limit: int, window_s: float, count: bool = True) -> Decision:
        now = time.monotonic()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - window_s:
            hits.popleft()
        allowed = len(hits) < limit
        if allowed and count:
            hits.append(now)
        reset = hits[0] + window_s - now if hits else window_s
        if len(self._hits) > 100_000:  # bounded: forget idle keys
            self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - window_s}
        return Decision(allowed, limit, limit - len(hits), reset)


class RateLimiter:
    def __init__(
        self,
        redis: Redis,
        prefix: str,
        metrics: GatewayMetrics,
        shared: SharedConnection | None = None,
    ) -> None:
        """`shared`: the connection the scripts go on, shared by every request (else a
        connection of `redis`'s pool each)."""
        self._redis = redis
        self._shared = shared
        self._prefix = prefix
        self._metrics = metrics
        self._hit_script = redis.register_script(_SCRIPT)
        self._peek_script = redis.register_script(_PEEK_SCRIPT)
        self._memory = _MemoryWindows()
        self.fallback_active = False

    async def close(self) -> None:
        if self._shared is not None:
            await self._shared.close()

    async def hit(
        self,
        kind: str,
        subject: str,
        limit: int,
        window_s: float = 60.0,
        *,
        gate: Gate | None = None,
        append: StreamAppend | None = None,
    ) -> Decision:
        """Count one hit, if the window has room for it; with a `gate`, only if the gate's
        window has room too (else GateClosed), and with `append`, add its entry when the
        hit counts, in the same Redis call."""
        return await self._decide(
            kind, subject, limit, window_s, count=True, gate=gate, append=append
        )

    async def peek(self, kind: str, subject: str, limit: int, window_s: float = 60.0) -> Decision:
        """Whether the window has room, counting nothing."""
        return await self._decide(kind, subject, limit, window_s, count=False)

    def _key(self, kind: str, subject: str) -> str:
        return f"{self._prefix}:rl:{kind}:{subject}"

    async def _decide(
        self,
        kind: str,
        subject: str,
        limit: int,
        window_s: float,
        *,
        count: bool,
        gate: Gate | None = None,
        append: StreamAppend | None = None,
    ) -> Decision:
        key = self._key(kind, subject)
        try:
            allowed, remaining, reset_ms = await self._run_script(
                key, limit, int(window_s * 1000), count, gate, append
            )
        except (RedisError, OSError) as e:
            if not self.fallback_active:
                log.warning("rate limiter: Redis failed (%s); limiting per gateway", e)
                self._set_fallback(True)
            self._metrics.ratelimit_fallback_checks.inc()
            if gate is not None:
                gate_key = self._key(gate.kind, gate.subject)
                self._refuse_if_closed(
                    gate, self._memory.hit(gate_key, gate.limit, gate.window_s, False)
                )
            decision = self._memory.hit(key, limit, window_s, count)
        else:
            if self.fallback_active:
                log.warning("rate limiter: Redis is back; limits are shared again")
                self._set_fallback(False)
            if gate is not None and allowed == -1:
                self._refuse_if_closed(gate, Decision(False, gate.limit, 0, reset_ms / 1000))
            appended = allowed == 1 and append is not None
            decision = Decision(
                bool(allowed), limit, int(remaining), int(reset_ms) / 1000, appended
            )
        if not decision.allowed:
            self._metrics.ratelimit_rejections.labels(kind).inc()
        return decision

    async def _run_script(
        self,
        key: str,
        limit: int,
        window_ms: int,
        count: bool,
        gate: Gate | None,
        append: StreamAppend | None,
    ) -> list[int]:
        if not count:
            return list(await self._script(self._peek_script, [key], [limit, window_ms]))
        keys: list[str] = [key]
        args: list[int | str] = [limit, window_ms, random_hex(4), "", ""]
        if gate is not None:
            keys.append(self._key(gate.kind, gate.subject))
            args[3:] = [gate.limit, int(gate.window_s * 1000)]
        if append is not None:
            keys.append(append.stream)
            args += [part for pair in append.fields.items() for part in pair]
        return list(await self._script(self._hit_script, keys, args))

    async def _script(self, script: AsyncScript, keys: list[str], args: list[int | str]) -> Any:
        if self._shared is not None:
            return await self._shared.script(script, keys, args)
        return await bare_script(self._redis, script, keys, args)

    def _refuse_if_closed(self, gate: Gate, decision: Decision) -> None:
        if not decision.allowed:
            self._metrics.ratelimit_rejections.labels(gate.kind).inc()
            raise GateClosed(decision)

    def _set_fallback(self, active: bool) -> None:
        self.fallback_active = active
        self._metrics.ratelimit_fallback_active.set(1 if active else 0)
