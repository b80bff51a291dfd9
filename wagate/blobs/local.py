"""The local-directory backend: one file per blob, written atomically.

A blob is written to a temporary file in the same directory, flushed, then renamed over
its key, so a reader sees the whole old blob or the whole new one, never a torn one, and
a crash leaves at most a `.part-*` file (swept by age). File I/O runs in a worker thread
one chunk at a time, so the event loop never waits on the disk.

Media is the tenants' private data: files are created 0600 and the directories this
store makes 0700 (whatever the umask), readable by the service's user only.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from pathlib import Path
from typing import BinaryIO

from wagate.blobs.store import (
    CHUNK_BYTES,
    BlobInfo,
    BlobMissing,
    BlobUnavailable,
    Digest,
    check_key,
)


class LocalBlobStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(
        self, key: str, chunks: AsyncIterable[bytes], max_bytes: int | None = None
    ) -> BlobInfo:
        path = self._path(key)
        part = path.with_name(f".part-{secrets.token_hex(8)}-{path.name}")
        digest = Digest(max_bytes)
        with _unavailable("open"):
            await asyncio.to_thread(_make_dirs, self.root, path.parent)
            handle = await asyncio.to_thread(_create_private, part)
        try:
            async for chunk in chunks:
                digest.add(chunk)
                with _unavailable("write"):
                    await asyncio.to_thread(handle.write, chunk)
            with _unavailable("write"):
                await asyncio.to_thread(_flush, handle)
                handle.close()
                await asyncio.to_thread(os.replace, part, path)
        except BaseException:
            handle.close()
            part.unlink(missing_ok=True)
            raise
        return digest.info()

    async def get(self, key: str) -> AsyncIterator[bytes]:
        path = self._path(key)
        try:
            handle = await asyncio.to_thread(open, path, "rb")
        except FileNotFoundError:
            raise BlobMissing(key) from None
        except OSError as e:
            raise BlobUnavailable(f"the blob directory cannot be read: {e}") from None
        try:
            with _unavailable("read"):
                while chunk := await asyncio.to_thread(handle.read, CHUNK_BYTES):
                    yield chunk
        finally:
            handle.close()

    async def stat(self, key: str) -> int | None:
        try:
            return (await asyncio.to_thread(self._path(key).stat)).st_size
        except FileNotFoundError:
            return None

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, True)

    async def sweep_parts(self, older_than_s: float) -> int:
        """Delete the temporary files of writes that never finished (a crash mid-put)."""

        def sweep() -> int:
            cutoff, removed = time.time() - older_than_s, 0
            for part in self.root.rglob(".part-*"):
                try:
                    if part.stat().st_mtime < cutoff:
                        part.unlink()
                        removed += 1
                except FileNotFoundError:  # finished (renamed) or swept meanwhile
                    continue
            return removed

        return await asyncio.to_thread(sweep) if self.root.exists() else 0

    async def close(self) -> None:
        return None


@contextlib.contextmanager
def _unavailable(doing: str) -> Iterator[None]:
    """The disk's failures (full, read-only, no permission) as BlobUnavailable."""
    try:
        yield
    except OSError as e:
        raise BlobUnavailable(f"the blob directory cannot {doing}: {e}") from None


FILE_MODE = 0o600
DIR_MODE = 0o700


def _make_dirs(root: Path, directory: Path) -> None:
    """`directory` and its missing parents up to `root` (and `root`), each made 0700:
    `Path.mkdir(parents=True)` would make the parents with the umask's mode."""
    missing: list[Path] = []
    while not directory.is_dir():
        missing.append(directory)
        if directory == root or directory == directory.parent:
            break
        directory = directory.parent
    if missing and missing[-1] == root:  # the operator's path up to the root: as it is
        root.parent.mkdir(parents=True, exist_ok=True)
    for made in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another writer made it meanwhile
            made.mkdir(DIR_MODE)
            os.chmod(made, DIR_MODE)


def _create_private(path: Path) -> BinaryIO:
    """A new file only the owner can read, created with that mode (never widened first)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    return os.fdopen(fd, "wb")


def _flush(handle: object) -> None:
    handle.flush()  # type: ignore[attr-defined]
    os.fsync(handle.fileno())  # type: ignore[attr-defined]
