"""The blob store, both backends through one interface: a local directory, and S3 over
HTTP against moto's S3 server running as its own process (devstack/s3_server.py).

Streaming both ways, all-or-nothing puts (a cap passed or a stream that fails stores
nothing and leaves no part behind), multipart uploads past one part (S3), and a blob
that is not there."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from devstack.s3_server import ACCESS_KEY, SECRET_KEY, s3_server
from wagate.blobs import CHUNK_BYTES, BlobMissing, BlobStore, BlobTooLarge, BlobUnavailable
from wagate.blobs.local import LocalBlobStore
from wagate.blobs.s3 import PART_BYTES, S3BlobStore

T = TypeVar("T")


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture(params=["local", "s3"])
async def blobs(
    request: pytest.FixtureRequest, tmp_path: Path, s3_endpoint: str
) -> AsyncIterator[BlobStore]:
    store: BlobStore
    if request.param == "local":
        store = LocalBlobStore(tmp_path / "blobs")
    else:
        s3 = S3BlobStore(
            endpoint=s3_endpoint,
            bucket="wagate-test",
            region="us-east-1",
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            prefix="deployment-a",
        )
        await s3.ensure_bucket()
        store = s3
    yield store
    await store.close()


async def _chunks(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def _read(blobs: BlobStore, key: str) -> tuple[bytes, int]:
    """The blob's bytes, and how many chunks they came in."""
    parts = [chunk async for chunk in blobs.get(key)]
    return b"".join(parts), len(parts)


