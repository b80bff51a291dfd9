"""The whatsmeow engine's media, offline: the protobufs a send builds around whatsmeow's
upload answer, what an incoming media message announces and the ref that downloads it
(both ways: what we send, read back as WhatsApp delivers it, names the same file),
whatsmeow's download failures as engine codes, and the file crossing the worker pipe in
chunks both ways (a worker's loop over a socketpair, with a stand-in for neonize)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
from collections.abc import AsyncIterator
from io import BytesIO
from types import SimpleNamespace
from typing import Any

import pytest
from neonize.exc import DownloadError, UploadError
from neonize.proto import Neonize_pb2 as N
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa
from neonize.utils.enum import MediaType, MediaTypeToMMS
from PIL import Image

from connector.engine import (
    MEDIA_KINDS,
    Attachment,
    EngineError,
    EngineEvent,
    OutgoingMedia,
    Quote,
    SentMessage,
)
from connector.engines.whatsmeow import mapping, media_bytes, protocol
from connector.engines.whatsmeow.engine import WhatsmeowEngineKind
from connector.engines.whatsmeow.media import (
    VOICE_MIMETYPE,
    download_args,
    download_error,
    media_message,
)
from connector.engines.whatsmeow.worker import Worker
from connector.engines.whatsmeow.workers import WorkerProcess
from tests.whatsmeow_messages import incoming
from wagate.content import Text
from wagate.deadlines import within

MIMETYPES = {
    "image": "image/jpeg",
    "video": "video/mp4",
    "audio": "audio/mpeg",
    "voice": VOICE_MIMETYPE,
    "document": "application/pdf",
    "sticker": "image/webp",
}
FIELD = {
    "image": "imageMessage",
    "video": "videoMessage",
    "audio": "audioMessage",
    "voice": "audioMessage",
    "document": "documentMessage",
    "sticker": "stickerMessage",
}
MMS = {
    "image": MediaTypeToMMS.MediaImage,
    "sticker": MediaTypeToMMS.MediaImage,
    "video": MediaTypeToMMS.MediaVideo,
    "audio": MediaTypeToMMS.MediaAudio,
    "voice": MediaTypeToMMS.MediaAudio,
    "document": MediaTypeToMMS.MediaDocument,
}


def upload_answer(size: int) -> N.UploadResponse:
    """What whatsmeow's Upload answers: where the file went and its keys."""
    return N.UploadResponse(
        url="https://mmg.whatsapp.net/v/t62.7118-24/123_456.enc?ccb=11-4&oh=01_x&oe=6800&mms3=true",
        DirectPath="/v/t62.7118-24/123_456.enc?ccb=11-4&oh=01_x&oe=6800",
        Handle="",
        MediaKey=bytes(range(32)),
        FileEncSHA256=hashlib.sha256(b"enc").digest(),
        FileSHA256=hashlib.sha256(b"plain").digest(),
        FileLength=size,
    )


def described(kind: str, size: int = 52_113) -> OutgoingMedia:
    return OutgoingMedia(
        kind=kind,
        mimetype=MIMETYPES[kind],
        size_bytes=size,
        sha256=hashlib.sha256(b"plain").hexdigest(),
        caption=f"a {kind}" if kind in ("image", "video", "document") else "",
        filename="invoice.pdf" if kind == "document" else "",
        duration_s=12 if kind in ("video", "audio", "voice") else None,
        width=640 if kind in ("image", "video", "sticker") else None,
        height=480 if kind in ("image", "video", "sticker") else None,
    )


