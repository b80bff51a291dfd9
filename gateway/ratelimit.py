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
import secrets
import time
from collections import deque
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from gateway.metrics import GatewayMetrics

log = logging.getLogger(__name__)

# KEYS[1] window key; ARGV: limit, window ms, unique member suffix
# returns {allowed (1|0), remaining, ms until the oldest entry leaves the window}
_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  count = count + 1
  allowed = 1
end
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
    def __init__(self, redis: Redis, prefix: str, metrics: GatewayMetrics) -> None:
        self._redis = redis
        self._prefix = prefix
        self._metrics = metrics
        self._script = redis.register_script(_SCRIPT)
        self._peek_script = redis.register_script(_PEEK_SCRIPT)
        self._memory = _MemoryWindows()
        self.fallback_active = False

    async def hit(self, kind: str, subject: str, limit: int, window_s: float = 60.0) -> Decision:
        """Count one hit, if the window has room for it."""
        return await self._decide(kind, subject, limit, window_s, count=True)

    async def peek(self, kind: str, subject: str, limit: int, window_s: float = 60.0) -> Decision:
        """Whether the window has room, counting nothing."""
        return await self._decide(kind, subject, limit, window_s, count=False)

    async def _decide(
        self, kind: str, subject: str, limit: int, window_s: float, *, count: bool
    ) -> Decision:
        key = f"{self._prefix}:rl:{kind}:{subject}"
        window_ms = int(window_s * 1000)
        try:
            if count:
                result = await self._script(
                    keys=[key], args=[limit, window_ms, secrets.token_hex(4)]
                )
            else:
                result = await self._peek_script(keys=[key], args=[limit, window_ms])
            allowed, remaining, reset_ms = result
            decision = Decision(bool(allowed), limit, int(remaining), int(reset_ms) / 1000)
            if self.fallback_active:
                log.warning("rate limiter: Redis is back; limits are shared again")
                self._set_fallback(False)
        except (RedisError, OSError) as e:
            if not self.fallback_active:
                log.warning("rate limiter: Redis unreachable (%s); limiting per gateway", e)
                self._set_fallback(True)
            self._metrics.ratelimit_fallback_checks.inc()
            decision = self._memory.hit(key, limit, window_s, count)
        if not decision.allowed:
            self._metrics.ratelimit_rejections.labels(kind).inc()
        return decision

    def _set_fallback(self, active: bool) -> None:
        self.fallback_active = active
        self._metrics.ratelimit_fallback_active.set(1 if active else 0)
