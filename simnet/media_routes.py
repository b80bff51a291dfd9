"""The sim server's media routes: the media host devices upload to and download from, and
the control API's media for virtual phones (send a file to a tenant, fetch what a phone
received, expire the host's files)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from simnet.bodies import MAX_TEXT, JSONResponse, json_object, phone_number
from simnet.errors import SimError
from simnet.media_crypto import MMS_TYPE, MediaIntegrityError
from simnet.media_host import MediaHost, MediaHostError, b64url
from simnet.media_message import MAX_DIMENSION, MAX_FILENAME, MAX_MIMETYPE, WireMedia
from simnet.network import Network
from simnet.phone_media import PhoneMediaSend, PlainSource, decrypted, upload_from_phone
from wagate.content import STATUS_CHAT

MAX_INLINE_BYTES = 16 * 1024 * 1024  # a phone's file given as base64 in the body
MAX_HEAD_BYTES = 64 * 1024
KINDS = tuple(MMS_TYPE)  # image, sticker, video, audio, voice, document


def _network(request: Request) -> Network:
    network: Network = request.app.state.network
    return network


def _host(request: Request) -> MediaHost:
    return _network(request).media


# ---- the media host (what devices use) --------------------------------------------------


def _seen_from(request: Request) -> MediaHost:
    """The media host, the request's peer noted in it."""
    host = _host(request)
    host.peers.append(
        "" if request.client is None else f"{request.client.host}:{request.client.port}"
    )
    return host


async def upload(request: Request) -> Response:
    host = _seen_from(request)
    declared = request.headers.get("content-length")
    try:
        stored = await host.upload(
            request.path_params["type"],
            request.query_params.get("auth"),
            request.stream(),
            int(declared) if declared and declared.isdigit() else None,
            request.path_params.get("token"),
        )
    except ClientDisconnect:  # the device gave up mid-upload: nothing was stored
        return Response(status_code=400)
    base = str(request.base_url).rstrip("/")
    return JSONResponse(
        {
            "url": f"{base}{stored.direct_path}&mms3=true",
            "direct_path": stored.direct_path,
            "handle": stored.key,
            "file_enc_sha256": b64url(stored.enc_sha256),
        }
    )


async def download(request: Request) -> Response:
    host = _seen_from(request)
    stored = host.find(request.url.path + ("?" + request.url.query if request.url.query else ""))
    return StreamingResponse(
        host.read(stored),
        media_type="application/octet-stream",
        headers={"content-length": str(stored.size)},
    )


# ---- virtual phones' media (control API) ------------------------------------------------


def _phone_media_send(body: dict[str, Any]) -> tuple[str, PhoneMediaSend]:
    def bad(message: str) -> SimError:
        return SimError(400, "invalid_phone_media", message)

    to = body.get("to")
    to = to if to == STATUS_CHAT else phone_number(to, "to")  # a status update, or a number
    kind = body.get("kind")
    if kind not in KINDS:
        raise bad(f"kind must be one of {', '.join(KINDS)}")
    mimetype = body.get("mimetype")
    if not isinstance(mimetype, str) or not 0 < len(mimetype) <= MAX_MIMETYPE:
        raise bad(f"mimetype must be 1 to {MAX_MIMETYPE} characters")
    texts = {}
    for key, limit in (("caption", MAX_TEXT), ("filename", MAX_FILENAME)):
        value = body.get(key, "")
        if not isinstance(value, str) or len(value) > limit:
            raise bad(f"{key} must be text of at most {limit} characters")
        texts[key] = value
    numbers: dict[str, int | None] = {}
    for key in ("seconds", "width", "height", "size", "seed"):
        value = body.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63
        ):
            raise bad(f"{key} must be a whole number")
        numbers[key] = value
    for key in ("width", "height"):
        if (numbers[key] or 0) > MAX_DIMENSION:
            raise bad(f"{key} must be at most {MAX_DIMENSION}")
    corrupt = body.get("corrupt", False)
    if not isinstance(corrupt, bool):
        raise bad("corrupt must be true or false")
    data, head = _base64(body, "data", MAX_INLINE_BYTES), _base64(body, "head", MAX_HEAD_BYTES)
    if (data is None) == (numbers["size"] is None):
        raise bad("give the file as data (base64) or as size (with seed, head)")
    if data is not None and (head is not None or numbers["seed"] is not None):
        raise bad("head and seed go with size, not with data")
    source = PlainSource(data, head or b"", numbers["size"] or 0, numbers["seed"] or 0)
    if source.length == 0:
        raise bad("the file must not be empty")
    return to, PhoneMediaSend(
        kind=str(kind),
        mimetype=mimetype,
        source=source,
        caption=texts["caption"],
        filename=texts["filename"],
        seconds=numbers["seconds"],
        width=numbers["width"],
        height=numbers["height"],
        corrupt=corrupt,
    )


