"""History sync as WhatsApp's phone does it: the conversations a phone had before a
device linked go to that device after pairing, in chunks of bounded size, each a zlib
blob of its messages (WhatsApp sends compressed protobuf blobs; here, JSON). First an
`initial_bootstrap` of every chat's newest messages, then the older ones as `recent`
chunks, newest first; each chunk waits for the device's `history_received`, so a slow
device paces the phone and holds one chunk at a time (docs/sim-network.md, "History")."""

from __future__ import annotations

import base64
import json
import secrets
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from simnet import protocol as p
from simnet.bodies import MAX_TEXT, phone_number
from simnet.errors import SimError

BOOTSTRAP_PER_CHAT = 100  # newest messages of each chat in the bootstrap
CHUNK_MESSAGES = 250  # at most this many messages a chunk
MAX_MESSAGES = 100_000  # a phone's history, as the control API takes it
MAX_ON_DEMAND = 500  # at most this many messages an on-demand request gets
_GROUP_SUFFIX = "@g.us"


@dataclass(frozen=True)
class OldMessage:
    chat: str  # the other person's number, or a group id
    id: str
    from_me: bool  # written by the phone's owner
    sender: str  # its author's number
    text: str
    timestamp: int  # ms

    def wire(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from_me": self.from_me,
            "from": self.sender,
            "text": self.text,
            "timestamp": self.timestamp,
        }


def _invalid(message: str) -> SimError:
    return SimError(400, "invalid_history", message)


def parse(owner: str, body: dict[str, Any]) -> list[OldMessage]:
    """`{"chats": [{"chat", "messages": [{"text", "fromMe"?, "from"?, "id"?,
    "timestamp"?}]}]}`; a message without a time is a second older than the next."""
    chats = body.get("chats")
    if not isinstance(chats, list) or not chats:
        raise _invalid("chats must be a non-empty list")
    found = [m for chat in chats for m in _chat(owner, chat)]
    if len(found) > MAX_MESSAGES:
        raise _invalid(f"at most {MAX_MESSAGES} messages")
    return found


def _chat(owner: str, chat: Any) -> list[OldMessage]:
    if not isinstance(chat, dict) or not isinstance(chat.get("messages"), list):
        raise _invalid("each chat is {chat, messages: [...]}")
    name = chat.get("chat")
    group = isinstance(name, str) and name.endswith(_GROUP_SUFFIX)
    peer = name if isinstance(name, str) and group else phone_number(name, "chat")
    messages = chat["messages"]
    start = int(time.time() * 1000) - 1000 * len(messages)
    return [_message(owner, peer, group, m, start + 1000 * i) for i, m in enumerate(messages)]


def _message(owner: str, chat: str, group: bool, m: Any, default_at: int) -> OldMessage:
    if not isinstance(m, dict):
        raise _invalid("each message is an object")
    text, from_me, at = m.get("text"), m.get("fromMe", False), m.get("timestamp", default_at)
    if not isinstance(text, str) or not 0 < len(text) <= MAX_TEXT:
        raise _invalid(f"text must be 1 to {MAX_TEXT} characters")
    if not isinstance(from_me, bool) or not isinstance(at, int) or isinstance(at, bool):
        raise _invalid("fromMe is true or false, timestamp Unix milliseconds")
    if from_me:
        sender = owner
    else:
        sender = phone_number(m.get("from"), "from") if group else chat
    message_id = m.get("id") or secrets.token_hex(10).upper()
    if not isinstance(message_id, str) or not message_id.isalnum() or len(message_id) > 64:
        raise _invalid("id must be 1 to 64 letters and digits")
    return OldMessage(chat, message_id, from_me, sender, text, at)


def chunks(history: list[OldMessage], taken: str = "all") -> Iterator[dict[str, Any]]:
    """The `history` frames of a sync of `history`, made one at a time as each is sent,
    as much as the device asked for when pairing (`taken`: all, none, <N>d)."""
    if taken == "none":
        return
    days = int(taken[:-1]) if taken.endswith("d") and taken[:-1].isdigit() else None
    since = int(time.time() * 1000) - days * 86_400_000 if days else 0
    by_chat: dict[str, list[OldMessage]] = {}
    recent_enough = (m for m in history if m.timestamp >= since)
    for m in sorted(recent_enough, key=lambda m: m.timestamp, reverse=True):
        by_chat.setdefault(m.chat, []).append(m)
    bootstrap = [m for msgs in by_chat.values() for m in msgs[:BOOTSTRAP_PER_CHAT]]
    recent = [m for msgs in by_chat.values() for m in msgs[BOOTSTRAP_PER_CHAT:]]
    recent.sort(key=lambda m: m.timestamp, reverse=True)
    yield from sync_chunks("initial_bootstrap", bootstrap)
    yield from sync_chunks("recent", recent)


def on_demand(history: list[OldMessage], request: dict[str, Any]) -> dict[str, Any]:
    """The chunk answering a device's request: up to `count` messages of the chat older
    than the one it named, oldest first."""
    try:
        chat, before = str(request["chat"]), int(request["oldest_timestamp"])
        count = max(0, min(int(request["count"]), MAX_ON_DEMAND))
    except (KeyError, TypeError, ValueError):
        raise SimError(
            400, p.BAD_FRAME, "history_request needs chat, oldest_timestamp, count"
        ) from None
    older = [m for m in history if m.chat == chat and m.timestamp < before]
    older.sort(key=lambda m: m.timestamp)
    return frame("on_demand", 0, 100, older[-count:] if count else [])


def sync_chunks(sync_type: str, messages: list[OldMessage]) -> Iterator[dict[str, Any]]:
    """One sync: chunks of CHUNK_MESSAGES, each with the percent of the sync sent."""
    total = len(messages)
    for order, start in enumerate(range(0, total, CHUNK_MESSAGES)):
        part = messages[start : start + CHUNK_MESSAGES]
        progress = 100 * (start + len(part)) // total
        yield frame(sync_type, order, progress, part)


def frame(sync_type: str, order: int, progress: int, part: list[OldMessage]) -> dict[str, Any]:
    conversations: dict[str, list[dict[str, Any]]] = {}
    for m in part:
        conversations.setdefault(m.chat, []).append(m.wire())
    blob = json.dumps(
        {"conversations": [{"chat": c, "messages": ms} for c, ms in conversations.items()]},
        separators=(",", ":"),
    ).encode()
    return {
        "op": p.HISTORY,
        "id": secrets.token_hex(8),
        "sync_type": sync_type,
        "chunk_order": order,
        "progress": progress,
        "data": base64.b64encode(zlib.compress(blob)).decode(),
    }
