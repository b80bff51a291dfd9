"""Media end to end (issue 16): real gateway, connector and sim network (its media host
over HTTP), one stack for the module.

Sending: every kind by multipart upload, by URL and by base64 reaches the phone
byte-exact (the phone decrypts it and reports its sha256). Receiving: every kind a phone
sends arrives as a `message` event whose descriptor downloads byte-exact through the API
and through the webhook's signed link. And the refusals, each a 4xx with a stable code.

The stack: incoming media is downloaded on first request (WAGATE_MEDIA_DOWNLOAD=request,
the bus round trip; `arrival` and `never` are checked after a connector restart at the
end), images are capped at 300 KB (to test the cap cheaply), URLs get 1 s.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from devstack import media_files
from devstack.media_files import FileServer
from devstack.stack import Stack, deployment
from devstack.webhook_receiver import Receiver
from wagate import media_links

IMAGE_CAP = 300_000
KINDS = ("image", "video", "audio", "voice", "document", "sticker")


@pytest.fixture(scope="module")
async def mstack() -> AsyncIterator[Stack]:
    async with deployment(
        WAGATE_SEND_RATE_PER_MINUTE="100000",
        WAGATE_MEDIA_MAX_IMAGE=str(IMAGE_CAP),
        WAGATE_MEDIA_FETCH_TIMEOUT="1",
        WAGATE_MEDIA_DOWNLOAD="request",
    ) as s:
        yield s


@pytest.fixture(scope="module")
async def connected(mstack: Stack) -> dict[str, str]:
    """One connected tenant and a friend's phone, shared by the module's tests."""
    async with httpx.AsyncClient(timeout=20) as c:
        tenant = mstack.new_tenant()
        number = await mstack.connect_session(c, tenant)
        friend = await mstack.new_phone(c)
    return {"company": tenant, "number": number, "friend": friend}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def _phone_got(
    stack: Stack, c: httpx.AsyncClient, phone: str, message_id: str, timeout_s: float = 10
) -> dict[str, Any]:
    """The phone's inbox entry for a media message once it has downloaded it."""
    deadline = time.monotonic() + timeout_s
    while True:
        inbox = (await c.get(f"{stack.sim}/phones/{phone}/messages")).json()["messages"]
        entry = next((m for m in inbox if m["id"] == message_id), None)
        if entry is not None and entry["media"]["status"] != "downloading":
            return dict(entry)
        if time.monotonic() > deadline:
            raise AssertionError(f"{phone} has no downloaded media {message_id}: {entry}")
        await asyncio.sleep(0.05)


async def _send(
    stack: Stack,
    c: httpx.AsyncClient,
    tenant: str,
    kind: str,
    how: str,
    data: bytes,
    mimetype: str,
    to: str,
    files: FileServer,
    headers: dict[str, str] | None = None,
    **fields: str,
) -> httpx.Response:
    path = f"messages/{kind}"
    if how == "upload":
        form = {"to": to, **fields}
        upload = {"file": (fields.get("filename") or f"f.{kind}", data, mimetype)}
        return await stack.call(
            c, "POST", tenant, path, data=form, files=upload, headers=headers or {}
        )
    body: dict[str, Any] = {"to": to, "mimetype": mimetype, **fields}
    if how == "base64":
        body["data"] = base64.b64encode(data).decode()
    else:
        body["url"] = files.add(f"{kind}-{_sha(data)[:12]}", data, mimetype)
    return await stack.call(c, "POST", tenant, path, json=body, headers=headers or {})


# ---- sending ----------------------------------------------------------------------------


