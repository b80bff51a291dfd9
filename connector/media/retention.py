"""The retention sweep: media past its expiry loses its blob, then its row; in `arrival`
mode each pass also starts the downloads still owed. One loop, in the lock holder."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime

import asyncpg

from connector.media.incoming import MediaInbox
from wagate.blobs import BlobStore
from wagate.blobs.local import LocalBlobStore
from wagate.periodic import repeat
from wagate.tables import media

log = logging.getLogger(__name__)

_BATCH = 500
_PARTS_EVERY_S = 24 * 3600.0  # a write older than a day is no upload in progress


class MediaSweeper:
    def __init__(
        self, pg: asyncpg.Pool, blobs: BlobStore, inbox: MediaInbox, interval_s: float = 60.0
    ) -> None:
        self._pg = pg
        self._blobs = blobs
        self._inbox = inbox
        self.interval_s = interval_s
        self.wake = asyncio.Event()
        self._next_parts = 0.0  # monotonic

    async def sweep_once(self) -> int:
        """Delete what expired; how many rows went."""
        removed = 0
        while True:
            expired = await media.expired(self._pg, datetime.now(UTC), _BATCH)
            for media_id, blob_key in expired:
                if blob_key is not None:  # the blob first: a row never outlives its bytes' end
                    await self._blobs.delete(blob_key)
                await media.delete(self._pg, media_id)
            removed += len(expired)
            if len(expired) < _BATCH:
                return removed

    async def run(self) -> None:
        await repeat(self._pass, self.interval_s, self.wake, "media sweep")

    async def _pass(self) -> None:
        removed = await self.sweep_once()
        if removed:
            log.info("media retention: deleted %d expired media", removed)
        await self._inbox.fetch_owed()
        if isinstance(self._blobs, LocalBlobStore) and time.monotonic() >= self._next_parts:
            # writes a crash cut short (S3 aborts its own: a multipart upload's parts
            # expire by the bucket's lifecycle rule)
            self._next_parts = time.monotonic() + _PARTS_EVERY_S
            await self._blobs.sweep_parts(older_than_s=_PARTS_EVERY_S)
