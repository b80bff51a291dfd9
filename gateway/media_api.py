"""Media: sending every kind (`POST /sessions/{companyId}/messages/{kind}`), and fetching
what arrived (`GET /sessions/{companyId}/media/{mediaId}`, and the signed link webhooks
carry, `GET /media/{mediaId}?tenant&expires&sig`, which needs no API token).

A send gives its bytes one of three ways:
- multipart/form-data with a `file` part: streamed into the blob store, capped per kind
  (413 the moment the cap is passed, never read whole), sniffed, then sent;
- JSON with `data` (base64), within WAGATE_MEDIA_JSON_MAX_BYTES: the same after decoding;
- JSON with `url`: the connector fetches it (SSRF guard, size cap, timeout, at most 3
  redirects, each checked); a URL the guard refuses by its shape is refused here.
Every way ends in `send.send_message` with a MediaFile content: the Idempotency-Key's
body hash covers the bytes' sha256 (or the URL), and the rate limit counts a media send
as one send.
"""

from __future__ import annotations

import base64
import binascii
import functools
import logging
import re
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import WithJsonSchema
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from gateway.access import tenant_for
from gateway.bus_client import tenant_call
from gateway.database import Database
from gateway.errors import ApiError, refuse_declared_over
from gateway.multipart_upload import MultipartUpload
from gateway.principal import Scope
from gateway.schemas import Flag, Mentions, OutgoingMessage, mentioned, refuse_null, validate
from gateway.schemas import read_body as read_json_body
from gateway.send import refuse_before_storing, send_message
from gateway.services import services
from gateway.tenant_ids import COMPANY_ID
from gateway.tenants import Tenants
from wagate import media_links
from wagate.blobs import BlobInfo, BlobMissing, BlobStore, BlobTooLarge
from wagate.blobs.keys import upload_key
from wagate.bus import FetchMedia, MediaStored, SendMessage
from wagate.config import GatewaySettings
from wagate.content import VIEW_ONCE_KINDS, MediaFile
from wagate.media_types import (
    GENERIC,
    MEDIA_KINDS,
    MediaRefused,
    check,
    max_bytes,
    valid_mimetype,
)
from wagate.ssrf import UnsafeUrl, parse_url
from wagate.tables import media

log = logging.getLogger(__name__)

MAX_CAPTION_CHARS = 1024  # WhatsApp's caption limit
MAX_FILENAME_CHARS = 240
MAX_URL_CHARS = 2048
_SIGNATURE = re.compile(r"[0-9a-f]{64}")
_HEX = re.compile(r"[0-9a-f]{1,128}")
# an upload is kept this long for its send (a queued command may wait for a connector);
# once sent, the connector shortens it (a retry of the same bytes may reuse it)
UPLOAD_KEPT = timedelta(hours=24)
# what a multipart body may have besides the file (boundaries, headers, text fields)
_MULTIPART_OVERHEAD = 256 * 1024

# optional, but never null: absent is the default
MimeType = Annotated[
    str | None, WithJsonSchema({"type": "string", "maxLength": 255}), Field(max_length=255)
]
Url = Annotated[
    str | None,
    WithJsonSchema({"type": "string", "minLength": 8, "maxLength": MAX_URL_CHARS}),
    Field(min_length=8, max_length=MAX_URL_CHARS),
]
Base64 = Annotated[  # no maxLength: WAGATE_MEDIA_JSON_MAX_BYTES bounds the body
    str | None, WithJsonSchema({"type": "string", "minLength": 4}), Field(min_length=4)
]
Caption = Annotated[str, Field(max_length=MAX_CAPTION_CHARS)]
FileName = Annotated[str, Field(max_length=MAX_FILENAME_CHARS)]


class MediaUpload(OutgoingMessage):
    """The text fields of a multipart media send (its bytes are the `file` part)."""

    mimetype: MimeType = None

    _no_null_type = field_validator("mimetype")(refuse_null)


def _form_flag(value: object) -> object:
    """A multipart text field is text: "true" and "false" are the flag."""
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