async def test_each_kind_by_upload_url_and_base64_arrives_byte_exact(
    mstack: Stack, connected: dict[str, str], files: FileServer, client: httpx.AsyncClient
) -> None:
    tenant, friend = connected["company"], connected["friend"]
    sent: list[tuple[str, str, str, bytes]] = []
    for kind, (data, mimetype) in media_files.samples().items():
        for how in ("upload", "url", "base64"):
            extra = {"caption": f"{kind} by {how}"} if kind in ("image", "video") else {}
            if kind == "document":
                extra = {"caption": "invoice", "filename": f"invoice-{how}.pdf"}
            r = await _send(
                mstack, client, tenant, kind, how, data, mimetype, friend, files, **extra
            )
            assert r.status_code == 200, (kind, how, r.text)
            answer = r.json()
            assert answer["kind"] == kind and answer["sha256"] == _sha(data), answer
            assert answer["converted"] is False
            sent.append((kind, how, answer["messageId"], data))
    for kind, how, message_id, data in sent:
        entry = await _phone_got(mstack, client, friend, message_id)
        media = entry["media"]
        assert media["status"] == "ok", (kind, how, media)
        assert media["kind"] == kind and media["sha256"] == _sha(data), (kind, how, media)
        if kind == "document":
            assert media["filename"] == f"invoice-{how}.pdf" and media["caption"] == "invoice"
        if kind == "image":
            assert media["caption"] == f"image by {how}"


async def test_a_voice_note_that_is_not_opus_is_converted(
    mstack: Stack, connected: dict[str, str], files: FileServer, client: httpx.AsyncClient
) -> None:
    tenant, friend = connected["company"], connected["friend"]
    wav = media_files.wav()
    r = await _send(mstack, client, tenant, "voice", "upload", wav, "audio/wav", friend, files)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["converted"] is True and answer["mimetype"].startswith("audio/ogg")
    entry = await _phone_got(mstack, client, friend, answer["messageId"])
    assert entry["media"]["status"] == "ok" and entry["media"]["sha256"] == answer["sha256"]
    got = await client.get(f"{mstack.sim}/phones/{friend}/media/{answer['messageId']}")
    assert got.content.startswith(b"OggS") and b"OpusHead" in got.content[:128]


async def test_a_media_reply_quotes_its_message(
    mstack: Stack, connected: dict[str, str], files: FileServer, client: httpx.AsyncClient
) -> None:
    tenant, friend = connected["company"], connected["friend"]
    first = await mstack.call(
        client, "POST", tenant, "messages/text", json={"to": friend, "text": "the quote"}
    )
    assert first.status_code == 200, first.text
    data, mimetype = media_files.samples()["image"]
    r = await _send(
        mstack, client, tenant, "image", "base64", data, mimetype, friend, files,
        quotedMessageId=first.json()["messageId"],
    )  # fmt: skip
    assert r.status_code == 200, r.text
    entry = await _phone_got(mstack, client, friend, r.json()["messageId"])
    assert entry["quoted"]["id"] == first.json()["messageId"], entry
    assert entry["media"]["kind"] == "image"


async def test_idempotency_key_covers_the_bytes(
    mstack: Stack, connected: dict[str, str], files: FileServer, client: httpx.AsyncClient
) -> None:
    tenant, friend = connected["company"], connected["friend"]
    data = media_files.pdf()
    key = {"Idempotency-Key": f"doc-{_sha(data)[:10]}"}
    args = (mstack, client, tenant, "document", "upload")
    first = await _send(*args, data, "application/pdf", friend, files, headers=key)
    again = await _send(*args, data, "application/pdf", friend, files, headers=key)
    assert first.status_code == again.status_code == 200, (first.text, again.text)
    assert again.headers.get("idempotency-replayed") == "true"
    assert again.json()["messageId"] == first.json()["messageId"]
    other = await _send(*args, media_files.pdf(), "application/pdf", friend, files, headers=key)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


