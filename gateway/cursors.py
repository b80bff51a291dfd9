"""Page cursors of the conversations API: opaque to the client, checked on the way back.

A cursor is a position in one list (a chat list's (last activity, chat), a thread's or a
search's (sent at, row id), a contact list's contact), base64url-encoded with the list it
belongs to. Every query is scoped to the caller's tenant, so a cursor edited by hand can
only move within the caller's own rows; one that does not decode to a position of the
right list is a 400 `invalid_cursor`, never a 500."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime, timedelta

from gateway.errors import ApiError

MAX_CURSOR_CHARS = 400
_VERSION = "v1"
_MICROS = re.compile(r"^-?\d{1,20}$")
_ROW_ID = re.compile(r"^\d{1,19}$")
_CHAT = re.compile(r"^[A-Za-z0-9@._:-]{1,128}$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(at: datetime) -> int:
    delta = at - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _encode(*parts: str) -> str:
    raw = "|".join((_VERSION, *parts)).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, kind: str) -> tuple[str, str]:
    """The cursor's two fields, if it is one of `kind`'s."""
    bad = ApiError("invalid_cursor", f"not a cursor this {kind} list gave out")
    if len(cursor) > MAX_CURSOR_CHARS or not re.fullmatch(r"[A-Za-z0-9_-]+", cursor):
        raise bad
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad from None
    parts = raw.split("|")
    if len(parts) != 4 or parts[:2] != [_VERSION, kind] or not _MICROS.fullmatch(parts[2]):
        raise bad
    return parts[2], parts[3]


def _at(micros: str) -> datetime:
    try:
        return _EPOCH + timedelta(microseconds=int(micros))
    except OverflowError:
        raise ApiError("invalid_cursor", "the cursor's time is out of range") from None


def chat_cursor(last_at: datetime, chat: str) -> str:
    return _encode("chat", str(_micros(last_at)), chat)


def read_chat_cursor(cursor: str) -> tuple[datetime, str]:
    micros, chat = _decode(cursor, "chat")
    if not _CHAT.fullmatch(chat):
        raise ApiError("invalid_cursor", "not a cursor this chat list gave out")
    return _at(micros), chat


def contact_cursor(contact: str) -> str:
    return _encode("contact", "0", contact)


def read_contact_cursor(cursor: str) -> str:
    _, contact = _decode(cursor, "contact")
    if not _CHAT.fullmatch(contact):
        raise ApiError("invalid_cursor", "not a cursor this contact list gave out")
    return contact


def message_cursor(sent_at: datetime, row_id: int) -> str:
    return _encode("message", str(_micros(sent_at)), str(row_id))


def read_message_cursor(cursor: str) -> tuple[datetime, int]:
    micros, row_id = _decode(cursor, "message")
    if not _ROW_ID.fullmatch(row_id):
        raise ApiError("invalid_cursor", "not a cursor this message list gave out")
    return _at(micros), int(row_id)