async def test_put_get_stat_delete(blobs: BlobStore) -> None:
    data = os.urandom(700_000)
    info = await blobs.put("in/co-1/med_1", _chunks(data))
    assert (info.size_bytes, info.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert info.head == data[:4096]
    got, chunks = await _read(blobs, "in/co-1/med_1")
    assert got == data and chunks > 1  # streamed, not one piece
    assert await blobs.stat("in/co-1/med_1") == len(data)
    replaced = os.urandom(10)
    await blobs.put("in/co-1/med_1", _chunks(replaced))
    assert (await _read(blobs, "in/co-1/med_1"))[0] == replaced
    await blobs.delete("in/co-1/med_1")
    assert await blobs.stat("in/co-1/med_1") is None
    with pytest.raises(BlobMissing):
        await _read(blobs, "in/co-1/med_1")
    await blobs.delete("in/co-1/med_1")  # deleting what is gone is fine


async def test_a_put_past_its_cap_or_failing_stores_nothing(
    blobs: BlobStore, tmp_path: Path
) -> None:
    data = os.urandom(300_000)
    with pytest.raises(BlobTooLarge):
        await blobs.put("out/co-1/big", _chunks(data), max_bytes=len(data) - 1)
    assert await blobs.stat("out/co-1/big") is None

    async def broken() -> AsyncIterator[bytes]:
        yield b"x" * 1000
        raise ConnectionResetError("the client went away")

    with pytest.raises(ConnectionResetError):
        await blobs.put("out/co-1/cut", broken())
    assert await blobs.stat("out/co-1/cut") is None
    if isinstance(blobs, LocalBlobStore):
        assert not list(blobs.root.rglob(".part-*"))  # no temporary file left behind


async def test_keys_cannot_escape(blobs: BlobStore) -> None:
    for key in ("../etc/passwd", "/abs", "a/../../b", "a b", ""):
        with pytest.raises(ValueError):
            await blobs.put(key, _chunks(b"x"))


async def test_s3_multipart_upload_streams_in_parts(s3_endpoint: str) -> None:
    s3 = S3BlobStore(
        endpoint=s3_endpoint,
        bucket="wagate-multipart",
        region="us-east-1",
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
    )
    try:
        await s3.ensure_bucket()
        data = os.urandom(2 * PART_BYTES + 12345)  # three parts, the last one short
        info = await s3.put("out/co-2/doc", _chunks(data, 1024 * 1024))
        assert info.sha256 == hashlib.sha256(data).hexdigest()
        got, _ = await _read(s3, "out/co-2/doc")
        assert got == data
        # past the cap in the second part: the multipart upload is aborted, nothing kept
        with pytest.raises(BlobTooLarge):
            await s3.put("out/co-2/over", _chunks(data, 1024 * 1024), max_bytes=PART_BYTES + 1)
        assert await s3.stat("out/co-2/over") is None
    finally:
        await s3.close()


async def test_local_sweep_removes_only_old_leftover_parts(tmp_path: Path) -> None:
    blobs = LocalBlobStore(tmp_path)
    await blobs.put("in/co-1/kept", _chunks(b"kept"))
    (tmp_path / "in" / "co-1" / ".part-dead-x").write_bytes(b"cut short by a crash")
    os.utime(tmp_path / "in" / "co-1" / ".part-dead-x", (0, 0))
    (tmp_path / "in" / "co-1" / ".part-live-y").write_bytes(b"being written now")
    assert await blobs.sweep_parts(older_than_s=3600) == 1
    assert sorted(p.name for p in (tmp_path / "in" / "co-1").iterdir()) == [
        ".part-live-y",
        "kept",
    ]


async def test_a_store_that_fails_says_unavailable(tmp_path: Path) -> None:
    """A disk that fails (here: a directory that cannot be made) is BlobUnavailable, which
    the gateway answers 503 and the connector as a refusal code (S3 unreachable: the
    end-to-end test in tests/e2e/test_media_s3.py)."""
    (tmp_path / "file").write_bytes(b"x")
    store = LocalBlobStore(tmp_path / "file" / "blobs")  # under a file: no directory there
    with pytest.raises(BlobUnavailable):
        await store.put("out/t/x", _chunks(b"data"))
    with pytest.raises(BlobUnavailable):
        async for _ in store.get("out/t/x"):
            pass


async def test_local_blobs_are_readable_by_the_service_user_only(tmp_path: Path) -> None:
    """Files 0600 and the directories the store makes 0700, under the usual 022 umask;
    the directory above the store's root is the operator's and left as it is."""
    old_umask = os.umask(0o022)
    try:
        blobs = LocalBlobStore(tmp_path / "deploy" / "blobs")
        await blobs.put("in/co-1/med_1", _chunks(b"private"))
        await blobs.put("out/co-1/upload", _chunks(b"private too"))
    finally:
        os.umask(old_umask)
    root = tmp_path / "deploy" / "blobs"
    for made in (root, root / "in", root / "in" / "co-1", root / "out" / "co-1"):
        assert made.stat().st_mode & 0o777 == 0o700, made
    for blob in (root / "in" / "co-1" / "med_1", root / "out" / "co-1" / "upload"):
        assert blob.stat().st_mode & 0o777 == 0o600, blob
    assert (tmp_path / "deploy").stat().st_mode & 0o777 == 0o755


async def test_local_blobs_go_to_the_disk_in_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each hop to a worker thread costs CPU, and an upload arrives in small pieces: a
    100 KB image in 16 KB pieces is stored in one hop and read back in one; a larger
    blob still streams, one hop per CHUNK_BYTES batch (never the whole file at once)."""
    hops: list[str] = []
    to_thread = asyncio.to_thread

    async def counted(func: Callable[..., T], /, *args: object) -> T:
        hops.append(getattr(func, "__name__", repr(func)))
        return await to_thread(func, *args)

    monkeypatch.setattr(asyncio, "to_thread", counted)
    blobs = LocalBlobStore(tmp_path)
    image = os.urandom(100 * 1024)
    await blobs.put("out/co-1/small", _chunks(image, 16 * 1024))
    assert len(hops) == 1, hops
    hops.clear()
    assert await _read(blobs, "out/co-1/small") == (image, 1)
    assert len(hops) == 1, hops

    hops.clear()
    big = os.urandom(5 * CHUNK_BYTES + 1000)
    await blobs.put("out/co-1/big", _chunks(big, 16 * 1024))
    assert len(hops) == 6, hops  # five full batches, then the rest with the commit
    hops.clear()
    assert await _read(blobs, "out/co-1/big") == (big, 6)
    assert len(hops) == 6, hops
