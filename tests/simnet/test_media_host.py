"""The sim's media host over HTTP (in process): uploads need a media connection's token,
stream to disk within a byte bound, come back byte-exact, and expire to 410; a virtual
phone's media goes through it as a device's would."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from simnet.media_crypto import Encryptor, new_media_key
from simnet.media_host import MediaHost, StoredMedia, b64url
from simnet.media_message import BadMedia, WireMedia
from simnet.network import Device, Network
from simnet.server import create_app

PHONE, TENANT = "79005550001", "79005550002"


def _client(network: Network) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(network))
    return httpx.AsyncClient(transport=transport, base_url="http://sim")


async def test_uploads_need_a_token_and_come_back_byte_exact() -> None:
    host = MediaHost()
    async with _client(Network(media=host)) as client:
        body = b"\x01\x02" * 100_000
        refused = await client.post("/mms/image", content=body)
        assert (refused.status_code, refused.json()["code"]) == (401, "media_host_auth_invalid")
        forged = await client.post("/mms/image", params={"auth": "forged"}, content=body)
        assert forged.status_code == 401
        auth = host.media_conn().auth
        unknown_type = await client.post("/mms/sticker", params={"auth": auth}, content=body)
        assert unknown_type.status_code == 404  # stickers go to /mms/image, as on WhatsApp

        async def streamed() -> AsyncIterator[bytes]:
            for i in range(0, len(body), 7000):
                yield body[i : i + 7000]

        stored = await client.post("/mms/document", params={"auth": auth}, content=streamed())
        assert stored.status_code == 200, stored.text
        answer = stored.json()
        assert answer["file_enc_sha256"] == b64url(hashlib.sha256(body).digest())
        assert answer["url"].startswith("http://sim/v/")
        got = await client.get(answer["direct_path"])
        assert (got.status_code, got.content) == (200, body)
        assert (await client.get("/v/t62.7118-24/nosuchfile?ccb=1")).status_code == 404
        # WhatsApp's form: the file's fileEncSha256 in the path, checked
        token = b64url(hashlib.sha256(body).digest())
        named = await client.post(f"/mms/video/{token}", params={"auth": auth}, content=body)
        assert named.status_code == 200
        wrong = await client.post(f"/mms/video/{token}", params={"auth": auth}, content=b"x")
        assert (wrong.status_code, wrong.json()["code"]) == (400, "media_host_hash_mismatch")
        assert host.stats() == {"files": 2, "bytes": 2 * len(body), "uploads": 2}
    host.close()


async def test_stored_bytes_are_bounded_and_files_expire() -> None:
    host = MediaHost(max_bytes=100_000)
    network = Network(media=host)
    async with _client(network) as client:
        auth = host.media_conn().auth
        first = await client.post("/mms/audio", params={"auth": auth}, content=b"a" * 60_000)
        assert first.status_code == 200
        # declared too long: refused before it is read
        full = await client.post("/mms/audio", params={"auth": auth}, content=b"b" * 60_000)
        assert (full.status_code, full.json()["code"]) == (413, "media_host_full")

        async def undeclared() -> AsyncIterator[bytes]:  # chunked: refused as it passes
            for _ in range(10):
                yield b"c" * 10_000

        cut = await client.post("/mms/audio", params={"auth": auth}, content=undeclared())
        assert cut.status_code == 413
        assert host.stats()["bytes"] == 60_000  # the refused uploads left nothing behind
        network.add_phone(PHONE)
        network.add_phone(TENANT)
        huge = {"to": TENANT, "kind": "video", "mimetype": "video/mp4", "size": 2**62}
        refused = await client.post(f"/phones/{PHONE}/media", json=huge)
        assert (refused.status_code, refused.json()["code"]) == (413, "media_host_full")
        direct_path = first.json()["direct_path"]
        assert (await client.get(direct_path)).status_code == 200
        expired = await client.post("/media/expire")
        assert expired.json() == {"success": True, "expired": 1}
        gone = await client.get(direct_path)
        assert (gone.status_code, gone.json()["code"]) == (404, "media_host_not_found")
        assert host.stats()["bytes"] == 0
    host.close()
    # past its time to live, a file answers 410 (and its bytes are freed)
    short = MediaHost(ttl_s=0.0)
    async with _client(Network(media=short)) as client:
        auth = short.media_conn().auth
        up = await client.post("/mms/image", params={"auth": auth}, content=b"z" * 100)
        gone = await client.get(up.json()["direct_path"])
        assert (gone.status_code, gone.json()["code"]) == (410, "media_host_expired")
        assert short.stats()["bytes"] == 0
    short.close()


async def test_a_phone_sends_media_as_a_device_does_and_lists_what_it_got() -> None:
    network = Network()
    async with _client(network) as client:
        for number in (PHONE, TENANT):
            await client.post("/phones", json={"phone": number})
        plain = b"%PDF-1.7\n" + bytes(range(256)) * 50
        sent = await client.post(
            f"/phones/{PHONE}/media",
            json={
                "to": TENANT,
                "kind": "document",
                "mimetype": "application/pdf",
                "caption": "the invoice",
                "filename": "invoice.pdf",
                "data": base64.b64encode(plain).decode(),
            },
        )
        assert sent.status_code == 201, sent.text
        media = sent.json()["media"]
        assert media["sha256"] == hashlib.sha256(plain).hexdigest()
        assert (media["kind"], media["size"], media["filename"]) == (
            "document",
            len(plain),
            "invoice.pdf",
        )
        # the message the tenant's phone got names the upload; its bytes decrypt to the file
        entry = (await client.get(f"/phones/{TENANT}/messages")).json()["messages"][0]
        assert entry["text"] == "the invoice"
        assert entry["media"]["declaredSha256"] == media["sha256"]
        fetched = await client.get(f"/phones/{TENANT}/media/{entry['id']}")
        assert (fetched.status_code, fetched.content) == (200, plain)
        assert fetched.headers["content-type"] == "application/pdf"

        # generated: size bytes from a seed, after a head (a type's magic bytes)
        voice = await client.post(
            f"/phones/{PHONE}/media",
            json={
                "to": TENANT,
                "kind": "voice",
                "mimetype": "audio/ogg; codecs=opus",
                "size": 300_000,
                "seed": 7,
                "head": base64.b64encode(b"OggS").decode(),
                "seconds": 12,
            },
        )
        assert voice.status_code == 201
        entry = (await client.get(f"/phones/{TENANT}/messages")).json()["messages"][1]
        assert entry["media"]["kind"] == "voice"
        fetched = await client.get(f"/phones/{TENANT}/media/{entry['id']}")
        assert fetched.content[:4] == b"OggS" and len(fetched.content) == 300_000
        assert hashlib.sha256(fetched.content).hexdigest() == voice.json()["media"]["sha256"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"to": TENANT, "kind": "gif", "mimetype": "image/gif", "size": 10}, "invalid_phone_media"),
        ({"to": TENANT, "kind": "image", "mimetype": "", "size": 10}, "invalid_phone_media"),
        ({"to": TENANT, "kind": "image", "mimetype": "image/jpeg"}, "invalid_phone_media"),
        (
            {"to": TENANT, "kind": "image", "mimetype": "image/jpeg", "data": "!!", "size": 1},
            "invalid_phone_media",
        ),
        (
            {"to": TENANT, "kind": "image", "mimetype": "image/jpeg", "size": 0},
            "invalid_phone_media",
        ),
        ({"to": "1", "kind": "image", "mimetype": "image/jpeg", "size": 1}, "invalid_phone"),
    ],
)
async def test_a_bad_phone_media_body_is_refused(body: dict[str, object], code: str) -> None:
    network = Network()
    network.add_phone(PHONE)
    async with _client(network) as client:
        r = await client.post(f"/phones/{PHONE}/media", json=body)
    assert (r.status_code, r.json()["code"]) == (400, code)


def test_a_media_object_is_checked_field_by_field() -> None:
    """The wire check of a device's message: one naming no valid upload is refused."""
    encryptor = Encryptor(new_media_key(), "image")
    encryptor.update(b"x")
    encryptor.finish()
    good = {
        "type": "image",
        "mimetype": "image/jpeg",
        "directPath": "/v/t62.7118-24/abc?ccb=11-4",
        "mediaKey": base64.b64encode(encryptor.media_key).decode(),
        "fileSha256": base64.b64encode(encryptor.sha256).decode(),
        "fileEncSha256": base64.b64encode(encryptor.enc_sha256).decode(),
        "fileLength": 1,
    }
    assert WireMedia.parse(good).frame() == good
    for bad in (
        {**good, "type": "gif"},
        {**good, "ptt": True},  # only audio is push-to-talk
        {**good, "directPath": "http://elsewhere/x"},
        {**good, "mediaKey": "c2hvcnQ="},
        {**good, "fileLength": -1},
        {**good, "width": True},
        "not an object",
    ):
        with pytest.raises(BadMedia):
            WireMedia.parse(bad)