class ViewOnceUpload(MediaUpload):
    """An image, video or voice note: `viewOnce` ("true") lets the recipient open it once."""

    viewOnce: bool = False

    _flag = field_validator("viewOnce", mode="before")(_form_flag)


class CaptionedMediaUpload(ViewOnceUpload):
    # an image or a video may be a status, or a channel post (a document may not)
    STATUS_KIND = CHANNEL_KIND = True
    caption: Caption = ""


class DocumentUpload(MediaUpload):
    caption: Caption = ""
    filename: FileName = ""


class MediaMessage(MediaUpload):
    """A JSON media send: its bytes at a public `url`, or base64 in `data`."""

    url: Url = None
    data: Base64 = None

    _no_null_source = field_validator("url", "data")(refuse_null)


class ViewOnceMessage(MediaMessage):
    """An image, video or voice note: `viewOnce` lets the recipient open it once."""

    viewOnce: bool = False


class MentionsInCaption(BaseModel):
    """A JSON send's caption mentions as a text does (gateway/schemas.py `mentioned`)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    to: str
    caption: Caption = ""
    mentions: Mentions = None
    mentionAll: Flag = None

    _no_null_mentions = field_validator("mentions", "mentionAll")(refuse_null)

    @model_validator(mode="after")
    def _caption_mentions(self) -> MentionsInCaption:
        self.mentions = mentioned(self.caption, self.mentions, self.mentionAll, self.to)
        return self


class CaptionedMediaMessage(ViewOnceMessage, MentionsInCaption):
    # an image or a video may be a status, or a channel post (a document may not)
    STATUS_KIND = CHANNEL_KIND = True


class DocumentMessage(MediaMessage, MentionsInCaption):
    filename: FileName = ""


# each kind's JSON body and multipart fields
SCHEMAS: dict[str, tuple[type[MediaMessage], type[MediaUpload]]] = {
    "image": (CaptionedMediaMessage, CaptionedMediaUpload),
    "video": (CaptionedMediaMessage, CaptionedMediaUpload),
    "audio": (MediaMessage, MediaUpload),
    "voice": (ViewOnceMessage, ViewOnceUpload),
    "document": (DocumentMessage, DocumentUpload),
    "sticker": (MediaMessage, MediaUpload),
}
assert tuple(SCHEMAS) == MEDIA_KINDS
assert {
    k for k, (json_body, _) in SCHEMAS.items() if issubclass(json_body, ViewOnceMessage)
} == set(VIEW_ONCE_KINDS)


def _refused(e: MediaRefused) -> ApiError:
    return ApiError(e.code, e.message)


def _too_large(kind: str, cap: int) -> ApiError:
    article = "an" if kind[0] in "aeiou" else "a"
    return ApiError("media_too_large", f"{article} {kind} may have at most {cap} bytes")


# ---- sending ---------------------------------------------------------------------------


def _send_route(kind: str) -> Route:
    async def send_media(request: Request) -> Response:
        _, tenant_id = await tenant_for(request, Scope.SEND)
        content_type = request.headers.get("content-type", "").lower()
        if content_type.startswith("multipart/"):
            await refuse_before_storing(request, tenant_id)
            body, file = await _from_upload(request, tenant_id, kind)
        else:
            body, file = await _from_json(request, tenant_id, kind)
        # the body's `to` (public, kept) is the chat
        return await send_message(
            request, tenant_id, SendMessage(body.to, file, body.quotedMessageId)
        )

    return Route(f"/sessions/{{companyId}}/messages/{kind}", send_media, methods=["POST"])


def _file(kind: str, body: MediaUpload | None, **source: object) -> MediaFile:
    return MediaFile(
        kind=kind,
        caption=getattr(body, "caption", ""),
        filename=getattr(body, "filename", ""),
        view_once=True if getattr(body, "viewOnce", False) else None,
        mentions=getattr(body, "mentions", None),
        mention_all=True if getattr(body, "mentionAll", None) else None,
        **source,  # type: ignore[arg-type]
    )


async def _from_json(request: Request, tenant_id: str, kind: str) -> tuple[MediaMessage, MediaFile]:
    settings: GatewaySettings = services(request).settings
    body = await read_json_body(request, SCHEMAS[kind][0], settings.media_json_max_bytes)
    if (body.url is None) == (body.data is None):
        raise ApiError(
            "media_source_invalid", "give exactly one of `url` and `data` (or upload a file)"
        )
    if body.url is not None:
        try:
            parse_url(body.url)  # refused here, before a command is queued for it
        except UnsafeUrl as e:
            raise ApiError("url_not_allowed", f"the media URL is refused: {e}") from None
        return body, _file(kind, body, url=body.url, mimetype=body.mimetype)
    await refuse_before_storing(request, tenant_id)
    try:
        raw = base64.b64decode(body.data or "", validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(
            "validation_failed", "data: is not base64", details=[_field("data", "not base64")]
        ) from None

    async def one_chunk() -> AsyncIterator[bytes]:
        yield raw

    file = await _store_upload(request, tenant_id, kind, body, one_chunk(), body.mimetype)
    return body, file


def _field(name: str, message: str) -> dict[str, str]:
    return {"field": name, "message": message}


async def _from_upload(
    request: Request, tenant_id: str, kind: str
) -> tuple[MediaUpload, MediaFile]:
    settings: GatewaySettings = services(request).settings
    cap = max_bytes(settings, kind)
    refusal = functools.partial(_too_large, kind, cap)
    await refuse_declared_over(request, cap + _MULTIPART_OVERHEAD, refusal)
    upload = MultipartUpload(request)
    # the text fields may come before or after the file: they are read with it
    file = await _store_upload(request, tenant_id, kind, None, upload.file_chunks(), None, upload)
    return _multipart_body(kind, upload), file


def _multipart_body(kind: str, upload: MultipartUpload) -> MediaUpload:
    fields: dict[str, object] = dict(upload.fields)
    if kind == "document" and "filename" not in fields and upload.file_name:
        fields["filename"] = upload.file_name[:MAX_FILENAME_CHARS]
    return validate(SCHEMAS[kind][1], fields)


async def _store_upload(
    request: Request,
    tenant_id: str,
    kind: str,
    body: MediaUpload | None,
    chunks: AsyncIterator[bytes],
    declared: str | None,
    upload: MultipartUpload | None = None,
) -> MediaFile:
    """Stream `chunks` into the blob store (capped), check the bytes are what the kind
    takes, and record the upload for the connector; the content that names it."""
    settings: GatewaySettings = services(request).settings
    blobs: BlobStore = services(request).blobs
    cap = max_bytes(settings, kind)
    key = upload_key(tenant_id)
    try:
        info: BlobInfo = await blobs.put(key, chunks, max_bytes=cap)
    except BlobTooLarge:
        raise _too_large(kind, cap) from None
    try:
        if upload is not None:
            body = _multipart_body(kind, upload)
            declared = body.mimetype or _declared_part_type(upload.file_type)
        checked = check(settings, kind, declared, info.head, info.size_bytes)
        db: Database = services(request).db
        row_id = media.outgoing_id(tenant_id, info.sha256)
        kept = await media.keep_upload(
            await db.pool(),
            media.MediaRow(
                id=row_id,
                tenant_id=tenant_id,
                direction="out",
                kind=kind,
                mimetype=checked.mimetype,
                size_bytes=info.size_bytes,
                sha256=info.sha256,
                blob_key=key,
                expires_at=datetime.now(UTC) + UPLOAD_KEPT,
            ),
        )
    except MediaRefused as e:
        await blobs.delete(key)
        raise _refused(e) from None
    except BaseException:
        await blobs.delete(key)
        raise
    if kept != key:  # the same bytes were uploaded before: keep one copy
        await blobs.delete(key)
    return _file(
        kind,
        body,
        mimetype=checked.mimetype,
        sha256=info.sha256,
        size_bytes=info.size_bytes,
        convert=checked.needs_conversion,
    )


async def store_upload(
    request: Request, tenant_id: str, kind: str, chunks: AsyncIterator[bytes], declared: str | None
) -> MediaFile:
    """Bytes given by another route than a send (a profile picture), stored and checked
    as a send's upload of `kind` is: under its cap, sniffed, recorded for the connector."""
    return await _store_upload(request, tenant_id, kind, None, chunks, declared)


