"""Media through the faults a deployment meets: the connector killed (-9) in the middle of
a media send, the S3 endpoint going away and coming back, the blob directory's disk
filling up. Each on a deployment of its own (real gateway, connector and sim network).

What must hold: a send is made once, and what it stored leaves no blob behind once the
retention sweep has run; a store that fails is a 503 with its code, and the same
processes work again once it is back; a file half-written is never served.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import os
import signal
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest

from connector.media.incoming import MediaInbox
from connector.media.retention import MediaSweeper
from devstack import media_files
from devstack.media_files import FileServer
from devstack.s3_server import ACCESS_KEY, SECRET_KEY, s3_server
from devstack.stack import Stack, deployment
from devstack.tcp_proxy import Proxy
from devstack.waiting import until
from wagate.blobs.local import LocalBlobStore
from wagate.blobs.s3 import S3BlobStore
from wagate.sealing import Sealer


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def _inbox(stack: Stack, c: httpx.AsyncClient, phone: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = (await c.get(f"{stack.sim}/phones/{phone}/messages")).json()[
        "messages"
    ]
    return messages


async def _send_document(
    stack: Stack, c: httpx.AsyncClient, tenant: str, to: str, data: bytes, url: str | None
) -> httpx.Response:
    if url is not None:
        body = {"to": to, "url": url, "mimetype": "application/pdf"}
        return await stack.call(c, "POST", tenant, "messages/document", json=body)
    return await stack.call(
        c, "POST", tenant, "messages/document", data={"to": to},
        files={"file": ("a.pdf", data, "application/pdf")},
    )  # fmt: skip


async def _phone_sends_image(
    stack: Stack, c: httpx.AsyncClient, phone: str, tenant: str, number: str, data: bytes
) -> str:
    """The media id of an image the phone sends the tenant, from its `message` event."""
    async with stack.events(tenant) as events:
        r = await c.post(
            f"{stack.sim}/phones/{phone}/media",
            json={"to": number, "kind": "image", "mimetype": "image/png",
                  "data": base64.b64encode(data).decode()},
        )  # fmt: skip
        assert r.status_code == 201, r.text
        event = await events.until("message")
    return str(event["data"]["media"]["id"])


def _refused_as(r: httpx.Response, status: int, code: str) -> None:
    assert (r.status_code, r.json().get("code")) == (status, code), r.text


# ---- kill -9 of the connector mid-send ----------------------------------------------


@pytest.fixture(scope="module")
async def own_stack() -> AsyncIterator[Stack]:
    """A deployment of these tests alone: the shared one holds every earlier test's
    sessions, and a restarted connector restores them at 20 a second, so this tenant's
    session could still be starting when the re-run send gives up waiting (5 s here)."""
    async with deployment() as s:
        yield s


@pytest.mark.parametrize("how", ["url", "upload"])
async def test_kill_9_mid_media_send_sends_once_and_leaves_no_blob_after_the_sweep(
    own_stack: Stack, files: FileServer, client: httpx.AsyncClient, how: str
) -> None:
    stack = own_stack
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    data = media_files.pdf(50_000)
    url = files.add(f"killed-{_sha(data)[:12]}", data, "application/pdf") if how == "url" else None
    # WhatsApp takes the message at once but acknowledges it only after 2 s
    await stack.fault(client, number, "slow", seconds=4, delay_ms=2000)
    send = asyncio.create_task(_send_document(stack, client, tenant, friend, data, url))

    async def arrived() -> list[dict[str, Any]]:
        return await _inbox(stack, client, friend)

    await until(arrived, "the document to reach the phone")
    await stack.restart_connector(signal.SIGKILL)  # between "sent" and "acknowledged"
    response = await send  # the next connector runs the command again and answers it
    assert response.status_code == 200, response.text
    # the answer comes after the re-run's send: a second copy would be in the inbox now
    inbox = await _inbox(stack, client, friend)
    assert [m["id"] for m in inbox] == [response.json()["messageId"]]
    assert response.json()["sha256"] == _sha(data)
    await _sweep_everything_of(stack, tenant)
    left = _files_of(Path(stack.env["WAGATE_BLOB_DIR"]), tenant)
    assert left == [], left


def _files_of(root: Path, tenant: str) -> list[Path]:
    """The tenant's blobs and any write left unfinished (anyone's `.part-*`)."""
    return [
        p
        for p in root.rglob("*")
        if p.is_file() and (tenant in p.parts or p.name.startswith(".part-"))
    ]


async def _sweep_everything_of(stack: Stack, tenant: str) -> None:
    """The connector's retention sweep, run here on the same database and directory,
    once the tenant's media has expired (an upload is kept an hour after its send)."""
    pool = await asyncpg.create_pool(stack.env["DATABASE_URL"], min_size=1, max_size=2)
    try:
        await pool.execute(
            "UPDATE media SET expires_at = now() - interval '1 second' WHERE tenant_id = $1",
            tenant,
        )
        blobs = LocalBlobStore(stack.env["WAGATE_BLOB_DIR"])
        inbox = MediaInbox(
            pool, blobs, Sealer(stack.settings.credentials_keys),
            mode="request", retention_hours=1,
        )  # fmt: skip
        await MediaSweeper(pool, blobs, inbox).sweep_once()
        left = await pool.fetchval("SELECT count(*) FROM media WHERE tenant_id = $1", tenant)
        assert left == 0
    finally:
        await pool.close()


# ---- the S3 endpoint away, then back -------------------------------------------------