async def test_a_phone_shows_a_corrupted_upload_as_failed_not_delivered() -> None:
    """A device's message whose upload was damaged on the host: the phone downloads it,
    its checks fail, and its inbox says so (a good one beside it says ok)."""

    class Link:
        def push(self, frame: dict[str, Any], delay_s: float = 0.0) -> None: ...
        def close(self, reason: str, code: int = 4000) -> None: ...
        def stall(self, seconds: float | None) -> None: ...
        def release_held(self) -> None: ...

    network = Network()
    for number in (PHONE, TENANT):
        network.add_phone(number)
    device = Device(id="d1", secret="s", phone=TENANT, link=Link())
    network.devices[device.id] = device
    network.phones[TENANT].devices.add(device.id)
    host = network.media

    async def upload(plain: bytes) -> tuple[WireMedia, StoredMedia]:
        encryptor = Encryptor(new_media_key(), "image")
        body = encryptor.update(plain) + encryptor.finish()

        async def chunks() -> AsyncIterator[bytes]:
            yield body

        stored = await host.upload("image", host.media_conn().auth, chunks())
        media = WireMedia(
            "image",
            "image/jpeg",
            stored.direct_path,
            encryptor.media_key,
            encryptor.sha256,
            encryptor.enc_sha256,
            encryptor.length,
        )
        return media, stored

    good, _ = await upload(b"fine" * 1000)
    bad, stored = await upload(b"damaged" * 1000)
    host.corrupt(stored)
    network.send_from_device(device, "r1", PHONE, "", "GOOD1", None, good)
    network.send_from_device(device, "r2", PHONE, "", "BAD1", None, bad)
    await asyncio.gather(*network._downloads)
    entries = {m.id: m.inbox_entry()["media"] for m in network.phones[PHONE].inbox}
    assert entries["GOOD1"]["status"] == "ok"
    assert entries["GOOD1"]["sha256"] == hashlib.sha256(b"fine" * 1000).hexdigest()
    assert entries["BAD1"]["status"] == "failed"
    assert entries["BAD1"]["error"].startswith("enc_sha256")
    assert "sha256" not in entries["BAD1"]
    async with _client(network) as client:
        refused = await client.get(f"/phones/{PHONE}/media/BAD1")
        assert (refused.status_code, refused.json()["code"]) == (409, "phone_media_not_downloaded")
    host.close()