@pytest.mark.parametrize("kind", MEDIA_KINDS)
def test_each_kind_is_built_and_reads_back_as_what_was_sent(kind: str) -> None:
    media, upload = described(kind), upload_answer(52_113)
    quote = Quote("3EB0QUOTED", "447700900123")
    message = media_message(media, upload, quote, now_s=1_763_000_000)
    part = getattr(message, FIELD[kind])
    assert [f.name for f, _ in message.ListFields()] == [FIELD[kind]]
    assert (part.URL, part.directPath, part.mediaKey) == (
        upload.url,
        upload.DirectPath,
        upload.MediaKey,
    )
    assert (part.fileSHA256, part.fileEncSHA256, part.fileLength) == (
        upload.FileSHA256,
        upload.FileEncSHA256,
        52_113,
    )
    assert part.mimetype == MIMETYPES[kind] and part.mediaKeyTimestamp == 1_763_000_000
    assert part.contextInfo.stanzaID == "3EB0QUOTED"
    assert part.contextInfo.participant == "447700900123@s.whatsapp.net"
    if kind == "voice":
        assert part.PTT is True and part.mimetype == "audio/ogg; codecs=opus"
    if kind == "document":
        assert (part.fileName, part.caption) == ("invoice.pdf", "a document")
    message.SerializeToString()  # complete: whatsmeow can encode it

    # as WhatsApp delivers it to the recipient: the same descriptor, and a ref to the file
    received = mapping.incoming_message(incoming(message))
    assert received is not None and received.media is not None
    got = received.media
    assert (got.kind, got.mimetype, got.size_bytes) == (kind, MIMETYPES[kind], 52_113)
    assert (got.caption, got.filename) == (media.caption, media.filename)
    assert received.text == media.caption
    assert got.sha256 == upload.FileSHA256.hex()
    assert got.duration_s == media.duration_s
    assert (got.width, got.height) == (media.width, media.height)
    ref = json.loads(json.dumps(got.ref))  # stored by the connector as JSON
    assert download_args(ref) == (
        upload.DirectPath,
        upload.FileEncSHA256,
        upload.FileSHA256,
        upload.MediaKey,
        52_113,
        MediaType[MMS[kind].name],  # the same names: MediaImage, MediaAudio, ...
        MMS[kind],
    )


def test_a_message_without_a_direct_path_and_wrapped_documents() -> None:
    old = wa.Message(
        imageMessage=wa.ImageMessage(
            URL="https://mmg.whatsapp.net/d/f/Abc.enc?x=1",
            mimetype="image/jpeg",
            fileLength=10,
            mediaKey=bytes(32),
            fileSHA256=bytes(32),
            fileEncSHA256=bytes(32),
        )
    )
    received = mapping.incoming_message(incoming(old))
    assert received is not None and received.media is not None
    assert received.media.ref["directPath"] == "/d/f/Abc.enc?x=1"
    assert received.media.duration_s is None and received.media.width is None
    wrapped = wa.Message(
        documentWithCaptionMessage=wa.FutureProofMessage(
            message=wa.Message(
                documentMessage=wa.DocumentMessage(
                    mimetype="application/pdf", fileName="q.pdf", caption="the quote"
                )
            )
        )
    )
    received = mapping.incoming_message(incoming(wrapped))
    assert received is not None and received.media is not None
    assert (received.text, received.media.filename) == ("the quote", "q.pdf")
    with pytest.raises(EngineError) as failed:
        download_args({"mmsType": "image"})
    assert failed.value.code == "media_corrupt"
    with pytest.raises(EngineError) as failed:
        download_args({**received.media.ref, "directPath": ""})
    assert failed.value.code == "media_expired"


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("download failed with status code 404", "media_expired"),
        ("failed to download: download failed with status code 410", "media_expired"),
        ("download failed with status code 403", "media_expired"),
        ("invalid media hmac", "media_corrupt"),
        ("hash of media ciphertext doesn't match", "media_corrupt"),
        ("hash of media plaintext doesn't match", "media_corrupt"),
        ("file length does not match", "media_corrupt"),
        ("download failed with status code 500", "media_download_failed"),
        ("dial tcp: lookup mmg.whatsapp.net: no such host", "media_download_failed"),
    ],
)
def test_whatsmeows_download_failures_map_to_engine_codes(message: str, code: str) -> None:
    assert download_error(message).code == code


async def _chunks(data: bytes, size: int = 4096) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


class Held:
    def __init__(self, data: bytes) -> None:
        self.data, self.size_bytes = data, len(data)

    def chunks(self) -> AsyncIterator[bytes]:
        return _chunks(self.data)


