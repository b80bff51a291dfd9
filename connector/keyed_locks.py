"""Per-key concurrency limits for the connector's per-company work."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class KeyedLocks:
    """At most `per_key` holders at once for each key (one: a lock), the semaphore
    forgotten when nobody holds or waits for it: memory stays bounded by the companies in
    use, and a waiter can never end up on a semaphore that a newcomer does not see (which
    would let more holders in than the limit, e.g. two commands for one company)."""

    def __init__(self, per_key: int = 1) -> None:
        self.per_key = per_key
        self._locks: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Semaphore(self.per_key), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)
