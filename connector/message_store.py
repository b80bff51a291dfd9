"""What the message store keeps of each thing a session sees or sends, as the changes
wagate/tables/message_store.py applies: made here, applied by the ingest and send paths
in the transaction that already records the message (docs/conversations.md).

The tenant's setting (off, metadata, full) is re-read at most every few seconds
(connector/cached_setting.py), so the hot path pays no extra round trip for it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from connector.cached_setting import CachedSetting
from connector.clock import Clock
from connector.engine import (
    Attachment,
    HistoryMessage,
    IncomingMessage,
    MessageEdited,
    MessageRevoked,
    Outgoing,
    OutgoingMedia,
    PollVoteReceived,
    ReactionReceived,
)
from connector.event_data import live_location_info
from connector.store import Store
from wagate.content import (
    Contacts,
    Edit,
    Keep,
    LiveLocation,
    Location,
    MessageContent,
    Pin,
    Poll,
    Reaction,
    Revoke,
    Text,
    no_chat,
)
from wagate.public_events import render
from wagate.tables import contacts
from wagate.tables import message_store as ms

StoreMode = CachedSetting[str]
StoredAction = ReactionReceived | MessageEdited | MessageRevoked | PollVoteReceived
# what a send sent: the engine's content, or for a media send the file as it went out
SentKind = Outgoing | OutgoingMedia


def store_mode(tenant_id: str, store: Store, clock: Clock) -> StoreMode:
    """The tenant's message store setting (off, metadata, full), cached briefly."""
    return CachedSetting(lambda: store.message_store_mode(tenant_id), clock, "off")


def _at(timestamp_ms: int) -> datetime:
    return datetime.fromtimestamp(timestamp_ms / 1000, UTC)


def content_json(content: MessageContent) -> tuple[str, dict[str, Any]]:
    """(kind, the API's JSON) of a location, contact cards or a poll."""
    match content:
        case Location(latitude, longitude, name, address):
            return "location", {
                "latitude": latitude,
                "longitude": longitude,
                "name": name,
                "address": address,
            }
        case LiveLocation():
            return "location", render(live_location_info(content))
        case Contacts(cards):
            return "contacts", {
                "contacts": [{"displayName": c.display_name, "vcard": c.vcard} for c in cards]
            }
        case Poll(question, options, selectable):
            return "poll", {"question": question, "options": options, "selectable": selectable}


def incoming(
    tenant_id: str, message: IncomingMessage, media_id: str | None, mode: str
) -> ms.NewMessage | None:
    if mode == "off" or no_chat(message.chat):  # a status is no chat's message
        return None
    full = mode == "full"
    sender = message.sender or message.sender_lid
    kind, content = "text", None
    if message.content is not None:
        kind, content = content_json(message.content)
    media = None
    if message.media is not None:
        kind = message.media.kind
        media = {
            "mediaId": media_id,
            "kind": message.media.kind,
            "mimetype": message.media.mimetype,
            "sizeBytes": message.media.size_bytes,
            **({"filename": message.media.filename} if full and message.media.filename else {}),
        }
    return ms.NewMessage(
        tenant_id,
        chat=message.chat or sender,
        message_id=message.message_id,
        direction="in",
        sender=sender,
        kind=kind,
        body=(message.text or None) if full else None,
        sent_at=_at(message.timestamp_ms),
        content=content if full else None,
        media=media,
    )


def from_history(tenant_id: str, item: HistoryMessage, mode: str) -> ms.NewMessage | None:
    """A message of a history sync, in its chat, the account's own ones as sent. Its
    attachment is described, not kept (the store keeps no download ref for it)."""
    kept = incoming(tenant_id, item.message, None, mode)
    if kept is None:
        return None
    if item.from_me:
        return replace(kept, chat=item.chat, direction="out", sender="", unread=False)
    return replace(kept, chat=item.chat, unread=False)


def contact_seen(tenant_id: str, message: IncomingMessage, mode: str) -> contacts.Seen | None:
    """The writer of a message, with the push name it carried: kept beside the store, so
    under its setting."""
    if mode == "off":
        return None
    who = message.sender or message.sender_lid
    return contacts.Seen(tenant_id, who, message.sender_lid, message.push_name)


def group_named(
    tenant_id: str, group_id: str, subject: str | None, mode: str
) -> contacts.GroupNamed | None:
    """A group's subject, where an update or the group's info gives one: the name its
    chat is listed by."""
    if mode == "off" or subject is None:
        return None
    return contacts.GroupNamed(tenant_id, group_id, subject)


def incoming_action(
    tenant_id: str, action: StoredAction, chosen: list[str], mode: str
) -> ms.Change | None:
    """A reaction, edit, revoke or vote, as a change to the message it names; `chosen`:
    a vote's options by name."""
    if mode == "off":
        return None
    match action:
        case ReactionReceived():
            who = action.sender or action.sender_lid
            return ms.Reacted(tenant_id, action.chat or who, action.message_id, who, action.emoji)
        case MessageEdited():
            who = action.sender or action.sender_lid
            text = action.text if mode == "full" else None
            at = _at(action.timestamp_ms)
            return ms.Edited(tenant_id, action.chat or who, action.message_id, text, at)
        case MessageRevoked():
            who = action.sender or action.sender_lid
            at = _at(action.timestamp_ms)
            return ms.Revoked(tenant_id, action.chat or who, action.message_id, at)
        case PollVoteReceived():
            who = action.voter or action.voter_lid
            return ms.Voted(tenant_id, action.chat or who, action.poll_id, who, chosen)


@dataclass(frozen=True)
class Sent:
    """A message as it went out: where, under which id, when."""

    tenant_id: str
    to: str
    message_id: str
    sent_at: datetime
    quoted_id: str | None
    own_phone: str  # who reacts, for a reaction the session sent


def outgoing(sent: Sent, content: SentKind, mode: str) -> ms.Change | None:
    if mode == "off" or no_chat(sent.to):  # as the apps keep statuses out of chats
        return None
    full = mode == "full"
    t, to = sent.tenant_id, sent.to
    match content:
        case Reaction(message_id=message_id, emoji=emoji):
            return ms.Reacted(t, to, message_id, sent.own_phone, emoji)
        case Edit(message_id, text):
            return ms.Edited(t, to, message_id, text if full else None, sent.sent_at)
        case Revoke(message_id):
            return ms.Revoked(t, to, message_id, sent.sent_at)
        case Pin() | Keep():  # they change how the chat shows a message, not a stored one
            return None
    kind, body, json_content, media = _outgoing_parts(content, full)
    return ms.NewMessage(
        t,
        chat=to,
        message_id=sent.message_id,
        direction="out",
        sender="",
        kind=kind,
        body=body,
        sent_at=sent.sent_at,
        content=json_content,
        media=media,
        quoted_id=sent.quoted_id,
    )


def _outgoing_parts(
    content: Text | Attachment | OutgoingMedia | Location | Contacts | Poll, full: bool
) -> tuple[str, str | None, dict[str, Any] | None, dict[str, Any] | None]:
    """(kind, body, content, media descriptor) of a message the session sent."""
    if isinstance(content, Attachment):
        content = content.media
    match content:
        case Text(text):
            return "text", text if full else None, None, None
        case OutgoingMedia() as media:
            descriptor = {
                "kind": media.kind,
                "mimetype": media.mimetype,
                "sizeBytes": media.size_bytes,
                "sha256": media.sha256,
                **({"filename": media.filename} if full and media.filename else {}),
            }
            return media.kind, (media.caption or None) if full else None, None, descriptor
        case _:
            kind, json_content = content_json(content)
            return kind, None, json_content if full else None, None
