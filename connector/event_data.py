"""The `data` of the events that name a person or carry an engine's detail: one place
that decides what the tenant sees, whichever engine reported it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from connector.engine import Disconnected, GroupUpdate, IncomingMessage, Person, Receipt
from wagate.timestamps import iso_utc


def message_data(message: IncomingMessage) -> dict[str, Any]:
    """`from` is the sender's number (null only when WhatsApp named the sender by LID
    alone and no number is known); `fromLid` is there when WhatsApp sent a LID."""
    data: dict[str, Any] = {
        "messageId": message.message_id,
        "from": message.sender,
        "text": message.text,
        "timestamp": message.timestamp_ms,
    }
    if message.sender_lid:
        data["fromLid"] = message.sender_lid
    # the chat: a group's id (then `author` names who wrote it), or the sender's number
    data["chat"] = message.chat or message.sender or message.sender_lid
    if message.chat:
        data["author"] = _person(Person(message.sender, message.sender_lid))
    media = message.media
    if media is not None:
        data["media"] = {
            "type": media.kind,
            "mimetype": media.mimetype,
            "caption": media.caption,
            "filename": media.filename,
            "sizeBytes": media.size_bytes,
        }
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


def _person(person: Person) -> dict[str, Any]:
    """Someone an event names: `phone` (null only when WhatsApp named them by LID alone
    and no number is known), and `lid` when WhatsApp uses one."""
    data: dict[str, Any] = {"phone": person.phone}
    if person.lid:
        data["lid"] = person.lid
    return data


def group_update_data(update: GroupUpdate) -> dict[str, Any]:
    data: dict[str, Any] = {
        "groupId": update.group_id,
        "action": update.action,
        "by": _person(update.by) if update.by is not None else None,
        "timestamp": update.timestamp_ms,
    }
    if update.participants:
        data["participants"] = [_person(p) for p in update.participants]
    if update.subject is not None:
        data["subject"] = update.subject
    if update.description is not None:
        data["description"] = update.description
    return data
