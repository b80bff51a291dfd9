"""The conversations API's JSON for a chat and a stored message: made here and only here."""

from __future__ import annotations

from collections import Counter
from typing import Any

from wagate.tables.contacts import Contact
from wagate.tables.message_store import MUTED_FOREVER, Chat, StoredMessage
from wagate.timestamps import iso_utc


def chat_json(chat: Chat, known_name: str | None = None) -> dict[str, Any]:
    """`known_name`: a person's name or a group's subject (wagate/tables/contacts.py)."""
    return {
        "chatId": chat.chat,
        "kind": chat.kind,
        "name": chat.name or known_name,
        "lastActivityAt": iso_utc(chat.last_at),
        "lastMessage": {
            "messageId": chat.last_message_id,
            "kind": chat.last_kind,
            "direction": chat.last_direction,
            "preview": chat.preview,  # null: metadata only, or revoked
        },
        "unreadCount": chat.unread,
        **chat_state_json(chat),
    }


def chat_state_json(chat: Chat) -> dict[str, Any]:
    """How the account shows the chat (WhatsApp's app state)."""
    muted = chat.muted_until
    return {
        "archived": chat.archived,
        "pinned": chat.pinned,
        "mutedUntil": "forever" if muted is not None and muted >= MUTED_FOREVER else iso_utc(muted),
        "unread": chat.marked_unread,  # marked unread by hand (unreadCount counts messages)
    }


def _poll_json(m: StoredMessage) -> dict[str, Any] | None:
    if m.kind != "poll":
        return None
    votes: dict[str, list[str]] = m.votes or {}
    tally = Counter(option for chosen in votes.values() for option in chosen)
    return {"votes": votes, "tally": dict(tally)}


def message_json(m: StoredMessage) -> dict[str, Any]:
    return {
        "messageId": m.message_id,
        "chatId": m.chat,
        "direction": m.direction,
        "from": m.sender or None,  # null: the tenant's own
        "kind": m.kind,
        "text": m.body,  # the text or caption; null: metadata only, or revoked
        "content": m.content,
        "media": m.media,
        "quotedMessageId": m.quoted_id,
        "timestamp": iso_utc(m.sent_at),
        "editedAt": iso_utc(m.edited_at),
        "edits": m.edits,
        "revoked": m.revoked_at is not None,
        "revokedAt": iso_utc(m.revoked_at),
        "reactions": [{"from": who, "emoji": emoji} for who, emoji in m.reactions.items()],
        "poll": _poll_json(m),
        "status": m.status,
        "statusHistory": m.statuses,
    }


def contact_json(c: Contact) -> dict[str, Any]:
    number = None if c.contact == c.lid else c.contact  # known by LID alone: no number
    return {
        "contactId": c.contact,
        "phone": number,
        "lid": c.lid,
        "pushName": c.push_name,
        "name": c.name,  # from the account's address book; null where app state gave none
    }
