"""A tenant setting a session consults on its hot path (presence wanted? what does the
message store keep?), re-read from PostgreSQL at most every few seconds, so most events
pay no round trip for it; a change takes effect within `ttl_s`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from connector.clock import Clock
from wagate.db import DB_ERRORS

T = TypeVar("T")

SETTING_TTL_S = 5.0


@dataclass
class CachedSetting(Generic[T]):
    read: Callable[[], Awaitable[T]]
    clock: Clock
    unknown: T  # the value until a first read succeeds
    ttl_s: float = SETTING_TTL_S
    _read_at: float = field(default=float("-inf"))
    _value: T | None = None

    async def get(self) -> T:
        now = self.clock.monotonic()
        if now - self._read_at > self.ttl_s:
            try:
                self._value = await self.read()
            except DB_ERRORS:
                # the last value known: a setting unread is not worth failing the reader
                # for (a write that follows meets the outage itself)
                return self.unknown if self._value is None else self._value
            self._read_at = now
        return self.unknown if self._value is None else self._value
