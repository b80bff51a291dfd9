"""Time as the connector core sees it: one seam, so a test can drive a session's
backoff, stable-connection window, send pause and restore pacing with a fake clock
instead of waiting for real seconds to pass."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The wall clock (UTC), for what the tenant sees (`since`, `checkedAt`)."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps, for durations."""
        ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


SYSTEM_CLOCK: Clock = SystemClock()
