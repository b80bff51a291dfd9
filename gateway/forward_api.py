"""Forwarding a stored message: POST /sessions/{companyId}/chats/{chatId}/messages/
{messageId}/forward `{"to"}` sends the message the tenant's message store keeps (sent or
received in that chat) to another chat, as the same content marked forwarded (WhatsApp
shows "Forwarded"), through the one `send_message` (gateway/send.py).

The content comes from the store, so a message it does not keep is `404
message_not_found`, and one whose content it did not keep (a store of metadata only), a
revoked one, a poll (whose votes belong to the original) or a live location's update is
`409 message_not_forwardable`. An attachment's bytes are the ones wagate already keeps
(the upload, or the downloaded incoming file): nothing is uploaded to wagate again;
without them it is `404 media_not_stored`. It needs both the `send` and the `read` scope:
forwarding shows the store's content to whoever is at `to`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.access import tenant_for
from gateway.conversations_api import reading
from gateway.errors import ApiError
from gateway.principal import Scope
from gateway.schemas import MAX_CHAT_ID_CHARS, chat_id, path_ids, read_body
from gateway.send import send_message
from gateway.services import services
from wagate.bus import SendMessage
from wagate.config import GatewaySettings
from wagate.content import ContactCard, Contacts, Location, MediaFile, SendContent, Text
from wagate.media_types import MEDIA_KINDS
from wagate.tables import media
from wagate.tables import message_store as ms


class ForwardBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    to: str = Field(
        max_length=MAX_CHAT_ID_CHARS,
        description="the chat to forward to: a phone number or a group id (…@g.us)",
    )

    _to = field_validator("to")(chat_id)


async def forward(request: Request) -> Response:
    principal, tenant_id = await tenant_for(request, Scope.SEND)
    # it sends what the store keeps to any chat: a key that may not read the store may
    # not forward from it either
    principal.require(Scope.READ)
    at = path_ids(request)
    settings: GatewaySettings = services(request).settings
    body = await read_body(request, ForwardBody, settings.max_body_bytes)
    async with reading(request, tenant_id) as conn:
        stored = await ms.message(conn, tenant_id, at.message_id)
    if stored is None or stored.chat != at.chat:
        raise ApiError(
            "message_not_found", f"the store keeps no message {at.message_id} in {at.chat}"
        )
    content = await _content(request, tenant_id, stored)
    return await send_message(request, tenant_id, SendMessage(body.to, content))


def _not_forwardable(why: str) -> ApiError:
    return ApiError("message_not_forwardable", f"the message cannot be forwarded: {why}")


async def _content(request: Request, tenant_id: str, m: ms.StoredMessage) -> SendContent:
    """The stored message as the content a send carries, marked forwarded."""
    if m.revoked_at is not None:
        raise _not_forwardable("it was deleted for everyone")
    if m.kind in MEDIA_KINDS:
        return await _attachment(request, tenant_id, m)
    if m.kind == "text" and m.body is not None:
        return Text(m.body, forwarded=True)
    content: dict[str, Any] = m.content or {}
    if content.get("live"):
        raise _not_forwardable("a live location is the sharer's own")
    if m.kind == "location" and content:
        return Location(
            float(content["latitude"]),
            float(content["longitude"]),
            str(content.get("name") or ""),
            str(content.get("address") or ""),
            forwarded=True,
        )
    if m.kind == "contacts" and content:
        cards = [ContactCard(str(c["displayName"]), str(c["vcard"])) for c in content["contacts"]]
        return Contacts(cards, forwarded=True)
    if m.kind == "poll":
        raise _not_forwardable("a poll's votes belong to the original")
    raise _not_forwardable("the message store kept its metadata only (messageStore: full)")


async def _attachment(request: Request, tenant_id: str, m: ms.StoredMessage) -> MediaFile:
    """The attachment from the bytes wagate keeps: an upload's row (named by its sha256)
    or an incoming file's (named by its media id, once downloaded)."""
    described: dict[str, Any] = m.media or {}
    sha256 = described.get("sha256")
    media_id = described.get("mediaId") or (
        media.outgoing_id(tenant_id, str(sha256)) if sha256 else None
    )
    pool = await services(request).db.pool()
    row = await media.find(pool, tenant_id, str(media_id)) if media_id else None
    if row is None or row.blob_key is None:
        raise ApiError("media_not_stored", "wagate no longer keeps the attachment's bytes")
    kind = str(described.get("kind") or m.kind)
    caption = (m.body or "") if kind in ("image", "video", "document") else ""
    filename = str(described.get("filename") or row.filename)
    # an upload of the session's own is named by its content, as a send names it
    source = {"sha256": str(sha256)} if sha256 else {"media_id": row.id}
    return MediaFile(
        kind,
        caption,
        filename,
        row.mimetype,
        size_bytes=row.size_bytes,
        forwarded=True,
        **source,  # type: ignore[arg-type]
    )


routes = [
    Route(
        "/sessions/{companyId}/chats/{chatId}/messages/{messageId}/forward",
        forward,
        methods=["POST"],
    ),
]