def _declared_part_type(part_type: str | None) -> str | None:
    """A file part's own Content-Type; the generic one says nothing."""
    if not part_type or part_type.split(";")[0].strip().lower() == "application/octet-stream":
        return None
    return part_type


# ---- fetching --------------------------------------------------------------------------


async def get_media(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    return await _serve(request, tenant_id, request.path_params["mediaId"])


async def get_signed_media(request: Request) -> Response:
    """The webhook's link: valid for one tenant's one file until its expiry."""
    settings: GatewaySettings = services(request).settings
    media_id = request.path_params["mediaId"]
    query = request.query_params
    tenant_id, expires, sig = query.get("tenant", ""), query.get("expires", ""), query.get("sig")
    well_formed = (
        _SIGNATURE.fullmatch(sig or "")
        and COMPANY_ID.fullmatch(tenant_id)
        and expires.isascii()
        and expires.isdigit()
        and len(expires) <= 12
    )
    if not well_formed or sig is None:
        raise ApiError("media_url_invalid", "the link is not a signed media link")
    problem = media_links.verify(
        settings.media_url_secret, tenant_id, media_id, int(expires), sig, time.time()
    )
    if problem == "media_url_expired":
        raise ApiError(problem, "the link has expired; a newer event or the API has one")
    if problem is not None:
        raise ApiError("media_url_invalid", "the link's signature does not match")
    tenants: Tenants = services(request).tenants
    if (await tenants.status(tenant_id)).disabled:  # as its tokens and keys are refused
        raise ApiError("tenant_disabled", "this tenant is disabled")
    return await _serve(request, tenant_id, media_id)


def _not_found(media_id: str) -> ApiError:
    return ApiError("media_not_found", f"no media {media_id} for this company")


async def _serve(request: Request, tenant_id: str, media_id: str) -> Response:
    if not media_id.startswith("med_") or len(media_id) > 64:
        raise _not_found(media_id)
    db: Database = services(request).db
    row = await media.find(await db.pool(), tenant_id, media_id)
    if row is None or row.direction != "in":
        raise _not_found(media_id)
    if row.expires_at <= datetime.now(UTC):
        raise ApiError(
            "media_retention_expired", f"media {media_id} was kept for its retention time"
        )
    if row.state == "failed" and row.error:
        raise ApiError(row.error, f"media {media_id} cannot be fetched")
    key, size = row.blob_key, row.size_bytes
    if row.state != "stored" or key is None:  # downloaded on first request: ask now
        stored = await tenant_call(request, tenant_id, FetchMedia(media_id), MediaStored)
        key, size = stored.blob_key, stored.size_bytes
    blobs: BlobStore = services(request).blobs
    chunks = blobs.get(key)
    try:
        first = await anext(chunks, b"")
    except BlobMissing:
        raise _not_found(media_id) from None

    async def body() -> AsyncIterator[bytes]:
        try:
            if first:
                yield first
            async for chunk in chunks:
                yield chunk
        finally:
            await chunks.aclose()  # type: ignore[attr-defined]

    filename = row.filename or f"{media_id}"
    # the sender named the type: only a well-formed one goes into a header
    mimetype = row.mimetype if valid_mimetype(row.mimetype) else GENERIC
    return StreamingResponse(
        body(),
        media_type=mimetype,
        headers={
            "content-length": str(size),
            # served from the API's origin: never rendered as a page there
            "content-disposition": _attachment(filename),
            "x-content-type-options": "nosniff",
            "content-security-policy": "sandbox; default-src 'none'",
            "cache-control": "private, max-age=0",
            "x-media-sha256": row.sha256 if _HEX.fullmatch(row.sha256) else "",
        },
    )


def _attachment(filename: str) -> str:
    ascii_name = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


routes = [
    *(_send_route(kind) for kind in MEDIA_KINDS),
    Route("/sessions/{companyId}/media/{mediaId}", get_media, methods=["GET"]),
    Route("/media/{mediaId}", get_signed_media, methods=["GET"]),
]
