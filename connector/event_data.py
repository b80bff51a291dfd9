"""The `data` of the events that name a person or carry an engine's detail: one place
that decides what the tenant sees, whichever engine reported it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from connector.engine import Disconnected, IncomingMessage, Media, Receipt
from wagate.timestamps import iso_utc


def message_data(message: IncomingMessage, media_id: str | None = None) -> dict[str, Any]:
    """`from` is the sender's number (null only when WhatsApp named the sender by LID
    alone and no number is known); `fromLid` is there when WhatsApp sent a LID. An
    attachment's descriptor names its `id` (GET .../media/{id}) when it has a row."""
    data: dict[str, Any] = {
        "messageId": message.message_id,
        "from": message.sender,
        "text": message.text,
        "timestamp": message.timestamp_ms,
    }
    if message.sender_lid:
        data["fromLid"] = message.sender_lid
    media = message.media
    if media is not None:
        data["media"] = {
            "type": media.kind,
            "mimetype": media.mimetype,
            "caption": media.caption,
            "filename": media.filename,
            "sizeBytes": media.size_bytes,
        }
        data["media"].update(media_descriptor(media, media_id))
    flags = message.flags
    if flags.ephemeral:
        data["ephemeral"] = True
    if flags.view_once:
        data["viewOnce"] = True
    if flags.edit_of:
        data["editOf"] = flags.edit_of
    if flags.revokes:
        data["revokes"] = flags.revokes
    return data


def media_descriptor(media: Media, media_id: str | None) -> dict[str, Any]:
    """What an attachment adds to the seed's descriptor: its hash, what is known of its
    length and size, and (with a row) its id. Webhooks add a signed `downloadUrl`."""
    out: dict[str, Any] = {"sha256": media.sha256}
    for key, value in (
        ("durationSeconds", media.duration_s),
        ("width", media.width),
        ("height", media.height),
    ):
        if value is not None:
            out[key] = value
    if media_id is not None:
        out["id"] = media_id
    return out


def receipt_data(receipt: Receipt) -> dict[str, Any]:
    data: dict[str, Any] = {
        "messageId": receipt.message_id,
        "to": receipt.peer,
        "status": receipt.status,
    }
    if receipt.peer_lid:
        data["toLid"] = receipt.peer_lid
    return data


def failed_data(event: Disconnected) -> dict[str, Any]:
    """What a session that gave up says: the engine's detail, and for a temporary ban
    when WhatsApp lifts it (a restart before then meets the same refusal)."""
    data: dict[str, Any] = {"detail": event.detail}
    if event.until_ms is not None:
        data["until"] = iso_utc(datetime.fromtimestamp(event.until_ms / 1000, UTC))
    return data
