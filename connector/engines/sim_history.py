"""A sim history chunk (simnet/history.py) as HistoryBatch events: inflated one chunk at
a time, as whatsmeow inflates each of WhatsApp's blobs, and cut into batches of at most
BATCH_MESSAGES, so the session stores and confirms a bounded part at a time."""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterator
from typing import Any

from connector.engine import HistoryBatch, HistoryMessage, IncomingMessage

BATCH_MESSAGES = 200  # as the engine host's history frames
_MAX_INFLATED = 16 << 20  # a chunk bigger than this inflated is not WhatsApp's


def batches(frame: dict[str, Any], own_phone: str) -> Iterator[HistoryBatch]:
    inflater = zlib.decompressobj()
    blob = inflater.decompress(base64.b64decode(frame["data"]), _MAX_INFLATED)
    if inflater.unconsumed_tail:
        raise ValueError("a history chunk inflates past its bound")
    chunk = json.loads(blob)
    messages = [
        _message(conversation["chat"], m, own_phone)
        for conversation in chunk["conversations"]
        for m in conversation["messages"]
    ]
    sync_type, order, progress = frame["sync_type"], frame["chunk_order"], frame["progress"]
    starts = range(0, max(len(messages), 1), BATCH_MESSAGES)
    for start in starts:
        part = tuple(messages[start : start + BATCH_MESSAGES])
        last = start == starts[-1]
        yield HistoryBatch(sync_type, order, progress, part, last=last)


def _message(chat: str, m: dict[str, Any], own_phone: str) -> HistoryMessage:
    from_me = bool(m["from_me"])
    sender = own_phone if from_me else str(m["from"])
    group_chat = chat if chat.endswith("@g.us") else ""
    message = IncomingMessage(m["id"], sender, m["text"], int(m["timestamp"]), chat=group_chat)
    return HistoryMessage(message, chat, from_me)
