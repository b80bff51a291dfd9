"""The sim engine's media against a real sim server over real sockets (in process, one
server for the module): each kind it sends reaches the phone byte-exact, as the phone
decrypted it; each kind a phone sends arrives as an IncomingMessage whose ref downloads
the exact bytes; expired and corrupted media fail with their codes."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pytest
from hypercorn.asyncio import serve

from connector.engine import (
    MEDIA_KINDS,
    Attachment,
    Connected,
    EngineError,
    EngineEvent,
    IncomingMessage,
    OutgoingMedia,
    QrCode,
    Quote,
)
from connector.engines.sim import SimEngine, SimEngineKind
from devstack.stack import free_port
from simnet.media_host import MediaHost
from simnet.network import Network
from simnet.server import create_app
from wagate.deadlines import within
from wagate.serving import hypercorn_config

TENANT, PHONE = "79007770001", "79007770002"
T = TypeVar("T")

# each kind with a mimetype and a size that is not a multiple of the cipher's block
KINDS: dict[str, tuple[str, int]] = {
    "image": ("image/jpeg", 100_003),
    "video": ("video/mp4", 700_001),
    "audio": ("audio/mpeg", 33_333),
    "voice": ("audio/ogg; codecs=opus", 12_345),
    "document": ("application/pdf", 250_017),
    "sticker": ("image/webp", 9_999),
}
assert set(KINDS) == set(MEDIA_KINDS)


@dataclass
class Bytes:
    """MediaBytes over bytes in memory, read in 64 KiB chunks as the blob store's are."""

    data: bytes
    reads: int = 0

    @property
    def size_bytes(self) -> int:
        return len(self.data)

    async def chunks(self) -> AsyncIterator[bytes]:
        self.reads += 1
        for start in range(0, len(self.data), 65536):
            yield self.data[start : start + 65536]


def outgoing(kind: str, data: bytes, **extra: Any) -> OutgoingMedia:
    mimetype = KINDS[kind][0]
    return OutgoingMedia(kind, mimetype, len(data), hashlib.sha256(data).hexdigest(), **extra)


@dataclass
class Sim:
    network: Network
    control: httpx.AsyncClient
    engine: SimEngine
    kind: SimEngineKind
    events: asyncio.Queue[EngineEvent]

    async def next_event(self, of: type[T]) -> T:
        while True:
            event = await within(self.events.get(), 10)
            if isinstance(event, of):
                return event

    async def inbox_entry(self, message_id: str) -> dict[str, Any]:
        """The phone's inbox entry once the phone finished downloading it."""
        async with asyncio.timeout(10):
            while True:
                inbox = (await self.control.get(f"/phones/{PHONE}/messages")).json()
                entry = next((m for m in inbox["messages"] if m["id"] == message_id), None)
                if entry is not None and entry["media"]["status"] != "downloading":
                    return entry
                await asyncio.sleep(0.02)


@pytest.fixture(scope="module")
async def sim() -> AsyncIterator[Sim]:
    network = Network(media=MediaHost(max_bytes=64 * 1024**2))
    port = free_port()
    stop = asyncio.Event()
    server = asyncio.create_task(
        serve(  # type: ignore[arg-type]
            create_app(network), hypercorn_config("127.0.0.1", port, 1), shutdown_trigger=stop.wait
        )
    )
    control = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10)
    await _until(lambda: _answers(control))
    for number in (TENANT, PHONE):
        await control.post("/phones", json={"phone": number})
    kind = SimEngineKind(f"ws://127.0.0.1:{port}/ws")
    events: asyncio.Queue[EngineEvent] = asyncio.Queue()
    engine = kind.create("co-media", lambda event: _put(events, event))
    sim = Sim(network, control, engine, kind, events)
    await engine.start(None)
    qr = await sim.next_event(QrCode)
    assert (await control.post(f"/phones/{TENANT}/link", json={"qr": qr.code})).status_code == 200
    await sim.next_event(Connected)
    yield sim
    await engine.stop()
    await kind.close()
    await control.aclose()
    stop.set()
    await within(server, 10)
    network.media.close()


async def _put(queue: asyncio.Queue[EngineEvent], event: EngineEvent) -> None:
    queue.put_nowait(event)


async def _answers(control: httpx.AsyncClient) -> bool:
    try:
        return (await control.get("/stats")).status_code == 200
    except httpx.TransportError:
        return False


async def _until(check: Callable[[], Awaitable[bool]]) -> None:
    async with asyncio.timeout(10):
        while True:
            if await check():
                return
            await asyncio.sleep(0.02)


