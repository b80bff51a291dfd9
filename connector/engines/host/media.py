"""Media through files (docs/engine-host.md): a send's bytes are written to a file the
host reads, a download is a file the host writes; both live in the host's private
directory and are deleted once the request is done."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from connector.engine import MEDIA_CORRUPT, Attachment, EngineError
from connector.engines.host.errors import DOWNLOAD_FAILED
from connector.engines.host.messages import MediaRef

CHUNK_BYTES = 256 * 1024
_REF_FIELDS = ("direct_path", "media_key", "file_sha256", "file_enc_sha256")


def new_path(directory: Path) -> Path:
    return directory / uuid.uuid4().hex


async def write_attachment(attachment: Attachment, path: Path) -> None:
    """The bytes into `path`, checked against what the send says of them: EngineError
    MEDIA_CORRUPT (nothing sent) when they are not that file."""
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as out:
        async for chunk in attachment.data.chunks():
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    media = attachment.media
    if size != media.size_bytes or (media.sha256 and digest.hexdigest() != media.sha256):
        raise EngineError(MEDIA_CORRUPT, "the file read is not the one described (size or hash)")


def download_ref(ref: dict[str, Any]) -> tuple[str, MediaRef, int | None]:
    """(kind, ref, size) of a stored media reference this engine made."""
    if not all(isinstance(ref.get(name), str) for name in (*_REF_FIELDS, "kind")):
        raise EngineError(DOWNLOAD_FAILED, "the media reference was not made by this engine")
    size = ref.get("size_bytes")
    return str(ref["kind"]), MediaRef.model_validate(ref), size if isinstance(size, int) else None


async def read_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(CHUNK_BYTES):
            yield chunk
