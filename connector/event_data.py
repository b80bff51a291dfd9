"""The `data` of the events that name a person or carry an engine's detail: one place
that decides what the tenant sees, whichever engine reported it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from connector.engine import (
    Disconnected,
    GroupUpdate,
    IncomingMessage,
    Media,
    MessageEdited,
    MessageRevoked,
    Person,
    PollVoteReceived,
    PresenceChanged,
    ReactionReceived,
    Receipt,
)
from wagate.bus import Event
from wagate.content import Contacts, Location, MessageContent, Poll
from wagate.timestamps import iso_utc

EVENT_QUARANTINED = "event_quarantined"


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
    # the chat: a group's id (then `author` names who wrote it), or the sender's number
    data["chat"] = message.chat or message.sender or message.sender_lid
    if message.chat:
        data["author"] = _person_object(Person(message.sender, message.sender_lid))
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
    if message.content is not None:
        data.update(content_data(message.content))
    flags = message.flags
    if flags.ephemeral:
        data["ephemeral"] = True
    if flags.view_once:
        data["viewOnce"] = True
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


def quarantined_data(event: Event, tries: int) -> dict[str, Any]:
    """The `error` event of an event set aside (connector/quarantine.py): which event it
    was, and the message and chat it names, for the tenant to look up."""
    data: dict[str, Any] = {
        "code": EVENT_QUARANTINED,
        "message": (
            f"the database refused to store this {event.type.value} event {tries} times: "
            "it was set aside for the operator, and the events after it go on"
        ),
        "eventId": event.id,
        "eventType": event.type.value,
    }
    for key in ("messageId", "chat"):
        if isinstance(event.data.get(key), str):
            data[key] = event.data[key]
    return data


# ---- messaging ----------------------------------------------------------------


def content_data(content: MessageContent) -> dict[str, Any]:
    """An incoming location, contact cards or poll: `type` says which, and its fields."""
    match content:
        case Location(latitude, longitude, name, address):
            location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
            if name:
                location["name"] = name
            if address:
                location["address"] = address
            return {"type": "location", "location": location}
        case Contacts(cards):
            return {
                "type": "contacts",
                "contacts": [{"name": c.display_name, "vcard": c.vcard} for c in cards],
            }
        case Poll(question, options, selectable):
            return {
                "type": "poll",
                "poll": {"question": question, "options": options, "selectableCount": selectable},
            }
    raise AssertionError(f"unknown content {content!r}")


def _person(data: dict[str, Any], number: str | None, lid: str, chat: str) -> dict[str, Any]:
    """`from` (a number; null only when WhatsApp named the person by LID alone and no
    number is known), `fromLid` when WhatsApp sent a LID, and `chat` as a message event
    has it: the group's id in a group, else the person's number (or LID)."""
    data["from"] = number
    if lid:
        data["fromLid"] = lid
    data["chat"] = chat or number or lid
    return data


def reaction_data(event: ReactionReceived) -> dict[str, Any]:
    data: dict[str, Any] = {
        "messageId": event.message_id,
        "emoji": event.emoji,
        "removed": event.emoji == "",
        "timestamp": event.timestamp_ms,
    }
    return _person(data, event.sender, event.sender_lid, event.chat)


def edited_data(event: MessageEdited) -> dict[str, Any]:
    data: dict[str, Any] = {
        "messageId": event.message_id,
        "text": event.text,
        "timestamp": event.timestamp_ms,
    }
    return _person(data, event.sender, event.sender_lid, event.chat)


def revoked_data(event: MessageRevoked) -> dict[str, Any]:
    data: dict[str, Any] = {"messageId": event.message_id, "timestamp": event.timestamp_ms}
    return _person(data, event.sender, event.sender_lid, event.chat)


def poll_vote_data(event: PollVoteReceived, options: list[str]) -> dict[str, Any]:
    """`options`: the names of the chosen options (the session knows its polls)."""
    data: dict[str, Any] = {
        "pollId": event.poll_id,
        "options": options,
        "timestamp": event.timestamp_ms,
    }
    return _person(data, event.voter, event.voter_lid, event.chat)


def presence_data(event: PresenceChanged) -> dict[str, Any]:
    data: dict[str, Any] = {"state": event.state}
    if event.last_seen_ms is not None:
        data["lastSeen"] = event.last_seen_ms
    return _person(data, event.peer, event.peer_lid, event.chat)


def _person_object(person: Person) -> dict[str, Any]:
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
        "by": _person_object(update.by) if update.by is not None else None,
        "timestamp": update.timestamp_ms,
    }
    if update.participants:
        data["participants"] = [_person_object(p) for p in update.participants]
    if update.subject is not None:
        data["subject"] = update.subject
    if update.description is not None:
        data["description"] = update.description
    return data
