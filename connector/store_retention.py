"""The message store's retention sweep: messages older than their tenant's
`messageRetentionDays` are deleted in small batches with a pause between them, so the
sweep never holds locks or I/O long enough to slow the ingest path. One loop, in the
lock holder."""

from __future__ import annotations

import asyncio
import logging

import asyncpg

from wagate.periodic import repeat
from wagate.tables import message_store

log = logging.getLogger(__name__)

BATCH = 1000  # rows per statement: a short transaction, a short lock on few pages
PAUSE_S = 0.05  # between batches: ingest's statements go first


class MessageStoreSweeper:
    def __init__(self, pg: asyncpg.Pool, interval_s: float, pause_s: float = PAUSE_S) -> None:
        self._pg = pg
        self.interval_s = interval_s
        self._pause_s = pause_s
        self.wake = asyncio.Event()

    async def sweep_once(self) -> int:
        """Delete every message past its retention; how many went."""
        removed = 0
        while True:
            deleted = await message_store.sweep_expired(self._pg, BATCH)
            removed += deleted
            if deleted < BATCH:
                return removed
            await asyncio.sleep(self._pause_s)

    async def run(self) -> None:
        await repeat(self._pass, self.interval_s, self.wake, "message store sweep")

    async def _pass(self) -> None:
        removed = await self.sweep_once()
        if removed:
            log.info("message store retention: deleted %d messages", removed)
