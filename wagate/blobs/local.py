"""The local-directory backend: one file per blob, written atomically.

A blob is written to a temporary file in the same directory, flushed, then renamed over
its key, so a reader sees the whole old blob or the whole new one, never a torn one, and
a crash leaves at most a `.part-*` file (swept by age). File I/O runs in a worker thread,
so the event loop never waits on the disk, in batches of CHUNK_BYTES: each hop to a
thread costs CPU, and an upload arrives in many small pieces, so a blob under one batch
is written (directories, file, fsync, rename) in one hop and read in one.

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
        part = _PartFile(self.root, path.with_name(f".part-{secrets.token_hex(8)}-{path.name}"))
        digest = Digest(max_bytes)
        try:
            async for chunk in chunks:
                digest.add(chunk)
                if part.add(chunk):
                    await asyncio.to_thread(part.write, part.take())
            await asyncio.to_thread(part.commit, part.take(), path)
        except BaseException:
            part.abandon()
            raise
        return digest.info()

    async def get(self, key: str) -> AsyncIterator[bytes]:
        path = self._path(key)
        try:
            handle, chunk = await asyncio.to_thread(_open_and_read, path)
        except FileNotFoundError:
            raise BlobMissing(key) from None
        except OSError as e:
            raise BlobUnavailable(f"the blob directory cannot be read: {e}") from None
        try:
            # a buffered read of a regular file is short only at its end
            while chunk:
                yield chunk
                if len(chunk) < CHUNK_BYTES:
                    break
                with _unavailable("read"):
                    chunk = await asyncio.to_thread(handle.read, CHUNK_BYTES)
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


class _PartFile:
    """A blob's temporary file, fed in batches: the event loop gathers the pieces (`add`,
    `take`), a worker thread writes each batch, the first one making the directories
    and the file, and `commit` writes the last, fsyncs and renames it over the key."""

    def __init__(self, root: Path, part: Path) -> None:
        self._root, self._part = root, part
        self._handle: BinaryIO | None = None
        self._pieces: list[bytes] = []
        self._gathered = 0

    def add(self, piece: bytes) -> bool:
        """Gather `piece`; whether a batch is ready to write."""
        self._pieces.append(piece)
        self._gathered += len(piece)
        return self._gathered >= CHUNK_BYTES

    def take(self) -> bytes:
        batch = b"".join(self._pieces)
        self._pieces, self._gathered = [], 0
        return batch

    def write(self, batch: bytes) -> None:
        """In a worker thread."""
        if self._handle is None:
            with _unavailable("open"):
                _make_dirs(self._root, self._part.parent)
                self._handle = _create_private(self._part)
        with _unavailable("write"):
            self._handle.write(batch)

    def commit(self, batch: bytes, path: Path) -> None:
        """In a worker thread: the last batch, durable on disk, then under its key."""
        self.write(batch)
        assert self._handle is not None
        with _unavailable("write"):
            _flush(self._handle)
            self._handle.close()
            os.replace(self._part, path)

    def abandon(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._part.unlink(missing_ok=True)


def _open_and_read(path: Path) -> tuple[BinaryIO, bytes]:
    """The blob opened, and its first chunk (all of it, for most media)."""
    handle = open(path, "rb")  # closed by `get` once the blob is read
    try:
        return handle, handle.read(CHUNK_BYTES)
    except BaseException:
        handle.close()
        raise


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