@pytest.fixture
async def s3_behind_proxy() -> AsyncIterator[tuple[Stack, Proxy, int]]:
    """A deployment on S3 (moto) reached through a TCP proxy the test can kill and
    bring back on the same port; and moto's own port."""
    with s3_server() as endpoint:
        moto_port = int(urlsplit(endpoint).port or 0)
        proxy = Proxy("127.0.0.1", moto_port)
        proxied = f"http://127.0.0.1:{proxy.port}"
        bucket = S3BlobStore(
            endpoint=proxied, bucket="wagate-outage", region="us-east-1",
            access_key=ACCESS_KEY, secret_key=SECRET_KEY,
        )  # fmt: skip
        try:
            await bucket.ensure_bucket()
            await bucket.close()
            async with deployment(
                WAGATE_BLOB_STORE="s3",
                WAGATE_BLOB_DIR="/nonexistent/not-used",
                WAGATE_S3_ENDPOINT=proxied,
                WAGATE_S3_BUCKET="wagate-outage",
                WAGATE_S3_ACCESS_KEY=ACCESS_KEY,
                WAGATE_S3_SECRET_KEY=SECRET_KEY,
                WAGATE_MEDIA_DOWNLOAD="request",
                # S3 refusing connections is declared after the client's retries (~4 s),
                # and a URL send or a download waits for that in the connector
                WAGATE_COMMAND_TIMEOUT="30",
            ) as stack:
                yield stack, proxy, moto_port
        finally:
            proxy.kill()


async def test_s3_away_is_503_and_back_is_served_without_a_restart(
    s3_behind_proxy: tuple[Stack, Proxy, int], files: FileServer, client: httpx.AsyncClient
) -> None:
    stack, proxy, moto_port = s3_behind_proxy
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    image = media_files.png(20_000)
    media_id = await _phone_sends_image(stack, client, friend, tenant, number, image)
    data = media_files.pdf(30_000)
    url = files.add(f"s3-{_sha(data)[:12]}", data, "application/pdf")

    proxy.kill()  # S3 is away: every connection to it is refused
    for how in (None, url):  # the gateway stores an upload, the connector a URL's file
        r = await _send_document(stack, client, tenant, friend, data, how)
        _refused_as(r, 503, "blob_store_unavailable")
    r = await stack.call(client, "GET", tenant, f"media/{media_id}")  # downloaded on request
    _refused_as(r, 503, "blob_store_unavailable")
    assert await _inbox(stack, client, friend) == []  # nothing went out

    back = Proxy("127.0.0.1", moto_port, listen_port=proxy.port)
    try:
        for how in (None, url):
            r = await _send_document(stack, client, tenant, friend, data, how)
            assert r.status_code == 200 and r.json()["sha256"] == _sha(data), r.text
        r = await stack.call(client, "GET", tenant, f"media/{media_id}")
        assert r.status_code == 200 and r.content == image, r.text
    finally:
        back.kill()
    assert stack.procs["gateway"].poll() is None and stack.procs["connector"].poll() is None


# ---- the blob directory's disk full --------------------------------------------------


@contextlib.contextmanager
def tiny_filesystem(size: str = "1m") -> Iterator[Path]:
    """A tmpfs of `size` mounted under a temporary directory for the test, unmounted
    after (mounting needs root: CI and the dev container run as root)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a 1 MB tmpfs for the blob directory needs root")
    where = Path(tempfile.mkdtemp(prefix="wagate-test-full-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
        with contextlib.suppress(OSError):
            where.rmdir()


def _leave_free(directory: Path, free_bytes: int) -> Path:
    """Fill the filesystem under `directory` until about `free_bytes` are left."""
    stats = os.statvfs(directory)
    filler = directory / "filler"
    filler.write_bytes(bytes(max(0, stats.f_bavail * stats.f_frsize - free_bytes)))
    return filler


def _parts_and_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != "filler")


@pytest.fixture
async def full_disk_stack() -> AsyncIterator[tuple[Stack, Path]]:
    with tiny_filesystem() as blob_dir:
        async with deployment(
            WAGATE_BLOB_DIR=str(blob_dir), WAGATE_MEDIA_DOWNLOAD="request"
        ) as stack:
            yield stack, blob_dir


async def test_a_full_blob_disk_is_503_and_nothing_half_written_is_served(
    full_disk_stack: tuple[Stack, Path], client: httpx.AsyncClient
) -> None:
    stack, blob_dir = full_disk_stack
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    # an upload bigger than the disk: refused as the store failing, nothing left of it
    big = media_files.pdf(1_500_000)
    r = await _send_document(stack, client, tenant, friend, big, None)
    _refused_as(r, 503, "blob_store_unavailable")
    assert _parts_and_files(blob_dir) == []
    pg = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:
        assert await pg.fetchval("SELECT count(*) FROM media WHERE tenant_id = $1", tenant) == 0
    finally:
        await pg.close()
    # an incoming image downloaded onto a disk with room for a part of it only
    image = media_files.png(300_000)
    media_id = await _phone_sends_image(stack, client, friend, tenant, number, image)
    filler = _leave_free(blob_dir, 64 * 1024)
    for _ in range(2):  # and again: the failure is not remembered as the media's fate
        r = await stack.call(client, "GET", tenant, f"media/{media_id}")
        _refused_as(r, 503, "blob_store_unavailable")
        assert _parts_and_files(blob_dir) == []
    filler.unlink()  # room again: the same processes store and serve it whole
    r = await stack.call(client, "GET", tenant, f"media/{media_id}")
    assert r.status_code == 200 and r.content == image, r.status_code
    r = await _send_document(stack, client, tenant, friend, media_files.pdf(200_000), None)
    assert r.status_code == 200, r.text
