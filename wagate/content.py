"""What a message carries: text, an attachment, a location, contact cards, a poll, a
reaction, an edit, a revoke, a pin, a keep. One set of types for the bus payload that sends them
(`SendContent`, tagged on the wire by `kind`), the engines, and the events that report
them arriving, so every part means the same thing by a poll.

A new kind of message is one dataclass here with its `TAGS` and one member of `SentAsIs`.
A kind that acts on another message of the chat (a reaction, a pin, ...) is an
`ActsOnMessage`: the connector finds the message it names, by the kind's `RULE`, once for
every such kind, and hands the engine its author (connector/message_sending.py).

An option on a kind (mentions, view once, a forward, a link preview) is a field whose
default is None: the codec leaves it off the wire, so a message not using it is encoded
as before (docs/architecture.md, "The bus")."""

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
MAX_MENTIONS = 256  # WhatsApp's groups have at most 1024 members; a text names fewer
# what a text writes to mention every member of a group (WhatsApp's own "@all")
MENTION_ALL_TEXT = "@all"
VIEW_ONCE_KINDS = ("image", "video", "voice")  # what WhatsApp lets be opened only once
# WhatsApp's status broadcast (whatsmeow's types.StatusBroadcastJID): a status update
# (story) is a message to this chat, which WhatsApp fans out to the account's contacts
STATUS_CHAT = "status@broadcast"
CHANNEL_SERVER = "@newsletter"  # a channel's (WhatsApp's newsletter's) id ends so


def no_chat(chat: str) -> bool:
    """A status or a channel: sent to many at once, never one chat's message (kept out
    of the message store, as the apps keep them out of the chat list)."""
    return chat == STATUS_CHAT or chat.endswith(CHANNEL_SERVER)


@dataclass(frozen=True)
class TargetRule:
    """Which message of the chat a kind may act on: any sent or received there, or (with
    `verb`, what a refusal says cannot be done to it) only the session's own, and then
    only within `window_s` of its sending when WhatsApp's receivers ignore a later one."""

    verb: str = ""  # "" any message of the chat; else only one the session sent
    window_s: int | None = None


@dataclass(frozen=True)
class ActsOnMessage:
    """A message that acts on another of the chat, named by `message_id`."""

    RULE: ClassVar[TargetRule] = TargetRule()
    message_id: str


@dataclass(frozen=True)
class Location:
    TAGS: ClassVar[tuple[str, ...]] = ("location",)
    latitude: float
    longitude: float
    name: str = ""
    address: str = ""
    forwarded: bool | None = None  # a forward of a stored message (gateway/forward_api.py)


@dataclass(frozen=True)
class LiveLocation:
    """A contact sharing their location live, received: the share's start and each of its
    updates is one (`sequence` counts them, as WhatsApp numbers them). wagate does not
    send one: it has no position to share."""

    latitude: float
    longitude: float
    sequence: int = 0
    accuracy_m: int | None = None
    speed_mps: float | None = None
    heading_deg: int | None = None  # degrees clockwise from magnetic north
    caption: str = ""


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
    forwarded: bool | None = None  # a forward of a stored message (gateway/forward_api.py)


@dataclass(frozen=True)
class LinkPreview:
    """The card WhatsApp shows under a text for a URL the text writes (`url`: its
    matchedText). `build`: the connector fetches the page for its title, description
    and image, and then sets `thumbnail` (a small JPEG, base64) for the engine alone: the
    bus never carries one (media bytes never cross Redis)."""

    url: str
    title: str = ""
    description: str = ""
    build: bool | None = None
    thumbnail: str | None = None


@dataclass(frozen=True)
class Text:
    """`mentions`: the numbers (E.164 digits) the text names as "@<digits>"; `mention_all`:
    its "@all" mentions every member of the group. Both None when unused, so a plain text
    stays on the wire as it was (the codec leaves a None default off)."""

    TAGS: ClassVar[tuple[str, ...]] = ("text",)
    text: str
    mentions: list[str] | None = None
    mention_all: bool | None = None
    forwarded: bool | None = None  # a forward of a stored message (gateway/forward_api.py)
    link_preview: LinkPreview | None = None


@dataclass(frozen=True)
class Edit(ActsOnMessage):
    """New text for a message the session sent (`message_id`), within the edit window."""

    TAGS: ClassVar[tuple[str, ...]] = ("edit",)
    RULE: ClassVar[TargetRule] = TargetRule("edited", EDIT_WINDOW_S)
    text: str


@dataclass(frozen=True)
class Revoke(ActsOnMessage):
    """Delete for everyone a message the session sent (`message_id`)."""

    TAGS: ClassVar[tuple[str, ...]] = ("revoke",)
    RULE: ClassVar[TargetRule] = TargetRule("revoked")


@dataclass(frozen=True)
class Reaction(ActsOnMessage):
    """An emoji on a message sent or received in the chat; "" removes the reaction."""

    TAGS: ClassVar[tuple[str, ...]] = ("reaction",)
    emoji: str


@dataclass(frozen=True)
class MediaFile:
    """An attachment as a send names it. The bytes are either in the blob store (uploaded
    or base64: `sha256` and `size_bytes` name them: wagate.tables.media.outgoing_id) or
    at a public `url` the connector fetches. `mimetype`: as declared or sniffed by the
    gateway (None for a URL: the connector sniffs); `convert`: a voice note to make
    OGG/Opus; `view_once`: an image, video or voice note the recipient opens once (None:
    an ordinary one, off the wire); `media_id`: instead, the bytes an incoming attachment's
    media row keeps (a forward sends them again). Its tag is its own `kind`
    (wagate.media_types.MEDIA_KINDS)."""

    TAGS: ClassVar[tuple[str, ...]] = MEDIA_KINDS
    kind: str
    caption: str = ""
    filename: str = ""
    mimetype: str | None = None
    sha256: str | None = None
    size_bytes: int | None = None
    url: str | None = None
    convert: bool = False
    view_once: bool | None = None
    mentions: list[str] | None = None  # as a Text's, in the caption
    mention_all: bool | None = None
    media_id: str | None = None
    forwarded: bool | None = None  # a forward of a stored message (gateway/forward_api.py)


@dataclass(frozen=True)
class Pin(ActsOnMessage):
    """Pin a message of the chat for everyone in it, for `duration_s` (one of
    PIN_DURATIONS_S); 0 unpins it."""

    TAGS: ClassVar[tuple[str, ...]] = ("pin",)
    duration_s: int


@dataclass(frozen=True)
class Keep(ActsOnMessage):
    """Keep a message of the chat for everyone in it, so it does not vanish with the
    chat's disappearing messages; `keep` False lets it go again."""

    TAGS: ClassVar[tuple[str, ...]] = ("keep",)
    keep: bool


# how long WhatsApp lets a message stay pinned, by the name its apps give the choice
PIN_DURATIONS_S = {"24h": 24 * 3600, "7d": 7 * 24 * 3600, "30d": 30 * 24 * 3600}


# what a message of one of these kinds carries (an incoming message's `content`)
MessageContent = Location | LiveLocation | Contacts | Poll
# the kinds an engine sends as the bus carried them (an ActsOnMessage with its target's
# author beside it); an attachment it is given with its bytes (connector/engine.py)
SentAsIs = Text | Location | Contacts | Poll | Reaction | Edit | Revoke | Pin | Keep
# what a send command carries, one object tagged by its `kind` on the wire
SendContent = SentAsIs | MediaFile


def option_hash(name: str) -> str:
    """How a poll vote names an option: the SHA-256 of its name (hex), as WhatsApp does."""
    return hashlib.sha256(name.encode()).hexdigest()