async def test_bad_sends_are_clear_4xx(
    mstack: Stack, connected: dict[str, str], files: FileServer, client: httpx.AsyncClient
) -> None:
    tenant, friend = connected["company"], connected["friend"]
    pdf = media_files.pdf()

    async def refused(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
        assert (r.status_code, r.json().get("code")) == (status, code), r.text
        return dict(r.json())

    # a PDF declared (and sent) as an image: named as what it is
    for how in ("upload", "base64", "url"):
        r = await _send(mstack, client, tenant, "image", how, pdf, "image/png", friend, files)
        body = await refused(r, 422, "media_type_mismatch")
        assert "application/pdf" in body["error"]
    # a PDF as an image with no type declared: an image must be jpeg or png
    r = await mstack.call(
        client, "POST", tenant, "messages/image",
        json={"to": friend, "data": base64.b64encode(pdf).decode()},
    )  # fmt: skip
    await refused(r, 422, "media_type_not_allowed")
    # a sticker that is not WebP
    png = media_files.png(2000)
    r = await _send(mstack, client, tenant, "sticker", "upload", png, "image/png", friend, files)
    await refused(r, 422, "media_type_not_allowed")
    # over the image cap: by upload (streamed, refused at the cap), and announced too large
    big = media_files.png(IMAGE_CAP * 2)
    r = await _send(mstack, client, tenant, "image", "upload", big, "image/png", friend, files)
    await refused(r, 413, "media_too_large")
    r = await _send(mstack, client, tenant, "image", "url", big, "image/png", friend, files)
    await refused(r, 413, "media_too_large")
    # URLs: the SSRF guard (a cloud metadata address, directly and through a redirect),
    # an answer that never comes, a 500
    for url in (
        "http://169.254.169.254/latest/meta-data",
        files.url("/redirect?to=http://169.254.169.254/latest/meta-data"),
    ):
        r = await mstack.call(
            client, "POST", tenant, "messages/document", json={"to": friend, "url": url}
        )
        await refused(r, 422, "url_not_allowed")
    started = time.monotonic()
    r = await mstack.call(
        client, "POST", tenant, "messages/document", json={"to": friend, "url": files.url("/hang")}
    )
    await refused(r, 422, "media_fetch_timeout")
    assert time.monotonic() - started < 5
    r = await mstack.call(
        client,
        "POST",
        tenant,
        "messages/document",
        json={"to": friend, "url": files.url("/status/500")},
    )
    body = await refused(r, 422, "media_fetch_failed")
    assert "500" in body["error"]
    # neither or both sources
    r = await mstack.call(client, "POST", tenant, "messages/document", json={"to": friend})
    await refused(r, 400, "media_source_invalid")
    # a truncated multipart body: the closing boundary never comes
    boundary = "wagateboundary"
    cut = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="to"\r\n\r\n{friend}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + pdf[:500]
    r = await mstack.call(
        client, "POST", tenant, "messages/document", content=cut,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )  # fmt: skip
    await refused(r, 400, "multipart_invalid")
    # nothing of the refused sends reached the phone
    inbox = (await client.get(f"{mstack.sim}/phones/{friend}/messages")).json()["messages"]
    assert not any(_sha(pdf) == m.get("media", {}).get("declaredSha256") for m in inbox)


async def test_an_upload_over_its_cap_is_refused_without_being_read_whole(
    mstack: Stack, connected: dict[str, str], client: httpx.AsyncClient
) -> None:
    """A chunked upload (no Content-Length to refuse it by) of 64 MB against the 300 KB
    image cap: the gateway stops at the cap, answers 413, and the client is never made
    to send the rest."""
    tenant, friend = connected["company"], connected["friend"]
    boundary, sent = "capboundary", [0]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="to"\r\n\r\n{friend}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode() + media_files.png(4000)[:64]
    block = bytes(256 * 1024)

    async def body() -> AsyncIterator[bytes]:
        yield head
        for _ in range(256):  # 64 MB
            sent[0] += len(block)
            yield block

    headers = {**mstack.auth(tenant), "content-type": f"multipart/form-data; boundary={boundary}"}
    url = f"{mstack.api}/sessions/{tenant}/messages/image"
    try:
        r = await client.post(url, headers=headers, content=body())
        assert (r.status_code, r.json()["code"]) == (413, "media_too_large"), r.text
    except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
        # httpx writes the whole body before it reads: the gateway's 413 comes while it
        # still writes, and the connection closes under it (curl shows the 413)
        pass
    # what the client got to write includes what loopback's socket buffers took after the
    # gateway stopped reading (autotuned: up to ~10 MB on a loaded machine); far below 64 MB
    assert sent[0] < 16 * 1024 * 1024, f"the client wrote {sent[0]} bytes of a 64 MB upload"


# ---- receiving --------------------------------------------------------------------------


async def _phone_sends(
    stack: Stack, c: httpx.AsyncClient, phone: str, to: str, kind: str, data: bytes, mime: str
) -> str:
    body: dict[str, Any] = {
        "to": to,
        "kind": kind,
        "mimetype": mime,
        "data": base64.b64encode(data).decode(),
    }
    if kind in ("image", "video", "document"):
        body["caption"] = f"a {kind}"
    if kind == "document":
        body["filename"] = "report.pdf"
    r = await c.post(f"{stack.sim}/phones/{phone}/media", json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def test_each_kind_a_phone_sends_downloads_byte_exact_by_api_and_signed_link(
    mstack: Stack,
    connected: dict[str, str],
    receiver: Receiver,
    client: httpx.AsyncClient,
) -> None:
    tenant, number = connected["company"], connected["number"]
    hook = receiver.add()
    r = await client.post(
        f"{mstack.api}/webhooks",
        headers=mstack.auth(tenant),
        json={"url": hook, "eventTypes": ["message"]},
    )
    assert r.status_code == 201, r.text
    phone = await mstack.new_phone(client)
    sent: dict[str, tuple[str, bytes, str]] = {}
    async with mstack.events(tenant) as events:
        for kind, (data, mime) in media_files.samples().items():
            sent[await _phone_sends(mstack, client, phone, number, kind, data, mime)] = (
                kind, data, mime
            )  # fmt: skip
        seen: dict[str, dict[str, Any]] = {}
        while len(seen) < len(sent):
            event = await events.until("message")
            if event["data"]["messageId"] in sent:
                seen[event["data"]["messageId"]] = event["data"]["media"]
    for message_id, (kind, data, mime) in sent.items():
        media = seen[message_id]
        assert media["type"] == kind and media["sha256"] == _sha(data), media
        assert media["sizeBytes"] == len(data) and media["id"].startswith("med_")
        assert "downloadUrl" not in media  # the stream is read with a token: no link
        got = await mstack.call(client, "GET", tenant, f"media/{media['id']}")
        assert got.status_code == 200, got.text
        assert _sha(got.content) == _sha(data), kind
        assert got.headers["content-type"].startswith(mime)
        assert got.headers["content-disposition"].startswith("attachment")
    # the webhook carries the descriptor and a signed link, never the bytes
    delivered = await receiver.wait_accepted(hook, len(sent))
    by_message = {d.json["data"]["messageId"]: d.json["data"]["media"] for d in delivered}
    for message_id, (_, data, _) in sent.items():
        media = by_message[message_id]
        assert "data" not in media and len(str(media)) < 2000
        link = media["downloadUrl"]
        assert link.startswith(f"http://127.0.0.1:{mstack.env['WAGATE_PORT']}/api/whatsapp/media/")
        got = await client.get(link)  # no token
        assert got.status_code == 200, got.text
        assert _sha(got.content) == _sha(data)
    # a tampered link: another media id, another tenant, a later expiry, another signature
    media = by_message[next(iter(sent))]
    link = httpx.URL(media["downloadUrl"])
    other_id = by_message[list(sent)[1]]["id"]
    tampered = [
        link.copy_with(path=link.path.replace(media["id"], other_id)),
        link.copy_set_param("tenant", "someone-else"),
        link.copy_set_param("expires", str(int(link.params["expires"]) + 60)),
        link.copy_set_param("sig", "0" * 64),
        link.copy_remove_param("sig"),
        # not even the shape of a signature (a non-ASCII one once made the check raise)
        link.copy_set_param("sig", "\u00fa" * 64),
        link.copy_set_param("tenant", "co\u00a1"),
    ]
    for url in tampered:
        r = await client.get(url)
        assert (r.status_code, r.json()["code"]) == (403, "media_url_invalid"), (url, r.text)
    # an expired link, genuinely signed
    secret = mstack.env["WAGATE_MEDIA_URL_SECRET"]
    expired = media_links.signed_url(
        f"http://127.0.0.1:{mstack.env['WAGATE_PORT']}",
        secret,
        tenant,
        media["id"],
        int(time.time()) - 1,
    )
    r = await client.get(expired)
    assert (r.status_code, r.json()["code"]) == (403, "media_url_expired"), r.text
    # another tenant: neither its own path nor the owner's finds the media
    other = mstack.new_tenant()
    r = await client.get(
        f"{mstack.api}/sessions/{other}/media/{media['id']}", headers=mstack.auth(other)
    )
    assert (r.status_code, r.json()["code"]) == (404, "media_not_found"), r.text
    r = await client.get(
        f"{mstack.api}/sessions/{tenant}/media/{media['id']}", headers=mstack.auth(other)
    )
    assert r.status_code == 404, r.text
    # an unknown id, a malformed one
    for media_id in ("med_" + "0" * 24, "nope"):
        r = await mstack.call(client, "GET", tenant, f"media/{media_id}")
        assert (r.status_code, r.json()["code"]) == (404, "media_not_found"), r.text


async def test_expired_media_is_404_then_swept(
    mstack: Stack, connected: dict[str, str], client: httpx.AsyncClient
) -> None:
    from connector.media.incoming import MediaInbox
    from connector.media.retention import MediaSweeper
    from wagate.blobs.local import LocalBlobStore
    from wagate.sealing import Sealer

    tenant, number = connected["company"], connected["number"]
    phone = await mstack.new_phone(client)
    data, mime = media_files.samples()["document"]
    async with mstack.events(tenant) as events:
        message_id = await _phone_sends(mstack, client, phone, number, "document", data, mime)
        while (event := await events.until("message"))["data"]["messageId"] != message_id:
            pass
    media_id = event["data"]["media"]["id"]
    got = await mstack.call(client, "GET", tenant, f"media/{media_id}")
    assert got.status_code == 200 and got.content == data
    pg = await asyncpg.connect(mstack.env["DATABASE_URL"])
    try:
        blob_key = await pg.fetchval("SELECT blob_key FROM media WHERE id = $1", media_id)
        blob = Path(mstack.env["WAGATE_BLOB_DIR"]) / blob_key
        assert blob.read_bytes() == data
        await pg.execute(
            "UPDATE media SET expires_at = now() - interval '1 second' WHERE id = $1", media_id
        )
        r = await mstack.call(client, "GET", tenant, f"media/{media_id}")
        assert (r.status_code, r.json()["code"]) == (404, "media_retention_expired"), r.text
        # the connector's sweep (here run once, on the same database and directory)
        pool = await asyncpg.create_pool(mstack.env["DATABASE_URL"], min_size=1, max_size=2)
        try:
            blobs = LocalBlobStore(mstack.env["WAGATE_BLOB_DIR"])
            inbox = MediaInbox(
                pool, blobs, Sealer(mstack.settings.credentials_keys),
                mode="request", retention_hours=1,
            )  # fmt: skip
            assert await MediaSweeper(pool, blobs, inbox).sweep_once() >= 1
        finally:
            await pool.close()
        assert not blob.exists()
        assert await pg.fetchval("SELECT count(*) FROM media WHERE id = $1", media_id) == 0
    finally:
        await pg.close()
    r = await mstack.call(client, "GET", tenant, f"media/{media_id}")
    assert (r.status_code, r.json()["code"]) == (404, "media_not_found"), r.text


async def test_media_whatsapp_no_longer_has_is_410(
    mstack: Stack, connected: dict[str, str], client: httpx.AsyncClient
) -> None:
    tenant, number = connected["company"], connected["number"]
    phone = await mstack.new_phone(client)
    data, mime = media_files.samples()["video"]
    async with mstack.events(tenant) as events:
        message_id = await _phone_sends(mstack, client, phone, number, "video", data, mime)
        while (event := await events.until("message"))["data"]["messageId"] != message_id:
            pass
    r = await client.post(f"{mstack.sim}/media/expire")
    assert r.status_code == 200, r.text
    media_id = event["data"]["media"]["id"]
    for _ in range(2):  # the second answer comes from the row, without asking WhatsApp
        r = await mstack.call(client, "GET", tenant, f"media/{media_id}")
        assert (r.status_code, r.json()["code"]) == (410, "media_expired"), r.text


async def test_a_media_send_a_crashed_connector_had_taken_is_finished_once(
    mstack: Stack, connected: dict[str, str], files: FileServer, client: httpx.AsyncClient
) -> None:
    tenant, number = connected["company"], connected["number"]
    friend = await mstack.new_phone(client)
    data, mime = media_files.pdf(50_000), "application/pdf"
    # WhatsApp takes the message at once but acknowledges it only after 2 s
    await mstack.fault(client, number, "slow", seconds=4, delay_ms=2000)
    send = asyncio.create_task(
        _send(mstack, client, tenant, "document", "upload", data, mime, friend, files)
    )
    deadline = time.monotonic() + 10
    while not (await client.get(f"{mstack.sim}/phones/{friend}/messages")).json()["messages"]:
        assert time.monotonic() < deadline, "the document never reached the phone"
        await asyncio.sleep(0.05)
    await mstack.restart_connector(signal.SIGKILL)  # between "sent" and "acknowledged"
    response = await send  # the gateway still waits; the next connector finishes the command
    assert response.status_code == 200, response.text
    await mstack.wait_status(client, tenant, "connected")
    await asyncio.sleep(0.5)  # a second copy, if there were one, would be there by now
    inbox = (await client.get(f"{mstack.sim}/phones/{friend}/messages")).json()["messages"]
    assert [m["id"] for m in inbox] == [response.json()["messageId"]]
    entry = await _phone_got(mstack, client, friend, inbox[0]["id"])
    assert entry["media"]["sha256"] == _sha(data)


async def test_arrival_and_never_modes_and_a_connector_without_ffmpeg(
    mstack: Stack, connected: dict[str, str], files: FileServer, client: httpx.AsyncClient
) -> None:
    """Last in the module: it restarts the connector in the other two download modes, the
    second time with WAGATE_FFMPEG pointing nowhere."""
    tenant, number = connected["company"], connected["number"]
    data, mime = media_files.samples()["image"]
    pg = await asyncpg.connect(mstack.env["DATABASE_URL"])
    try:
        for mode in ("arrival", "never"):
            mstack.env["WAGATE_MEDIA_DOWNLOAD"] = mode
            if mode == "never":
                mstack.env["WAGATE_FFMPEG"] = "/nonexistent/ffmpeg"
            await mstack.restart_connector()
            await mstack.wait_status(client, tenant, "connected")
            phone = await mstack.new_phone(client)
            async with mstack.events(tenant) as events:
                message_id = await _phone_sends(mstack, client, phone, number, "image", data, mime)
                while (event := await events.until("message"))["data"]["messageId"] != message_id:
                    pass
            media_id = event["data"]["media"]["id"]
            if mode == "arrival":  # stored without anyone asking
                deadline = time.monotonic() + 10
                while await pg.fetchval("SELECT state FROM media WHERE id = $1", media_id) != (
                    "stored"
                ):
                    assert time.monotonic() < deadline, "never downloaded on arrival"
                    await asyncio.sleep(0.05)
                got = await mstack.call(client, "GET", tenant, f"media/{media_id}")
                assert got.status_code == 200 and _sha(got.content) == _sha(data)
            else:
                r = await mstack.call(client, "GET", tenant, f"media/{media_id}")
                assert (r.status_code, r.json()["code"]) == (404, "media_not_stored"), r.text
    finally:
        await pg.close()
    # no ffmpeg: a voice note that is not OGG/Opus is refused, one that is still goes out
    friend = connected["friend"]
    wav = media_files.wav()
    r = await _send(mstack, client, tenant, "voice", "upload", wav, "audio/wav", friend, files)
    assert (r.status_code, r.json()["code"]) == (422, "voice_conversion_unavailable"), r.text
    assert "ffmpeg" in r.json()["error"]
    opus = media_files.ogg_opus()
    r = await _send(mstack, client, tenant, "voice", "base64", opus, "audio/ogg", friend, files)
    assert r.status_code == 200 and r.json()["converted"] is False, r.text
