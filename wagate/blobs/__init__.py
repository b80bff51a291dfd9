"""The blob store: where media bytes live between the processes that pass them on.

One small interface (`BlobStore`), two backends: a local directory (the default; shared by
the processes of one machine, or a shared volume) and S3-compatible object storage (for
gateways and a connector on different machines). Bytes always move as a stream of chunks:
`put` reads an async iterator of chunks (hashing and counting them, refusing past a cap)
and `get` yields chunks, so no backend ever holds a whole file in memory.

Keys are the callers' (`out/<tenant>/<id>` for media being sent, `in/<tenant>/<id>` for
received media); a backend only checks that a key is a safe relative path.
"""

from __future__ import annotations

from wagate.blobs.store import (
    CHUNK_BYTES,
    BlobInfo,
    BlobMissing,
    BlobStore,
    BlobTooLarge,
    BlobUnavailable,
    check_key,
    open_blob_store,
)

__all__ = [
    "CHUNK_BYTES",
    "BlobInfo",
    "BlobMissing",
    "BlobStore",
    "BlobTooLarge",
    "BlobUnavailable",
    "check_key",
    "open_blob_store",
]
