"""A media send command in the connector core: the session, the message log and the
engine are the core's fakes; the file comes from a real local HTTP server into a real
blob directory, and voice notes go through the real ffmpeg. No database: the URL path
needs none.

What it holds: a send whose file cannot be had sends nothing and leaves the command free
to run again; what the connector made for a command (the fetched file, the converted
note) is deleted after it; the engine gets the file byte-exact, in chunks."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from connector.commands import CommandHandler
from connector.engine import Connected, EngineError, Paired
from connector.health import HealthMonitor
from connector.media.sending import MediaSending
from connector.media.url_fetch import UrlFetcher
from connector.media.voice import VoiceConverter
from devstack import media_files
from devstack.media_files import FileServer, file_server
from tests.core_fakes import Core
from tests.inproc import migrated_pool
from tests.pictures import jpeg
from wagate.blobs.local import LocalBlobStore
from wagate.bus import Command, MediaSent, SendMessage
from wagate.config import Settings
from wagate.content import MediaFile
from wagate.tables import media

FRIEND = "79005550123"


@pytest.fixture
async def files() -> AsyncIterator[FileServer]:
    async with file_server() as server:
        yield server


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


async def _handler(core: Core, blobs: LocalBlobStore, ffmpeg: str = "ffmpeg") -> Any:
    pool = core.pool()
    await pool.initialize("c-media")
    await core.kind.latest.emit(Paired("79001234567", {"keys": "c-media"}))
    await core.kind.latest.emit(Connected("79001234567"))
    fetcher = UrlFetcher(timeout_s=2, allow_private=True, per_tenant=4, max_connections=8)
    sending = MediaSending(Settings(), None, blobs, fetcher, VoiceConverter(ffmpeg))  # type: ignore[arg-type]
    handler = CommandHandler(pool, core.metrics, HealthMonitor(pool, 60, 5), 1.0, sending)
    return handler, fetcher


async def test_a_url_that_fails_sends_nothing_and_the_command_may_run_again(
    tmp_path: Path, files: FileServer
) -> None:
    core, blobs = Core(), LocalBlobStore(tmp_path)
    handler, fetcher = await _handler(core, blobs)
    try:
        command = Command.of(
            "c-media",
            SendMessage(FRIEND, MediaFile(kind="document", url=files.url("/status/500"))),
        )
        reply = await handler.handle(command)
        assert (reply.ok, reply.code) == (False, "media_fetch_failed")
        assert core.store.sends == {} and core.kind.latest.sent_media == []
        # the same command once the file is there: sent, byte-exact, its copy gone
        data = media_files.pdf(600_000)
        fixed = Command(command.type, command.tenant_id, SendMessage(FRIEND, MediaFile(
            kind="document", url=files.add("doc", data, "application/pdf"),
            filename="a.pdf", caption="here",
        )), id=command.id)  # fmt: skip
        reply = await handler.handle(fixed)
        assert reply.ok, reply
        sent = reply.result(MediaSent)
        to, media, body, message_id, _ = core.kind.latest.sent_media[0]
        assert (to, body, message_id) == (FRIEND, data, sent.message_id)
        assert (media.kind, media.mimetype, media.filename, media.caption) == (
            "document", "application/pdf", "a.pdf", "here"
        )  # fmt: skip
        assert media.sha256 == hashlib.sha256(data).hexdigest() == sent.sha256
        assert not _files(tmp_path)  # the fetched copy is gone
        # a re-delivered command is answered from the log, not fetched or sent again
        again = await handler.handle(fixed)
        assert again.result(MediaSent).message_id == sent.message_id
        assert len(core.kind.latest.sent_media) == 1
    finally:
        await fetcher.aclose()


async def test_voice_notes_are_converted_or_refused_without_ffmpeg(
    tmp_path: Path, files: FileServer
) -> None:
    wav = files.add("note.wav", media_files.wav(), "audio/wav")
    core, blobs = Core(), LocalBlobStore(tmp_path)
    handler, fetcher = await _handler(core, blobs)
    try:
        reply = await handler.handle(
            Command.of("c-media", SendMessage(FRIEND, MediaFile(kind="voice", url=wav)))
        )
        sent = reply.result(MediaSent)
        assert sent.converted and sent.mimetype == "audio/ogg; codecs=opus"
        body = core.kind.latest.sent_media[0][2]
        assert body.startswith(b"OggS") and b"OpusHead" in body[:128]
        assert not _files(tmp_path)  # fetched and converted copies are gone
    finally:
        await fetcher.aclose()

    core = Core()
    handler, fetcher = await _handler(core, blobs, ffmpeg="/nonexistent/ffmpeg")
    try:
        reply = await handler.handle(
            Command.of("c-media", SendMessage(FRIEND, MediaFile(kind="voice", url=wav)))
        )
        assert (reply.ok, reply.code) == (False, "voice_conversion_unavailable")
        assert core.store.sends == {} and core.kind.latest.sent_media == []
    finally:
        await fetcher.aclose()


async def test_a_url_the_connector_gets_unchecked_is_refused_with_a_code(
    tmp_path: Path, files: FileServer
) -> None:
    """A command queued without the gateway's shape check (an older gateway, a replayed
    stream entry): hosts httpx refuses, and redirects to other schemes, are each
    `url_not_allowed`, never internal_error; nothing is sent or kept."""
    urls = [
        f"http://{host}/a.pdf"
        for host in ("0177.0.0.1", "127.000.000.001", "\u2460.com", "xn--a", "exa\u200bmple.com")
    ] + [
        files.add_redirect(f"r{i}", location)
        for i, location in enumerate(("data:,hi", "javascript:alert(1)", "http://xn--zz-/"))
    ]
    core, blobs = Core(), LocalBlobStore(tmp_path)
    handler, fetcher = await _handler(core, blobs)
    try:
        for url in urls:
            reply = await handler.handle(
                Command.of("c-media", SendMessage(FRIEND, MediaFile(kind="document", url=url)))
            )
            assert (reply.ok, reply.code) == (False, "url_not_allowed"), (url, reply)
        assert core.store.sends == {} and core.kind.latest.sent_media == []
        assert not _files(tmp_path)
    finally:
        await fetcher.aclose()


async def test_an_upload_read_whole_for_a_profile_picture_or_named_gone(tmp_path: Path) -> None:
    """A picture's bytes come from the upload the gateway stored; one whose row or blob
    is gone is media_not_found, never a crash of the command."""
    picture, tenant = jpeg(640, 480), "co-pic"
    sha = hashlib.sha256(picture).hexdigest()
    blobs = LocalBlobStore(tmp_path)

    async def one_chunk() -> AsyncIterator[bytes]:
        yield picture

    async with migrated_pool() as pool:
        await blobs.put("uploads/pic", one_chunk())
        row = media.MediaRow(
            id=media.outgoing_id(tenant, sha), tenant_id=tenant, direction="out", kind="image",
            mimetype="image/jpeg", size_bytes=len(picture), sha256=sha, blob_key="uploads/pic",
            expires_at=datetime.now(UTC) + timedelta(hours=1),
        )  # fmt: skip
        await media.keep_upload(pool, row)
        sending = MediaSending(Settings(), pool, blobs, None, None)  # type: ignore[arg-type]
        assert await sending.upload_bytes(tenant, sha, "image") == picture
        with pytest.raises(EngineError) as unknown:
            await sending.upload_bytes(tenant, "0" * 64, "image")
        assert unknown.value.code == "media_not_found"
        await blobs.delete("uploads/pic")  # swept while the row stays
        with pytest.raises(EngineError) as swept:
            await sending.upload_bytes(tenant, sha, "image")
        assert swept.value.code == "media_not_found"
