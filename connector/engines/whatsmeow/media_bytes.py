"""A media file's bytes on their way to and from whatsmeow: across the worker pipe in
chunks, and whole where neonize wants them whole (its Upload takes one []byte, its
download returns one)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator
from io import BytesIO

from connector.engine import MEDIA_CORRUPT, EngineError, MediaBytes, OutgoingMedia

log = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024  # a file crosses the worker pipe in frames of at most this
_THUMBNAIL_PX = 200  # the longer side of an image's inline preview, as neonize makes it


class PipedBytes:
    """MediaBytes arriving over the worker pipe: chunks are put as their frames are read,
    then None for the end. Read once."""

    def __init__(self, size_bytes: int) -> None:
        self.size_bytes = size_bytes
        self._queue: asyncio.Queue[bytes | None] = asyncio.Queue()

    def put(self, chunk: bytes | None) -> None:
        self._queue.put_nowait(chunk)

    async def chunks(self) -> AsyncIterator[bytes]:
        while (chunk := await self._queue.get()) is not None:
            yield chunk


async def read_whole(media: OutgoingMedia, data: MediaBytes) -> bytes:
    """The file in one buffer, checked against its description: a blob store that lost
    or changed bytes must not have them sent."""
    body = bytearray()
    digest = hashlib.sha256()
    async for chunk in data.chunks():
        body += chunk
        digest.update(chunk)
        if len(body) > media.size_bytes:
            break
    if len(body) != media.size_bytes or digest.hexdigest() != media.sha256.lower():
        raise EngineError(MEDIA_CORRUPT, "the file read is not the file described (size, sha256)")
    return bytes(body)


async def thumbnail(media: OutgoingMedia, body: bytes) -> bytes:
    """An image's inline preview (a small JPEG, as WhatsApp's apps send with an image),
    made off the loop; none when Pillow cannot read the image."""
    if media.kind != "image":
        return b""

    def make() -> bytes:
        from PIL import Image  # neonize's own dependency, present wherever it is

        with Image.open(BytesIO(body)) as image:
            image.thumbnail((_THUMBNAIL_PX, _THUMBNAIL_PX))
            out = BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=60)
            return out.getvalue()

    try:
        return await asyncio.to_thread(make)
    except Exception as e:  # a preview is optional; the image itself goes regardless
        log.info("no preview for an image of %s: %s", media.mimetype, e)
        return b""
