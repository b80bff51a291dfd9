"""One session's events on their way from the host's reader to the session's sink.

Each session drains its own mailbox in its own task, so a session whose sink is slow
(storing a message) holds up only itself, and a sink may make requests of the host (a
stop from inside an event) whose replies the reader goes on delivering. The mailbox is
bounded: when it is full the reader waits, the host's writer waits behind it, and the
host's event producers wait (docs/engine-host.md, back-pressure). Closing it drops what
it holds and frees a reader waiting to put: a stopped session emits nothing more.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")


class Mailbox(Generic[T]):
    def __init__(self, limit: int) -> None:
        self._items: deque[T] = deque()
        self._limit = limit
        self._changed = asyncio.Condition()
        self.closed = False

    async def put(self, item: T) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self.closed or len(self._items) < self._limit)
            if not self.closed:
                self._items.append(item)
                self._changed.notify_all()

    async def get(self) -> T | None:
        """The next item, or None once the mailbox is closed."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.closed or bool(self._items))
            if self.closed:
                return None
            item = self._items.popleft()
            self._changed.notify_all()
            return item

    async def close(self) -> None:
        async with self._changed:
            self.closed = True
            self._items.clear()
            self._changed.notify_all()
