"""Request bodies of the messaging routes: locations, contact cards, polls,
reactions, edits, revokes, pins, keeps, read marks and presence. Same rules as gateway/schemas.py
(unknown fields refused, every size bounded), mirrored in openapi.yaml. A send's body
declares its route (`sent_at`) and builds its `send_message` (`message`); gateway/
send_api.py serves every such route."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import WithJsonSchema

from gateway.schemas import (
    MAX_CHAT_ID_CHARS,
    MAX_MESSAGE_CHARS,
    MESSAGE_ID_PATTERN,
    MESSAGE_PATH,
    OutgoingMessage,
    PathIds,
    SendBody,
    _phone_digits,
    chat_id,
    refuse_null,
    sent_at,
)
from gateway.vcard import vcard
from wagate.bus import SendMessage, SetChatState
from wagate.content import (
    PIN_DURATIONS_S,
    POLL_MAX_OPTIONS,
    POLL_MIN_OPTIONS,
    ContactCard,
    Contacts,
    Edit,
    Keep,
    Location,
    Pin,
    Poll,
    Reaction,
    Revoke,
)

MAX_CONTACTS = 10
MAX_NAME_CHARS = 256
MAX_OPTION_CHARS = 100
MAX_READ_IDS = 100
MessageId = Annotated[str, Field(pattern=MESSAGE_ID_PATTERN)]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


@sent_at("POST", "/messages/location")
class LocationMessage(OutgoingMessage):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    name: str | None = Field(default=None, min_length=1, max_length=MAX_NAME_CHARS)
    address: str | None = Field(default=None, min_length=1, max_length=512)

    @field_validator("latitude", "longitude", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        # strict mode refuses an int for a float; a whole-degree coordinate is fine
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value

    _finite = field_validator("latitude", "longitude")(_finite)

    def message(self, at: PathIds) -> SendMessage:
        place = Location(self.latitude, self.longitude, self.name or "", self.address or "")
        return SendMessage(self.to, place, self.quotedMessageId)


class ContactFields(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    phones: list[str] = Field(
        min_length=1, max_length=5, description="7 to 15 digits each, optional leading +"
    )
    organization: str | None = Field(default=None, min_length=1, max_length=MAX_NAME_CHARS)
    email: str | None = Field(
        default=None, min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$"
    )

    @field_validator("phones")
    @classmethod
    def _numbers(cls, value: list[str]) -> list[str]:
        return [_phone_digits(v) for v in value]


@sent_at("POST", "/messages/contacts")
class ContactsMessage(OutgoingMessage):
    contacts: list[ContactFields] = Field(min_length=1, max_length=MAX_CONTACTS)

    def message(self, at: PathIds) -> SendMessage:
        cards = [
            ContactCard(c.name, vcard(c.name, c.phones, c.organization, c.email))
            for c in self.contacts
        ]
        return SendMessage(self.to, Contacts(cards), self.quotedMessageId)


@sent_at("POST", "/messages/poll")
class PollMessage(OutgoingMessage):
    question: str = Field(min_length=1, max_length=255)
    options: list[Annotated[str, Field(min_length=1, max_length=MAX_OPTION_CHARS)]] = Field(
        min_length=POLL_MIN_OPTIONS, max_length=POLL_MAX_OPTIONS
    )
    # how many options one voter may choose; absent: 1 (a single choice)
    selectableCount: Annotated[int | None, WithJsonSchema({"type": "integer", "minimum": 1})] = (
        Field(default=None, ge=1, le=POLL_MAX_OPTIONS)
    )

    _not_null = field_validator("selectableCount")(refuse_null)

    @field_validator("options")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("options must differ from each other (votes name them)")
        return value

    @model_validator(mode="after")
    def _selectable(self) -> PollMessage:
        if self.selectableCount is not None and self.selectableCount > len(self.options):
            raise ValueError("selectableCount is more than the number of options")
        return self

    def message(self, at: PathIds) -> SendMessage:
        poll = Poll(self.question, self.options, self.selectableCount or 1)
        return SendMessage(self.to, poll, self.quotedMessageId)


@sent_at("POST", "/messages/reaction")
class ReactionMessage(SendBody):
    model_config = ConfigDict(extra="forbid", strict=True)

    to: str = Field(
        max_length=MAX_CHAT_ID_CHARS,
        description="the chat: a phone number (7 to 15 digits, optional leading +) or a group id",
    )
    messageId: MessageId
    emoji: str = Field(max_length=32, description='one emoji; "" removes the reaction')

    _to = field_validator("to")(chat_id)

    @field_validator("emoji")
    @classmethod
    def _no_space(cls, value: str) -> str:
        if value != value.strip() or any(c.isspace() for c in value):
            raise ValueError("must be an emoji, or empty to remove the reaction")
        return value

    def message(self, at: PathIds) -> SendMessage:
        return SendMessage(self.to, Reaction(self.messageId, self.emoji))


@sent_at("PUT", MESSAGE_PATH)
class EditBody(SendBody):
    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)

    def message(self, at: PathIds) -> SendMessage:
        return SendMessage(at.chat, Edit(at.message_id, self.text))


@sent_at("DELETE", MESSAGE_PATH)
class RevokeBody(SendBody):
    """A delete for everyone has no body: the path names the message."""

    model_config = ConfigDict(extra="forbid", strict=True)

    def message(self, at: PathIds) -> SendMessage:
        return SendMessage(at.chat, Revoke(at.message_id))


@sent_at("POST", f"{MESSAGE_PATH}/pin")
class PinBody(SendBody):
    model_config = ConfigDict(extra="forbid", strict=True)

    duration: Literal["24h", "7d", "30d"] = Field(
        description="how long the message stays pinned for everyone in the chat"
    )

    def message(self, at: PathIds) -> SendMessage:
        return SendMessage(at.chat, Pin(at.message_id, PIN_DURATIONS_S[self.duration]))


@sent_at("DELETE", f"{MESSAGE_PATH}/pin")
class UnpinBody(SendBody):
    """An unpin has no body: the path names the message."""

    model_config = ConfigDict(extra="forbid", strict=True)

    def message(self, at: PathIds) -> SendMessage:
        return SendMessage(at.chat, Pin(at.message_id, 0))


@sent_at("POST", f"{MESSAGE_PATH}/keep")
class KeepBody(SendBody):
    """A keep has no body: the path names the message."""

    model_config = ConfigDict(extra="forbid", strict=True)

    def message(self, at: PathIds) -> SendMessage:
        return SendMessage(at.chat, Keep(at.message_id, keep=True))


@sent_at("DELETE", f"{MESSAGE_PATH}/keep")
class UnkeepBody(SendBody):
    """An unkeep has no body: the path names the message."""

    model_config = ConfigDict(extra="forbid", strict=True)

    def message(self, at: PathIds) -> SendMessage:
        return SendMessage(at.chat, Keep(at.message_id, keep=False))


class ReadBody(BaseModel):
    """Exactly one of: the messages to mark read, or the last one to mark read up to."""

    model_config = ConfigDict(extra="forbid", strict=True)

    messageIds: list[MessageId] | None = Field(default=None, min_length=1, max_length=MAX_READ_IDS)
    upTo: Annotated[
        str | None, WithJsonSchema({"type": "string", "pattern": MESSAGE_ID_PATTERN})
    ] = Field(default=None, pattern=MESSAGE_ID_PATTERN)

    @model_validator(mode="after")
    def _one(self) -> ReadBody:
        if (self.messageIds is None) == (self.upTo is None):
            raise ValueError("give exactly one of messageIds and upTo")
        return self


# a flag that may be absent, never null (a null one is refused in ChatStateBody._one)
_Flag = Annotated[bool | None, WithJsonSchema({"type": "boolean"})]


class ChatStateBody(BaseModel):
    """Exactly one of a chat's app-state fields, as GET .../chats shows them: each is its
    own change at WhatsApp, so a request is never half applied. `mutedUntil`: an ISO 8601
    time to come, "forever", or null (unmute)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    archived: _Flag = None
    pinned: _Flag = None
    mutedUntil: str | None = Field(default=None, min_length=1, max_length=40)
    unread: _Flag = None

    @model_validator(mode="after")
    def _one(self) -> ChatStateBody:
        if len(self.model_fields_set) != 1:
            raise ValueError("give exactly one of archived, pinned, mutedUntil and unread")
        (given,) = self.model_fields_set
        if given != "mutedUntil" and getattr(self, given) is None:
            raise ValueError(f"{given} must be true or false")
        if self.mutedUntil is not None:
            self.mute_end_ms()  # a bad time is refused here, with the body's other faults
        return self

    def mute_end_ms(self) -> int:
        """When the mute ends, in epoch ms (0: forever)."""
        if self.mutedUntil == "forever":
            return 0
        try:
            at = datetime.fromisoformat(str(self.mutedUntil))
        except ValueError:
            raise ValueError('mutedUntil must be an ISO 8601 time or "forever"') from None
        if at.tzinfo is None or at.year > 9000 or at <= datetime.now(UTC):
            raise ValueError("mutedUntil must be a time to come, with its offset")
        return int(at.timestamp() * 1000)

    def change(self, chat: str) -> SetChatState:
        (given,) = self.model_fields_set
        if given == "mutedUntil":
            muted = self.mutedUntil is not None
            return SetChatState(chat, "muted", muted, self.mute_end_ms() if muted else 0)
        return SetChatState(chat, given, bool(getattr(self, given)))


class ChatPresenceBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    state: Literal["typing", "recording", "paused"]


class PresenceBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    available: bool