async def test_the_media_control_routes_refuse_what_they_cannot_do() -> None:
    network = Network()
    network.add_phone(PHONE)
    async with _client(network) as client:
        for count in (-1, 1001, True, "2"):
            r = await client.post("/media/refuse-uploads", json={"count": count})
            assert (r.status_code, r.json()["code"]) == (400, "invalid_fault")
        missing = await client.get(f"/phones/{PHONE}/media/3EB0NOSUCHMESSAGE")
        assert (missing.status_code, missing.json()["code"]) == (404, "phone_media_not_found")
        nobody = await client.post(
            f"/phones/{PHONE}/media",
            json={"to": "79005559999", "kind": "image", "mimetype": "image/jpeg", "size": 1},
        )
        assert (nobody.status_code, nobody.json()["code"]) == (404, "not_on_whatsapp")
        refuse = await client.post("/media/refuse-uploads", json={"count": 1})
        assert refuse.json() == {"success": True, "count": 1}
        network.add_phone(TENANT)
        body = {"to": TENANT, "kind": "image", "mimetype": "image/jpeg", "size": 10}
        down = await client.post(f"/phones/{PHONE}/media", json=body)
        assert (down.status_code, down.json()["code"]) == (503, "media_host_unavailable")
        assert (await client.post(f"/phones/{PHONE}/media", json=body)).status_code == 201
