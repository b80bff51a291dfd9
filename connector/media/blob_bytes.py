"""A blob handed to an engine as the MediaBytes it reads once, in chunks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from wagate.blobs import BlobStore


@dataclass
class BlobBytes:
    blobs: BlobStore
    key: str
    size_bytes: int

    def chunks(self) -> AsyncIterator[bytes]:
        return self.blobs.get(self.key)