def _base64(body: dict[str, Any], key: str, limit: int) -> bytes | None:
    value = body.get(key)
    if value is None:
        return None
    try:
        data = base64.b64decode(value, validate=True) if isinstance(value, str) else None
    except (binascii.Error, ValueError):
        data = None
    if data is None or len(data) > limit:
        raise SimError(400, "invalid_phone_media", f"{key} must be base64 of at most {limit} bytes")
    return data


async def phone_send_media(request: Request) -> JSONResponse:
    network = _network(request)
    sender = network.phone(request.path_params["phone"]).number
    to, send = _phone_media_send(await json_object(request))
    if to not in network.phones and to != STATUS_CHAT:
        raise SimError(404, "not_on_whatsapp", f"{to} is not on WhatsApp")
    media = await upload_from_phone(network.media, send)
    msg = network.send_from_phone(sender, to, send.caption, media)
    return JSONResponse(
        {
            "success": True,
            "id": msg.id,
            "from": msg.sender,
            "to": to,
            "timestamp": msg.timestamp,
            "media": _summary(media),
        },
        status_code=201,
    )


def _summary(media: WireMedia) -> dict[str, Any]:
    return {
        "kind": media.kind,
        "mimetype": media.mimetype,
        "caption": media.caption,
        "filename": media.file_name,
        "size": media.file_length,
        "sha256": media.file_sha256.hex(),
        "directPath": media.direct_path,
    }


async def phone_received_media(request: Request) -> Response:
    """The bytes of a media message the phone received, decrypted (and checked) again."""
    network = _network(request)
    phone = network.phone(request.path_params["phone"])
    message_id = request.path_params["message_id"]
    msg = next((m for m in reversed(phone.inbox) if m.id == message_id), None)
    if msg is None or msg.media is None:
        raise SimError(
            404, "phone_media_not_found", f"{phone.number} received no media {message_id}"
        )
    if msg.download is not None and msg.download.status != "ok":
        raise SimError(
            409, "phone_media_not_downloaded", f"the phone's download is {msg.download.status}"
        )
    chunks = decrypted(network.media, msg.media)
    return StreamingResponse(
        _checked(chunks),
        media_type=msg.media.mimetype,
        headers={"content-length": str(msg.media.file_length)},
    )


def _checked(chunks: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield from chunks
    except MediaIntegrityError:
        return  # cut short: the client sees fewer bytes than content-length


async def expire_media(request: Request) -> JSONResponse:
    """Expire every file on the media host now (downloads then answer 410)."""
    return JSONResponse({"success": True, "expired": _host(request).expire(everything=True)})


async def refuse_uploads(request: Request) -> JSONResponse:
    """A fault: the next `count` uploads are refused with 503, as a media host that is
    down would answer them."""
    count = (await json_object(request)).get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 1000:
        raise SimError(400, "invalid_fault", "count must be a whole number from 0 to 1000")
    _host(request).refuse_uploads = count
    return JSONResponse({"success": True, "count": count})


async def media_host_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MediaHostError)
    return JSONResponse(
        {"success": False, "code": exc.code, "error": exc.message}, status_code=exc.status
    )


routes = [
    Route("/mms/{type}", upload, methods=["POST"]),
    Route("/mms/{type}/{token}", upload, methods=["POST"]),
    Route("/v/{rest:path}", download, methods=["GET"]),
    Route("/phones/{phone}/media", phone_send_media, methods=["POST"]),
    Route("/phones/{phone}/media/{message_id}", phone_received_media, methods=["GET"]),
    Route("/media/expire", expire_media, methods=["POST"]),
    Route("/media/refuse-uploads", refuse_uploads, methods=["POST"]),
]
