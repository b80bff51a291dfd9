"""The blob store's interface, what every backend shares, and the choice of backend."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from wagate.config import ServiceSettings

CHUNK_BYTES = 256 * 1024  # what `get` yields at a time
SNIFF_BYTES = 4096  # how much of a blob's start `put` keeps, for type sniffing
_KEY = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+){0,3}")


class BlobMissing(LookupError):
    """No blob under the key (never stored, deleted, or expired)."""


class BlobUnavailable(Exception):
    """The store could not be reached or failed the operation (S3 unreachable or
    erring, a disk full or unwritable): not the caller's doing, so a 503 and a retry."""


class BlobTooLarge(ValueError):
    """A `put` went past its cap: nothing was stored."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"more than {max_bytes} bytes")
        self.max_bytes = max_bytes


@dataclass(frozen=True)
class BlobInfo:
    size_bytes: int
    sha256: str  # hex, of the bytes
    head: bytes = b""  # the first SNIFF_BYTES bytes (from `put` only)


class BlobStore(Protocol):
    async def put(
        self, key: str, chunks: AsyncIterable[bytes], max_bytes: int | None = None
    ) -> BlobInfo:
        """Store the stream under `key` (replacing any blob there), all or nothing: past
        `max_bytes` it stops reading, stores nothing and raises BlobTooLarge."""
        ...

    def get(self, key: str) -> AsyncIterator[bytes]:
        """The blob's bytes in chunks; BlobMissing (when iterated) if there is none."""
        ...

    async def stat(self, key: str) -> int | None:
        """The blob's size, or None if there is none."""
        ...

    async def delete(self, key: str) -> None:
        """Gone (no error if it was not there)."""
        ...

    async def close(self) -> None: ...


class Digest:
    """Counts, hashes and keeps the head of a stream as it passes; enforces a cap."""

    def __init__(self, max_bytes: int | None) -> None:
        self._hash = hashlib.sha256()
        self._max = max_bytes
        self.size = 0
        self.head = b""

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self._max is not None and self.size > self._max:
            raise BlobTooLarge(self._max)
        self._hash.update(chunk)
        if len(self.head) < SNIFF_BYTES:
            self.head += chunk[: SNIFF_BYTES - len(self.head)]

    def info(self) -> BlobInfo:
        return BlobInfo(self.size, self._hash.hexdigest(), self.head)


def check_key(key: str) -> str:
    """A key is a short relative path of plain names: nothing a backend could escape by."""
    if not _KEY.fullmatch(key) or ".." in key or len(key) > 400:
        raise ValueError(f"not a blob key: {key!r}")
    return key


def open_blob_store(settings: ServiceSettings) -> BlobStore:
    if settings.blob_store == "s3":
        from wagate.blobs.s3 import S3BlobStore

        return S3BlobStore(
            endpoint=settings.s3_endpoint or None,
            bucket=settings.s3_bucket,
            region=settings.s3_region,
            access_key=settings.s3_access_key or None,
            secret_key=settings.s3_secret_key or None,
            prefix=settings.s3_prefix,
        )
    from wagate.blobs.local import LocalBlobStore

    return LocalBlobStore(settings.blob_dir)
