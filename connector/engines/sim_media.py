"""The sim engine's media path: encrypt and upload to the sim's media host, download and
check what others sent, as WhatsApp's clients do (simnet/protocol.py, § Media).

Both directions stream: an upload holds one chunk of the file and the cipher's state,
never the file (the host learns fileEncSha256 at the end and answers it, where WhatsApp
wants it in the upload URL up front); a download yields plain bytes as they decrypt.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from connector.engine import (
    MEDIA_CORRUPT,
    MEDIA_DOWNLOAD_FAILED,
    MEDIA_EXPIRED,
    MEDIA_KINDS,
    MEDIA_UPLOAD_FAILED,
    EngineError,
    Media,
    MediaBytes,
    OutgoingMedia,
)
from connector.engines.http_tunnel import tunnelling_client
from simnet.media_crypto import (
    MMS_TYPE,
    Decryptor,
    Encryptor,
    MediaIntegrityError,
    encrypted_length,
    new_media_key,
)
from simnet.media_message import BadMedia, WireMedia, wire_type_of
from wagate import proxies

# a 100 MB file over loopback takes about a second; a stalled host is given this long
# between two chunks, not for the whole file
_HTTP_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def http_client(proxy: str | None = None) -> httpx.AsyncClient:
    """`proxy`: every request goes through it (a tenant's, connector/engines/sim_proxy.py):
    an HTTP proxy through CONNECT tunnels, as WhatsApp's HTTPS media hosts are reached."""
    if proxy is not None and proxies.parsed(proxy).scheme == "http":
        return tunnelling_client(proxies.parsed(proxy), _HTTP_TIMEOUT)
    return httpx.AsyncClient(timeout=_HTTP_TIMEOUT, follow_redirects=False, proxy=proxy)


def http_base(ws_url: str) -> str:
    """The sim server's HTTP side for its WebSocket URL: ws://h:p/ws -> http://h:p."""
    parts = urlsplit(ws_url)
    return f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"


async def upload(
    http: httpx.AsyncClient, conn: dict[str, Any], media: OutgoingMedia, data: MediaBytes
) -> WireMedia:
    """Encrypt `data` as it is read and stream it to the media host of the media
    connection `conn`; the message's media object."""
    if media.kind not in MEDIA_KINDS:
        raise EngineError("validation_failed", f"no media kind {media.kind!r}")
    media_key = new_media_key()
    encryptor = Encryptor(media_key, media.kind)

    async def encrypted() -> AsyncIterator[bytes]:
        async for chunk in data.chunks():
            out = encryptor.update(chunk)
            if encryptor.length > data.size_bytes:
                break
            if out:
                yield out
        _check_read(encryptor, media, data, finished=False)  # before the host sees an end
        yield encryptor.finish()

    try:
        response = await http.post(
            f"{conn['host']}/mms/{MMS_TYPE[media.kind]}",
            params={"auth": str(conn["auth"])},
            content=encrypted(),
            headers={
                "content-length": str(encrypted_length(data.size_bytes)),
                "content-type": "application/octet-stream",
            },
        )
    except httpx.HTTPError as e:
        raise EngineError(
            MEDIA_UPLOAD_FAILED, f"the upload failed: {e or type(e).__name__}"
        ) from None
    _check_read(encryptor, media, data)
    if response.status_code != 200:
        raise EngineError(
            MEDIA_UPLOAD_FAILED, f"the media host refused the upload ({_answer(response)})"
        )
    answer = response.json()
    if answer.get("file_enc_sha256") != _b64url(encryptor.enc_sha256):
        raise EngineError(MEDIA_UPLOAD_FAILED, "the media host stored other bytes than sent")
    wire_type, ptt = wire_type_of(media.kind)
    return WireMedia(
        type=wire_type,
        ptt=ptt,
        mimetype=media.mimetype,
        direct_path=str(answer["direct_path"]),
        media_key=media_key,
        file_sha256=encryptor.sha256,
        file_enc_sha256=encryptor.enc_sha256,
        file_length=encryptor.length,
        caption=media.caption if media.kind in ("image", "video", "document") else "",
        file_name=media.filename if media.kind == "document" else "",
        seconds=media.duration_s,
        width=media.width,
        height=media.height,
    )


def _check_read(
    encryptor: Encryptor, media: OutgoingMedia, data: MediaBytes, finished: bool = True
) -> None:
    """The bytes read must be the file described: its length and, once read whole, its
    sha256 (a blob store that lost or changed bytes must not send them). Raised from
    inside the upload's body, this ends the upload unfinished."""
    if encryptor.length != data.size_bytes or (
        finished and encryptor.sha256.hex() != media.sha256.lower()
    ):
        raise EngineError(MEDIA_CORRUPT, "the file read is not the file described (size, sha256)")


def incoming(frame: object) -> Media | None:
    """The descriptor and download ref of a message's media object (None if unreadable:
    the message still arrives, as its text)."""
    try:
        wire = WireMedia.parse(frame)
    except BadMedia:
        return None
    return Media(
        kind=wire.kind,
        mimetype=wire.mimetype,
        caption=wire.caption,
        filename=wire.file_name,
        size_bytes=wire.file_length,
        sha256=wire.file_sha256.hex(),
        duration_s=wire.seconds,
        width=wire.width,
        height=wire.height,
        ref={
            "kind": wire.kind,
            "directPath": wire.direct_path,
            "mediaKey": _b64(wire.media_key),
            "fileSha256": _b64(wire.file_sha256),
            "fileEncSha256": _b64(wire.file_enc_sha256),
            "fileLength": wire.file_length,
        },
    )


async def download(http: httpx.AsyncClient, host: str, ref: dict[str, Any]) -> AsyncIterator[bytes]:
    """The plain bytes of a media ref, checked as they decrypt. A failed check raises
    media_corrupt at the end: the bytes yielded before it are not to be kept."""
    try:
        kind = str(ref["kind"])
        decryptor = Decryptor(
            _unb64(ref["mediaKey"]),
            kind,
            _unb64(ref["fileSha256"]),
            _unb64(ref["fileEncSha256"]),
            int(ref["fileLength"]),
        )
        direct_path = str(ref["directPath"])
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise EngineError(MEDIA_CORRUPT, "the media reference is unreadable") from None
    if kind not in MEDIA_KINDS or not direct_path.startswith("/v/"):
        raise EngineError(MEDIA_CORRUPT, "the media reference is unreadable")
    try:
        async with http.stream("GET", f"{host}{direct_path}") as response:
            if response.status_code in (404, 410):
                raise EngineError(MEDIA_EXPIRED, "WhatsApp no longer has this media")
            if response.status_code != 200:
                await response.aread()
                raise EngineError(
                    MEDIA_DOWNLOAD_FAILED, f"the media host answered {_answer(response)}"
                )
            async for chunk in response.aiter_bytes():
                plain = decryptor.update(chunk)
                if plain:
                    yield plain
        rest = decryptor.finish()
    except httpx.HTTPError as e:
        raise EngineError(
            MEDIA_DOWNLOAD_FAILED, f"the download failed: {e or type(e).__name__}"
        ) from None
    except MediaIntegrityError as e:
        raise EngineError(MEDIA_CORRUPT, f"the media fails its {e.check} check") from None
    if rest:
        yield rest


def _answer(response: httpx.Response) -> str:
    try:
        code = response.json().get("code")
    except ValueError:
        code = None
    return f"{response.status_code} {code}" if code else str(response.status_code)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not base64 text")
    return base64.b64decode(value, validate=True)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")