async def test_a_file_is_read_whole_only_as_described_and_an_image_gets_a_preview() -> None:
    data = b"%PDF" + bytes(10_000)
    media = OutgoingMedia(
        "document", "application/pdf", len(data), hashlib.sha256(data).hexdigest()
    )
    assert await media_bytes.read_whole(media, Held(data)) == data
    for wrong in (
        OutgoingMedia("document", "application/pdf", len(data), hashlib.sha256(b"x").hexdigest()),
        OutgoingMedia("document", "application/pdf", len(data) - 1, media.sha256),
    ):
        with pytest.raises(EngineError) as failed:
            await media_bytes.read_whole(wrong, Held(data))
        assert failed.value.code == "media_corrupt"
    png = BytesIO()
    Image.new("RGB", (800, 400), "red").save(png, format="PNG")
    image = OutgoingMedia("image", "image/png", 0, "")
    preview = await media_bytes.thumbnail(image, png.getvalue())
    with Image.open(BytesIO(preview)) as shown:
        assert (shown.format, max(shown.size)) == ("JPEG", 200)
    assert await media_bytes.thumbnail(image, b"not an image") == b""
    assert await media_bytes.thumbnail(media, data) == b""  # only images have one


class FakeMediaEngine:
    """Stands in for WhatsmeowEngine inside the worker: records what a send read and
    answers downloads from a dict, as neonize would answer them whole."""

    def __init__(self, files: dict[str, bytes], sent: list[bytes]) -> None:
        self._files, self._sent = files, sent

    async def start(self, credentials: dict[str, Any] | None) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def send(self, chat: str, content: Any, message_id: str, quote: Any) -> SentMessage:
        self._sent.append(await media_bytes.read_whole(content.media, content.data))
        return SentMessage("3EB0SENT", 1)

    async def download_media(self, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        body = self._files.get(ref["id"])
        if body is None:
            raise EngineError("media_expired", "gone")
        for start in range(0, len(body), media_bytes.CHUNK_BYTES):
            yield body[start : start + media_bytes.CHUNK_BYTES]


class FakeKind:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.sent: list[bytes] = []

    def create(self, tenant_id: str, sink: Any) -> FakeMediaEngine:
        return FakeMediaEngine(self.files, self.sent)


class WorkerKind:
    setup = ("", "")

    def forget(self, worker: Any) -> None:
        pass


async def test_media_crosses_the_worker_pipe_in_chunks_both_ways() -> None:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    worker_reader, worker_writer = await asyncio.open_unix_connection(sock=theirs)
    kind = FakeKind()
    serving = asyncio.create_task(Worker(kind, worker_writer).serve(worker_reader))  # type: ignore[arg-type]
    process = WorkerProcess(WorkerKind(), 1, pairing=False)  # type: ignore[arg-type]
    reader, process._writer = await asyncio.open_unix_connection(sock=ours)
    process._reading = asyncio.create_task(process._read(reader))
    frames: list[int] = []
    original = protocol.send

    async def counting(writer: asyncio.StreamWriter, message: Any) -> None:
        if isinstance(message, protocol.MediaChunk):
            frames.append(len(message.data))
        await original(writer, message)

    protocol.send = counting  # type: ignore[assignment]
    try:
        await process.request(protocol.Start(1, 7, "co", None), 5)
        big = bytes(range(256)) * (5 * 4096 + 3)  # 5 MiB and a bit: six frames
        media = OutgoingMedia(
            "document", "application/pdf", len(big), hashlib.sha256(big).hexdigest()
        )
        request = protocol.Send(2, 7, "447700900123", media, "3EB0X", None)
        reply = await process.request(request, 5, Held(big))
        assert reply.value == SentMessage("3EB0SENT", 1) and kind.sent == [big]
        assert max(frames) <= media_bytes.CHUNK_BYTES and sum(frames) == len(big)
        kind.files["f"] = big
        frames.clear()
        got = b"".join(
            [c async for c in process.stream(protocol.DownloadMedia(3, 7, {"id": "f"}), 5)]
        )
        assert got == big and len(frames) == 6 and max(frames) <= media_bytes.CHUNK_BYTES
        with pytest.raises(EngineError) as failed:
            async for _ in process.stream(protocol.DownloadMedia(4, 7, {"id": "nope"}), 5):
                pass
        assert failed.value.code == "media_expired"
        # a send the worker refuses at once (wrong size): answered, its chunks dropped
        short = OutgoingMedia("document", "application/pdf", 10, media.sha256)
        reply = await process.request(protocol.Send(5, 7, "1", short, "x", None), 5, Held(big))
        assert reply.failure is not None and reply.failure.code == "media_corrupt"
    finally:
        protocol.send = original  # type: ignore[assignment]
        process._writer.close()
        await within(serving, 5)
        process._reading.cancel()


async def test_the_engine_uploads_sends_and_downloads_through_neonizes_client() -> None:
    """The engine's own calls into neonize's client (Go's answers stood in for): the
    file uploaded whole under its kind's media type, the message sent around the upload,
    a download handed on in chunks, and neonize's failures as engine codes."""
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)

    async def sink(event: EngineEvent) -> None:
        pass

    engine = kind.create("co-media", sink)
    client, _ = kind.new_client("co-media", None)
    engine.listen(client)
    engine._connected = True
    uploads: list[tuple[bytes, MediaType]] = []
    sent: list[tuple[N.JID, wa.Message]] = []

    async def upload(binary: bytes, media_type: MediaType) -> N.UploadResponse:
        uploads.append((binary, media_type))
        return upload_answer(len(binary))

    async def send_message(to: N.JID, message: wa.Message) -> Any:
        sent.append((to, message))
        return SimpleNamespace(ID="3EB0FROMWHATSAPP", Timestamp=1_763_000_000)

    client.upload = upload
    client.send_message = send_message
    try:
        data = b"OggS" + bytes(70_000)
        voice = OutgoingMedia("voice", "audio/ogg", len(data), hashlib.sha256(data).hexdigest())
        quote = Quote("3EB0QUOTED", "447700900555")
        result = await engine.send("447700900555", Attachment(voice, Held(data)), "3EB0OURS", quote)
        assert result == SentMessage("3EB0FROMWHATSAPP", 1_763_000_000_000)
        assert uploads == [(data, MediaType.MediaAudio)]
        to, message = sent[0]
        assert to.User == "447700900555"
        assert message.audioMessage.PTT and message.audioMessage.fileLength == len(data)
        assert message.audioMessage.contextInfo.stanzaID == "3EB0QUOTED"

        # a group id names the group's JID (g.us), for media and text alike
        group = "120363025246125888@g.us"
        await engine.send(group, Attachment(voice, Held(data)), "3EB0TOGROUP")
        await engine.send(group, Text("hello all"), "3EB0TEXTGROUP")
        assert [(to.User, to.Server) for to, _ in sent[1:]] == [("120363025246125888", "g.us")] * 2
        del sent[1:]

        async def refused(binary: bytes, media_type: MediaType) -> N.UploadResponse:
            raise UploadError("failed to upload: server returned 500")

        client.upload = refused
        with pytest.raises(EngineError) as failed:
            await engine.send("447700900555", Attachment(voice, Held(data)), "3EB0OURS2")
        assert failed.value.code == "media_upload_failed" and len(sent) == 1

        received = mapping.incoming_message(incoming(message))
        assert received is not None and received.media is not None
        whole = bytes(range(256)) * 12_000  # just under 3 MiB: three chunks
        asked: list[tuple[Any, ...]] = []

        async def download(*args: Any) -> bytes:
            asked.append(args)
            return whole

        client.download_media_with_path = download
        chunks = [chunk async for chunk in engine.download_media(received.media.ref)]
        assert b"".join(chunks) == whole and len(chunks) == 3
        assert max(len(c) for c in chunks) <= media_bytes.CHUNK_BYTES
        assert asked[0][0] == message.audioMessage.directPath
        assert asked[0][5:] == (MediaType.MediaAudio, MediaTypeToMMS.MediaAudio)

        async def gone(*args: Any) -> bytes:
            raise DownloadError("download failed with status code 410")

        client.download_media_with_path = gone
        with pytest.raises(EngineError) as failed:
            async for _ in engine.download_media(received.media.ref):
                pass
        assert failed.value.code == "media_expired"
    finally:
        await engine.stop()
        await kind.close()
