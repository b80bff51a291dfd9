"""Incoming attachments: a `media` row written with their message, and their bytes
copied from WhatsApp into the blob store when the setting says so.

- `arrival`: as soon as the message is committed (a few downloads at a time); what could
  not be fetched then (the session dropped, the connector died) is fetched by the sweep
  loop's next pass over the rows still `remote`;
- `request`: when the gateway first asks for it (the FetchMedia bus command);
- `never`: the descriptor only; fetching answers `media_not_stored`.

The bytes are checked against the sha256 the sender declared: a mismatch is
`media_corrupt` and nothing is kept. A download WhatsApp refuses as expired is remembered
(`media_expired`), so later requests are answered without asking again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from connector.engine import MEDIA_CORRUPT, EngineError, Media
from wagate.blobs import BlobStore, BlobTooLarge
from wagate.blobs.keys import incoming_key
from wagate.bus import MediaStored
from wagate.sealing import Sealer
from wagate.tables import media

log = logging.getLogger(__name__)

MAX_INCOMING_BYTES = 2 * 1024**3  # WhatsApp's own ceiling for a document
_DOWNLOADS_AT_ONCE = 4

# (tenant, engine ref) -> the plain bytes: the tenant's session's engine downloads them
Downloader = Callable[[str, dict[str, Any]], AsyncIterator[bytes]]


class MediaInbox:
    def __init__(
        self,
        pg: asyncpg.Pool,
        blobs: BlobStore,
        sealer: Sealer,
        *,
        mode: str,
        retention_hours: float,
    ) -> None:
        self._pg = pg
        self._blobs = blobs
        self._sealer = sealer
        self.mode = mode
        self._retention = timedelta(hours=retention_hours)
        self._downloader: Downloader | None = None
        self._running: dict[str, asyncio.Future[MediaStored]] = {}
        self._slots = asyncio.Semaphore(_DOWNLOADS_AT_ONCE)
        self._tasks: set[asyncio.Task[None]] = set()

    def attach(self, downloader: Downloader) -> None:
        self._downloader = downloader

    def row_for(self, tenant_id: str, message_id: str, item: Media) -> media.MediaRow:
        """The row written in the message's own transaction (its ref sealed)."""
        return media.MediaRow(
            id=media.incoming_id(tenant_id, message_id),
            tenant_id=tenant_id,
            direction="in",
            message_id=message_id,
            kind=item.kind,
            mimetype=item.mimetype,
            size_bytes=item.size_bytes,
            sha256=item.sha256,
            caption=item.caption,
            filename=item.filename,
            duration_s=item.duration_s,
            width=item.width,
            height=item.height,
            ref=self._sealer.seal(item.ref),
            expires_at=datetime.now(UTC) + self._retention,
        )

    def arrived(self, tenant_id: str, media_id: str) -> None:
        """A message with media was committed: fetch it now if the mode says so."""
        if self.mode == "arrival":
            self._spawn(tenant_id, media_id)

    def _spawn(self, tenant_id: str, media_id: str) -> None:
        task = asyncio.create_task(self._quietly(tenant_id, media_id), name=f"media-{media_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _quietly(self, tenant_id: str, media_id: str) -> None:
        with contextlib.suppress(Exception):  # logged in fetch; the sweep loop tries again
            async with self._slots:
                await self.fetch(tenant_id, media_id)

    async def fetch_owed(self, limit: int = 50) -> int:
        """Start the downloads an `arrival` connector still owes (oldest first)."""
        if self.mode != "arrival":
            return 0
        owed = [r for r in await media.owed_downloads(self._pg, limit) if r.id not in self._running]
        for row in owed:
            self._spawn(row.tenant_id, row.id)
        return len(owed)

    async def fetch(self, tenant_id: str, media_id: str) -> MediaStored:
        """The attachment in the blob store, downloading it if it is not there yet; one
        download per media at a time, whoever asks."""
        running = self._running.get(media_id)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[MediaStored] = asyncio.get_running_loop().create_future()
        self._running[media_id] = future
        try:
            stored = await self._fetch(tenant_id, media_id)
            future.set_result(stored)
            return stored
        except BaseException as e:
            future.set_exception(e)
            future.exception()  # retrieved: nobody else may be waiting
            raise
        finally:
            del self._running[media_id]

    async def _fetch(self, tenant_id: str, media_id: str) -> MediaStored:
        row = await media.find(self._pg, tenant_id, media_id)
        if row is None or row.direction != "in" or row.expires_at <= datetime.now(UTC):
            raise EngineError("media_not_found", f"no media {media_id} for this company")
        if row.state == "stored" and row.blob_key is not None:
            return MediaStored(row.blob_key, row.size_bytes, row.sha256)
        if row.state == "failed" and row.error:
            raise EngineError(row.error, f"media {media_id} cannot be fetched ({row.error})")
        if self.mode == "never":
            raise EngineError(
                "media_not_stored",
                "this deployment does not download incoming media (WAGATE_MEDIA_DOWNLOAD=never)",
            )
        assert self._downloader is not None and row.ref is not None
        key = incoming_key(tenant_id, media_id)
        try:
            chunks = self._downloader(tenant_id, self._sealer.open(row.ref))
            info = await self._blobs.put(key, chunks, max_bytes=MAX_INCOMING_BYTES)
        except EngineError as e:
            if e.code in ("media_expired", MEDIA_CORRUPT):  # for good: remember it
                await media.mark_failed(self._pg, media_id, e.code)
            log.warning("media %s of %s: download failed: %s", media_id, tenant_id, e.code)
            raise
        except BlobTooLarge:
            await media.mark_failed(self._pg, media_id, "media_too_large")
            raise EngineError("media_too_large", "the attachment is too large") from None
        if row.sha256 and info.sha256 != row.sha256:
            await self._blobs.delete(key)
            await media.mark_failed(self._pg, media_id, MEDIA_CORRUPT)
            raise EngineError(MEDIA_CORRUPT, "the attachment's bytes fail their sha256")
        await media.mark_stored(self._pg, media_id, key, info.size_bytes, info.sha256)
        return MediaStored(key, info.size_bytes, info.sha256)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
