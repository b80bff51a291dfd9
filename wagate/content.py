"""What a message carries besides text: a location, contact cards, a poll. One set of
types for the bus payloads that send them, the engines, and the events that report them
arriving, so every part means the same thing by a poll."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# WhatsApp lets the sender edit a message for this long after sending it (whatsmeow's
# EditWindow); receivers ignore a later edit, so wagate refuses one up front
EDIT_WINDOW_S = 20 * 60
POLL_MIN_OPTIONS = 2
POLL_MAX_OPTIONS = 12  # WhatsApp's own bounds


@dataclass(frozen=True)
class Location:
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
    question: str
    options: list[str]
    selectable: int  # how many options one voter may choose (1: a single choice)


@dataclass(frozen=True)
class Contacts:
    cards: list[ContactCard]


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Edit:
    """New text for a message the session sent (`message_id`)."""

    message_id: str
    text: str


@dataclass(frozen=True)
class Revoke:
    """Delete for everyone a message the session sent (`message_id`)."""

    message_id: str


# what a message of one of these kinds carries (an incoming message's `content`)
MessageContent = Location | Contacts | Poll


def option_hash(name: str) -> str:
    """How a poll vote names an option: the SHA-256 of its name (hex), as WhatsApp does."""
    return hashlib.sha256(name.encode()).hexdigest()