async def test_each_kind_sent_reaches_the_phone_byte_exact(sim: Sim) -> None:
    for kind, (mimetype, size) in KINDS.items():
        data = random.Random(kind).randbytes(size)
        extra: dict[str, Any] = {}
        if kind in ("image", "video", "document"):
            extra["caption"] = f"a {kind}"
        if kind == "document":
            extra["filename"] = "invoice.pdf"
        if kind in ("video", "audio", "voice"):
            extra["duration_s"] = 7
        if kind in ("image", "video", "sticker"):
            extra.update(width=512, height=384)
        bytes_ = Bytes(data)
        message_id = sim.kind.new_message_id()
        sent = await sim.engine.send(
            PHONE, Attachment(outgoing(kind, data, **extra), bytes_), message_id
        )
        assert sent.message_id == message_id and bytes_.reads == 1  # read once, streamed
        entry = await sim.inbox_entry(message_id)
        media = entry["media"]
        assert media["status"] == "ok", media
        assert media["sha256"] == hashlib.sha256(data).hexdigest()  # what the phone decrypted
        assert (media["kind"], media["mimetype"], media["size"]) == (kind, mimetype, size)
        assert media["caption"] == extra.get("caption", "") == entry["text"]
        assert media["filename"] == extra.get("filename", "")
        fetched = await sim.control.get(f"/phones/{PHONE}/media/{message_id}")
        assert fetched.content == data


async def test_a_media_reply_and_a_repeated_send_go_once(sim: Sim) -> None:
    data = b"OggS" + bytes(5000)
    media = outgoing("voice", data, caption="a voice note has no caption on WhatsApp")
    message_id = sim.kind.new_message_id()
    quote = Quote("3EB0QUOTEDMESSAGE1", PHONE)
    first = await sim.engine.send(PHONE, Attachment(media, Bytes(data)), message_id, quote)
    # the connector crashed after the send and sends it again under the same id
    again = await sim.engine.send(PHONE, Attachment(media, Bytes(data)), message_id, quote)
    assert (again.message_id, again.timestamp_ms) == (first.message_id, first.timestamp_ms)
    inbox = (await sim.control.get(f"/phones/{PHONE}/messages")).json()["messages"]
    copies = [m for m in inbox if m["id"] == message_id]
    assert len(copies) == 1
    assert copies[0]["quoted"] == {"id": "3EB0QUOTEDMESSAGE1", "from": PHONE}
    entry = await sim.inbox_entry(message_id)
    assert (entry["media"]["kind"], entry["media"]["caption"], entry["text"]) == ("voice", "", "")


async def test_bytes_that_are_not_the_file_described_are_not_sent(sim: Sim) -> None:
    before = len((await sim.control.get(f"/phones/{PHONE}/messages")).json()["messages"])
    data = bytes(1000)
    wrong_hash = OutgoingMedia("image", "image/jpeg", 1000, hashlib.sha256(b"other").hexdigest())
    with pytest.raises(EngineError) as failed:
        await sim.engine.send(PHONE, Attachment(wrong_hash, Bytes(data)), sim.kind.new_message_id())
    assert failed.value.code == "media_corrupt"

    class Short(Bytes):  # the store has fewer bytes than it said
        @property
        def size_bytes(self) -> int:
            return len(self.data) + 10

    with pytest.raises(EngineError) as failed:
        await sim.engine.send(
            PHONE, Attachment(outgoing("image", data), Short(data)), sim.kind.new_message_id()
        )
    assert failed.value.code == "media_corrupt"
    after = len((await sim.control.get(f"/phones/{PHONE}/messages")).json()["messages"])
    assert after == before


async def test_each_kind_a_phone_sends_arrives_and_downloads_byte_exact(sim: Sim) -> None:
    for kind, (mimetype, size) in KINDS.items():
        data = random.Random(f"in-{kind}").randbytes(size)
        body: dict[str, Any] = {
            "to": TENANT,
            "kind": kind,
            "mimetype": mimetype,
            "data": base64.b64encode(data).decode(),
            "caption": f"a {kind}" if kind in ("image", "video", "document") else "",
            "filename": "report.pdf" if kind == "document" else "",
        }
        if kind in ("video", "audio", "voice"):
            body["seconds"] = 9
        if kind in ("image", "video", "sticker"):
            body.update(width=640, height=480)
        sent = await sim.control.post(f"/phones/{PHONE}/media", json=body)
        assert sent.status_code == 201, sent.text
        message = await sim.next_event(IncomingMessage)
        assert message.message_id == sent.json()["id"] and message.sender == PHONE
        media = message.media
        assert media is not None
        assert (media.kind, media.mimetype, media.size_bytes) == (kind, mimetype, size)
        assert media.sha256 == hashlib.sha256(data).hexdigest()
        assert media.caption == body["caption"] == message.text
        assert media.filename == body["filename"]
        assert media.duration_s == body.get("seconds")
        assert (media.width, media.height) == (body.get("width"), body.get("height"))
        assert b"".join([chunk async for chunk in sim.engine.download_media(media.ref)]) == data
        # the ref is all a download needs, long after: another engine of the kind can use it
        other = sim.kind.create("co-other", lambda event: _put(asyncio.Queue(), event))
        chunks = [chunk async for chunk in other.download_media(dict(media.ref))]
        assert b"".join(chunks) == data


