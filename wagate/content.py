"""What a message carries: text, an attachment, a location, contact cards, a poll, a
reaction, an edit, a revoke. One set of types for the bus payload that sends them
(`SendContent`, tagged on the wire by `kind`), the engines, and the events that report
them arriving, so every part means the same thing by a poll.

A new kind of message is one dataclass here with its `TAGS`, one member of
`SendContent`, and (when the engines send it as it is) of `SENT_AS_IS`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import ClassVar

from wagate.media_types import MEDIA_KINDS

# WhatsApp lets the sender edit a message for this long after sending it (whatsmeow's
# EditWindow); receivers ignore a later edit, so wagate refuses one up front
EDIT_WINDOW_S = 20 * 60
POLL_MIN_OPTIONS = 2
POLL_MAX_OPTIONS = 12  # WhatsApp's own bounds


@dataclass(frozen=True)
class Location:
    TAGS: ClassVar[tuple[str, ...]] = ("location",)
    latitude: float
    longitude: float
    name: str = ""
    address: str = ""


@dataclass(frozen=True)
class ContactCard:
    """One contact as WhatsApp sends it: the name shown, and the vCard (3.0) behind it."""

    display_name: str
    vcard: str


@dataclass(frozen=True)
class Poll:
    TAGS: ClassVar[tuple[str, ...]] = ("poll",)
    question: str
    options: list[str]
    selectable: int  # how many options one voter may choose (1: a single choice)


@dataclass(frozen=True)
class Contacts:
    TAGS: ClassVar[tuple[str, ...]] = ("contacts",)
    cards: list[ContactCard]


@dataclass(frozen=True)
class Text:
    TAGS: ClassVar[tuple[str, ...]] = ("text",)
    text: str


@dataclass(frozen=True)
class Edit:
    """New text for a message the session sent (`message_id`)."""

    TAGS: ClassVar[tuple[str, ...]] = ("edit",)

    message_id: str
    text: str


@dataclass(frozen=True)
class Revoke:
    """Delete for everyone a message the session sent (`message_id`)."""

    TAGS: ClassVar[tuple[str, ...]] = ("revoke",)

    message_id: str


@dataclass(frozen=True)
class Reaction:
    """An emoji on a message sent or received in the chat; "" removes the reaction."""

    TAGS: ClassVar[tuple[str, ...]] = ("reaction",)
    message_id: str
    emoji: str


@dataclass(frozen=True)
class MediaFile:
    """An attachment as a send names it. The bytes are either in the blob store (uploaded
    or base64: `sha256` and `size_bytes` name them: wagate.tables.media.outgoing_id) or
    at a public `url` the connector fetches. `mimetype`: as declared or sniffed by the
    gateway (None for a URL: the connector sniffs); `convert`: a voice note to make
    OGG/Opus. Its tag is its own `kind` (wagate.media_types.MEDIA_KINDS)."""

    TAGS: ClassVar[tuple[str, ...]] = MEDIA_KINDS
    kind: str
    caption: str = ""
    filename: str = ""
    mimetype: str | None = None
    sha256: str | None = None
    size_bytes: int | None = None
    url: str | None = None
    convert: bool = False


@dataclass(frozen=True)
class Pin:
    """Pin a message of the chat for everyone in it, for `duration_s` (one of
    PIN_DURATIONS_S); 0 unpins it."""

    TAGS: ClassVar[tuple[str, ...]] = ("pin",)
    message_id: str
    duration_s: int


# how long WhatsApp lets a message stay pinned, by the name its apps give the choice
PIN_DURATIONS_S = {"24h": 24 * 3600, "7d": 7 * 24 * 3600, "30d": 30 * 24 * 3600}


# what a message of one of these kinds carries (an incoming message's `content`)
MessageContent = Location | Contacts | Poll
# what a send command carries, one object tagged by its `kind` on the wire
SendContent = Text | MediaFile | Location | Contacts | Poll | Reaction | Edit | Revoke | Pin
# the kinds an engine sends as the bus carried them (the others it is given resolved:
# an attachment with its bytes, a reaction with its target's author)
SentAsIs = Text | Location | Contacts | Poll | Edit | Revoke


def option_hash(name: str) -> str:
    """How a poll vote names an option: the SHA-256 of its name (hex), as WhatsApp does."""
    return hashlib.sha256(name.encode()).hexdigest()