async def test_expired_and_corrupted_media_fail_with_their_codes(sim: Sim) -> None:
    async def send(**extra: Any) -> IncomingMessage:
        body = {"to": TENANT, "kind": "image", "mimetype": "image/jpeg", "size": 50_000}
        await sim.control.post(f"/phones/{PHONE}/media", json={**body, **extra})
        return await sim.next_event(IncomingMessage)

    async def download(message: IncomingMessage) -> bytes:
        assert message.media is not None
        return b"".join([chunk async for chunk in sim.engine.download_media(message.media.ref)])

    corrupted = await send(corrupt=True)
    with pytest.raises(EngineError) as failed:
        await download(corrupted)
    assert failed.value.code == "media_corrupt"

    kept = await send(seed=3)
    assert len(await download(kept)) == 50_000
    assert (await sim.control.post("/media/expire")).json()["success"] is True
    with pytest.raises(EngineError) as failed:
        await download(kept)
    assert failed.value.code == "media_expired"

    # the media host is down: the send fails as an upload failure, and nothing is sent
    assert (await sim.control.post("/media/refuse-uploads", json={"count": 1})).status_code == 200
    data = bytes(2000)
    with pytest.raises(EngineError) as failed:
        await sim.engine.send(
            PHONE, Attachment(outgoing("image", data), Bytes(data)), sim.kind.new_message_id()
        )
    assert failed.value.code == "media_upload_failed"
    assert "503" in failed.value.message

    # a device's message naming no valid upload is refused at the network
    for bad in ({"type": "gif"}, {"type": "image", "mimetype": "image/jpeg"}, "x"):
        with pytest.raises(EngineError) as failed:
            await sim.engine._request({"op": "send", "to": PHONE, "text": "", "media": bad}, 5)
        assert failed.value.code == "bad_frame"
    inbox = (await sim.control.get(f"/phones/{PHONE}/inbox")).json()["messages"]
    assert inbox == (await sim.control.get(f"/phones/{PHONE}/messages")).json()["messages"]

    with pytest.raises(EngineError) as failed:  # a ref the engine cannot read
        async for _ in sim.engine.download_media({"kind": "image", "directPath": "/v/x"}):
            pass
    assert failed.value.code == "media_corrupt"


class Generated:
    """MediaBytes that are never whole anywhere: drawn chunk by chunk from a seed."""

    def __init__(self, size: int, seed: int) -> None:
        self.size_bytes, self._seed = size, seed
        self.sha256 = hashlib.sha256()

    async def chunks(self) -> AsyncIterator[bytes]:
        rng = random.Random(self._seed)
        left = self.size_bytes
        while left:
            chunk = rng.randbytes(min(65536, left))
            self.sha256.update(chunk)
            left -= len(chunk)
            yield chunk


async def test_a_large_file_streams_both_ways_without_being_held(sim: Sim) -> None:
    """24 MiB up and down again: Python's peak allocation (the engine, the sim server
    and its phone, all in this process) stays a small fraction of the file."""
    import tracemalloc

    size = 24 * 1024 * 1024
    expected = hashlib.sha256()
    rng = random.Random(99)
    for _ in range(size // 65536):
        expected.update(rng.randbytes(65536))
    media = OutgoingMedia("document", "application/pdf", size, expected.hexdigest())
    tracemalloc.start()
    try:
        message_id = sim.kind.new_message_id()
        await sim.engine.send(PHONE, Attachment(media, Generated(size, 99)), message_id)
        entry = await sim.inbox_entry(message_id)
        assert entry["media"]["sha256"] == expected.hexdigest()
        _, sent_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        await sim.control.post(
            f"/phones/{PHONE}/media",
            json={"to": TENANT, "kind": "document", "mimetype": "application/pdf", "size": size},
        )
        message = await sim.next_event(IncomingMessage)
        assert message.media is not None
        got, total = hashlib.sha256(), 0
        async for chunk in sim.engine.download_media(message.media.ref):
            got.update(chunk)
            total += len(chunk)
        assert (total, got.hexdigest()) == (size, message.media.sha256)
        _, received_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"peak traced: send {sent_peak} B, download {received_peak} B of {size} B")
    assert sent_peak < size / 4, sent_peak
    assert received_peak < size / 4, received_peak
