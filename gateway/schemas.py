"""Request bodies: one schema each, unknown fields rejected, sizes bounded.

Mirrored in openapi.yaml; tests/gateway/test_openapi_contract.py fails when the two drift apart.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Annotated, Any, ClassVar, Literal, TypeVar

import phonenumbers
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.json_schema import WithJsonSchema
from starlette.requests import Request

from gateway.errors import ApiError, discard_body, discard_limit, refuse_declared_over
from gateway.principal import Scope
from wagate.bus import SendMessage
from wagate.content import (
    CHANNEL_SERVER,
    MAX_MENTIONS,
    MENTION_ALL_TEXT,
    STATUS_CHAT,
    LinkPreview,
    Text,
    no_chat,
)
from wagate.ssrf import UnsafeUrl, parse_url

MAX_MESSAGE_CHARS = 4096
# no body the API takes nests deeper than a few levels; far below Python's stack limit
MAX_JSON_DEPTH = 32
MESSAGE_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"  # WhatsApp ids: hex and letters

Model = TypeVar("Model", bound=BaseModel)
T = TypeVar("T")


def refuse_null(value: T | None) -> T:
    """For an optional field that cannot be cleared: absent means unchanged, null is an
    error (field validators do not run for an absent field's default)."""
    if value is None:
        raise ValueError("cannot be null")
    return value


def _phone_digits(value: str) -> str:
    """A phone number in international form, returned as E.164 digits without the +."""
    digits = value.removeprefix("+")
    if not (digits.isascii() and digits.isdigit() and 7 <= len(digits) <= 15):
        raise ValueError("must be 7 to 15 digits (country code first), optionally after +")
    return _e164(digits)


# a tenant sends to the same numbers again and again, and libphonenumber's parse and
# validation were a twentieth of the gateway's CPU per send; a refused number is not kept
@functools.lru_cache(maxsize=8192)
def _e164(digits: str) -> str:
    try:
        number = phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        raise ValueError("is not a phone number (country code first)") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("is not a valid phone number for its country code")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


# a LID (WhatsApp's hidden-number id of a person) as a send's recipient: its digits, @lid
LID_PATTERN = r"^[0-9]{1,24}@lid$"
LID = re.compile(LID_PATTERN)


def recipient(value: str) -> str:
    """A person to send to: a phone number (returned as E.164 digits without the +) or
    a LID (`digits@lid`, returned as it is; the connector sends to its number)."""
    if value.endswith("@lid"):
        if not LID.fullmatch(value):
            raise ValueError("is not a LID (1 to 24 digits, then @lid)")
        return value
    return _phone_digits(value)


class SendRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    phone: str = Field(
        description="recipient: 7 to 15 digits, optional leading +, or a LID (digits@lid)"
    )
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    # a reply to this message (one the session sent or received); absent: not a reply
    quotedMessageId: Annotated[
        str | None, WithJsonSchema({"type": "string", "pattern": MESSAGE_ID_PATTERN})
    ] = Field(default=None, pattern=MESSAGE_ID_PATTERN)

    _phone = field_validator("phone")(recipient)
    _not_null = field_validator("quotedMessageId")(refuse_null)


# a group's id as WhatsApp writes it: the newer 120363… form, or creator-timestamp
GROUP_ID_PATTERN = r"^[0-9]{5,24}(-[0-9]{5,20})?@g\.us$"
GROUP_ID = re.compile(GROUP_ID_PATTERN)
CHANNEL_ID_PATTERN = r"^[0-9]{5,24}@newsletter$"
CHANNEL_ID = re.compile(CHANNEL_ID_PATTERN)
MAX_CHAT_ID_CHARS = 64


def chat_id(value: str) -> str:
    """A chat to send to: a person (`recipient`) or a group id (`…@g.us`, returned as
    it is)."""
    if value == STATUS_CHAT:
        raise ValueError(f"{STATUS_CHAT} takes only a new text, image or video status")
    if value.endswith(CHANNEL_SERVER):
        raise ValueError("a channel takes only text, image and video posts")
    if value.endswith("@g.us"):
        if len(value) > MAX_CHAT_ID_CHARS or not GROUP_ID.fullmatch(value):
            raise ValueError("is not a group id (digits, optionally -digits, then @g.us)")
        return value
    return recipient(value)


class SendBody(BaseModel):
    """The body of a route that sends a message (gateway/send_api.py): it builds the
    `send_message` command from itself and what the path names. Its route is declared
    on it (`sent_at`)."""

    def message(self, at: PathIds) -> SendMessage:
        raise NotImplementedError(f"{type(self).__name__} is not sent as it is")


# every route that sends a message: (method, path under /sessions/{companyId}, the body
# schema), each declared by its schema (`sent_at`) and served by gateway/send_api.py
SEND_ROUTES: list[tuple[str, str, type[SendBody]]] = []
MESSAGE_PATH = "/chats/{chatId}/messages/{messageId}"  # a message of a chat
_Body = TypeVar("_Body", bound=type[SendBody])


def sent_at(method: str, path: str) -> Callable[[_Body], _Body]:
    """A body schema's route line: `method` `path` (under /sessions/{companyId}) sends
    the message the schema builds."""

    def declare(schema: _Body) -> _Body:
        SEND_ROUTES.append((method, path, schema))
        return schema

    return declare


class OutgoingMessage(SendBody):
    """What the body of every POST /sessions/{companyId}/messages/{kind} has: the chat,
    and optionally the message it replies to. Each kind adds its own fields."""

    model_config = ConfigDict(extra="forbid", strict=True)

    to: str = Field(
        max_length=MAX_CHAT_ID_CHARS,
        description="a phone number (7 to 15 digits, optional leading +), a LID (digits@lid) "
        "or a group id (…@g.us)",
    )
    # a reply to this message (one the session sent or received); absent: not a reply
    quotedMessageId: Annotated[
        str | None, WithJsonSchema({"type": "string", "pattern": MESSAGE_ID_PATTERN})
    ] = Field(default=None, pattern=MESSAGE_ID_PATTERN)

    # whether this kind may be posted as a status (`to`: status@broadcast), or to a
    # channel (`to`: …@newsletter): WhatsApp's apps post text, photos and videos to both
    STATUS_KIND: ClassVar[bool] = False
    CHANNEL_KIND: ClassVar[bool] = False

    _not_null = field_validator("quotedMessageId")(refuse_null)

    @field_validator("to")
    @classmethod
    def _to(cls, value: str) -> str:
        if value == STATUS_CHAT and cls.STATUS_KIND:
            return value
        if cls.CHANNEL_KIND and CHANNEL_ID.fullmatch(value):
            return value
        return chat_id(value)

    @model_validator(mode="after")
    def _status_is_no_reply(self) -> OutgoingMessage:
        if no_chat(self.to) and self.quotedMessageId is not None:
            raise ValueError("a status or a channel post replies to nothing: no quotedMessageId")
        return self


# the numbers a text writes as mentions: "@" and digits, not followed by another digit
_WRITTEN_MENTION = re.compile(r"@([0-9]{7,15})(?![0-9])")
# optional, never null: absent is no mention
Mentions = Annotated[
    list[str] | None,
    WithJsonSchema(
        {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": MAX_MENTIONS}
    ),
    Field(min_length=1, max_length=MAX_MENTIONS),
]
Flag = Annotated[bool | None, WithJsonSchema({"type": "boolean"})]


def mentioned(
    text: str, mentions: list[str] | None, mention_all: bool | None, chat: str
) -> list[str] | None:
    """The mentions a text carries, each number as E.164 digits, checked as WhatsApp
    shows them: every number written "@<digits>" in the text, and "@all" (every member)
    only in a group and only when the text writes it. ValueError names what is wrong."""
    if mention_all and not chat.endswith("@g.us"):
        raise ValueError("mentionAll: only a group has members to mention")
    if mention_all and MENTION_ALL_TEXT not in text:
        raise ValueError(f"mentionAll: the text must write {MENTION_ALL_TEXT}")
    if mentions is None:
        return None
    written = set(_WRITTEN_MENTION.findall(text))
    numbers = []
    for i, given in enumerate(mentions):
        try:
            number = _phone_digits(given)
        except ValueError as e:
            raise ValueError(f"mentions.{i}: {e}") from None
        if number not in written:
            raise ValueError(f"mentions.{i}: the text does not write @{number}")
        numbers.append(number)
    return list(dict.fromkeys(numbers))


# a URL a text writes, as WhatsApp's apps find one to preview (trailing punctuation is
# the sentence's, not the URL's)
_WRITTEN_URL = re.compile(r"https?://[^\s<>\"']+")
MAX_PREVIEW_TITLE_CHARS = 256
MAX_PREVIEW_DESCRIPTION_CHARS = 1024


class LinkPreviewFields(BaseModel):
    """A preview the caller wrote: the URL (as the text writes it), a title, a description."""

    model_config = ConfigDict(extra="forbid", strict=True)

    url: str = Field(min_length=8, max_length=2048)
    title: str = Field(default="", max_length=MAX_PREVIEW_TITLE_CHARS)
    description: str = Field(default="", max_length=MAX_PREVIEW_DESCRIPTION_CHARS)


PreviewField = Annotated[
    bool | LinkPreviewFields | None,
    # the object's own fields: openapi.yaml's LinkPreviewFields (LinkPreviewFields here)
    WithJsonSchema({"oneOf": [{"type": "boolean"}, {"type": "object"}]}),
]


def link_preview(text: str, given: bool | LinkPreviewFields | None) -> LinkPreview | None:
    """The preview a text asks for: `true` builds one for the first URL the text writes;
    a caller's own names a URL the text writes. ValueError says what is wrong."""
    if given is None or given is False:
        return None
    if isinstance(given, LinkPreviewFields):
        if given.url not in text:
            raise ValueError("linkPreview.url: the text does not write this URL")
        return LinkPreview(given.url, given.title, given.description)
    found = _WRITTEN_URL.search(text)
    if found is None:
        raise ValueError("linkPreview: the text writes no http(s) URL to preview")
    return LinkPreview(found.group().rstrip(".,;:!?)]}"), build=True)


@sent_at("POST", "/messages/text")
class TextMessage(OutgoingMessage):
    STATUS_KIND = True
    CHANNEL_KIND = True
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    mentions: Mentions = None
    mentionAll: Flag = None
    linkPreview: PreviewField = None

    _no_null = field_validator("mentions", "mentionAll", "linkPreview")(refuse_null)

    @model_validator(mode="after")
    def _mentions(self) -> TextMessage:
        self.mentions = mentioned(self.text, self.mentions, self.mentionAll, self.to)
        link_preview(self.text, self.linkPreview)  # refused here, with the body's faults
        return self

    def message(self, at: PathIds) -> SendMessage:
        preview = link_preview(self.text, self.linkPreview)
        if preview is not None:
            try:
                parse_url(preview.url)  # the connector's fetcher guards each connection too
            except UnsafeUrl as e:
                raise ApiError("url_not_allowed", f"the preview URL is refused: {e}") from None
        text = Text(self.text, self.mentions, True if self.mentionAll else None)
        return SendMessage(self.to, replace(text, link_preview=preview), self.quotedMessageId)


# ---- what a send's path names: /sessions/{companyId}/chats/{chatId}/messages/{messageId}


@dataclass(frozen=True)
class PathIds:
    """The chat and the message a send's path names ("" where it names none)."""

    chat: str = ""
    message_id: str = ""


_MESSAGE_ID = re.compile(MESSAGE_ID_PATTERN)


def path_ids(request: Request) -> PathIds:
    """The path's chatId (a number or a group id) and messageId, checked; 422 if not."""
    chat, message_id = request.path_params.get("chatId"), request.path_params.get("messageId")
    if chat is not None:
        try:
            chat = chat_id(chat)
        except ValueError as e:
            raise _bad_path("chatId", str(e)) from None
    if message_id is not None and not _MESSAGE_ID.fullmatch(message_id):
        raise _bad_path("messageId", f"must match {MESSAGE_ID_PATTERN}")
    return PathIds(chat or "", message_id or "")


def _bad_path(name: str, message: str) -> ApiError:
    return ApiError(
        "validation_failed", f"{name}: {message}", details=[{"field": name, "message": message}]
    )


class PairingCodeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    phone: str = Field(description="the number being linked, 7 to 15 digits, optional leading +")

    _phone = field_validator("phone")(_phone_digits)


class SessionDeleteQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")  # query strings are text: not strict

    keepDevice: bool = Field(
        default=False, description="true: leave the device linked on the phone"
    )
    purge: bool = Field(
        default=False,
        description="true: also delete the tenant's stored messages, chats and media",
    )


Engine = Literal["sim", "whatsmeow"]  # wagate.config.ENGINES
# what a tenant's message store keeps (docs/conversations.md)
MessageStore = Literal["off", "metadata", "full"]
_STORE_SCHEMA = {"type": "string", "enum": ["off", "metadata", "full"]}
_RETENTION_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 3650}
# how much history a linking phone sends: all, none, or the last N days ("30d")
HISTORY_SYNC = r"^(all|none|[1-9][0-9]{0,3}d)$"


class TenantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    companyId: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    sendRatePerMinute: int | None = Field(default=None, ge=1, le=100_000)
    engine: Engine | None = None  # null: the deployment's WAGATE_ENGINE
    presenceEvents: bool = False  # presence events on the stream and webhooks (chatty)
    messageStore: MessageStore = "metadata"
    messageRetentionDays: int = Field(default=30, ge=1, le=3650)
    markOnline: bool = True  # marked available at WhatsApp on each connect
    historySync: str = Field(default="all", pattern=HISTORY_SYNC)


class TenantUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    sendRatePerMinute: int | None = Field(default=None, ge=1, le=100_000)  # null: the default
    engine: Engine | None = None  # null: the default; refused while a session exists
    # absent: unchanged; null is refused
    disabled: Annotated[bool | None, WithJsonSchema({"type": "boolean"})] = None
    presenceEvents: Annotated[bool | None, WithJsonSchema({"type": "boolean"})] = None
    messageStore: Annotated[MessageStore | None, WithJsonSchema(_STORE_SCHEMA)] = None
    messageRetentionDays: Annotated[
        int | None, Field(ge=1, le=3650), WithJsonSchema(_RETENTION_SCHEMA)
    ] = None
    markOnline: Annotated[bool | None, WithJsonSchema({"type": "boolean"})] = None
    historySync: Annotated[
        str | None,
        Field(pattern=HISTORY_SYNC),
        WithJsonSchema({"type": "string", "pattern": HISTORY_SYNC}),
    ] = None

    _not_null = field_validator(
        "disabled",
        "presenceEvents",
        "messageStore",
        "messageRetentionDays",
        "markOnline",
        "historySync",
    )(refuse_null)

    @model_validator(mode="after")
    def _something(self) -> TenantUpdate:
        if not self.model_fields_set:
            raise ValueError(
                "give at least one of name, sendRatePerMinute, engine, disabled, "
                "presenceEvents, messageStore, messageRetentionDays, markOnline, historySync"
            )
        return self


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(min_length=1, max_length=100)
    scopes: list[Scope] = Field(min_length=1, max_length=3)

    @field_validator("scopes", mode="before")
    @classmethod
    def _scope_names(cls, value: Any) -> Any:
        # strict mode takes enums only as members; accept their names from JSON
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            try:
                return [Scope(v) for v in value]
            except ValueError:
                raise ValueError("scopes are send, read and manage") from None
        return value


async def read_body(
    request: Request, model: type[Model], max_bytes: int, optional: bool = False
) -> Model:
    """Read at most `max_bytes` of JSON and validate it against `model`; `optional`: no
    body at all is `{}` (every field its default)."""
    await refuse_declared_over(request, max_bytes, functools.partial(_too_large, max_bytes))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            await discard_body(request, discard_limit(max_bytes) - size)
            raise _too_large(max_bytes)
        chunks.append(chunk)
    try:
        # RecursionError: `[[[[…]]]]` deeper than the parser's stack
        raw: Any = json.loads(b"".join(chunks) or (b"{}" if optional else b"null"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError("invalid_json", "the body is not valid JSON") from None
    if not isinstance(raw, dict):
        raise ApiError("invalid_json", "the body must be a JSON object")
    if _depth_exceeds(raw, MAX_JSON_DEPTH):
        raise ApiError("invalid_json", f"the body nests deeper than {MAX_JSON_DEPTH} levels")
    return validate(model, raw)


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` nests deeper than `limit`, without recursing (a body that parsed
    can still be deep enough to exhaust the stack of whatever walks it next)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def validate(model: type[Model], raw: dict[str, Any]) -> Model:
    """`raw` as `model`, or 422 `validation_failed` naming each field that is wrong."""
    details = list(_unstorable_text(raw))
    if not details:
        try:
            return model.model_validate(raw)
        except ValidationError as e:
            details = [
                {"field": ".".join(str(p) for p in err["loc"]) or "body", "message": _message(err)}
                for err in e.errors(include_url=False, include_input=False)
            ]
    summary = "; ".join(f"{d['field']}: {d['message']}" for d in details)
    raise ApiError("validation_failed", summary, details=details)


def _unstorable_text(value: Any, path: str = "") -> Iterator[dict[str, str]]:
    """Text that valid JSON can carry but PostgreSQL and WhatsApp cannot: NUL characters
    and unpaired UTF-16 surrogates (`"\\ud800"`). Refused up front, field by field,
    instead of failing where the text is stored."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable_text(key, path or "body")
            yield from _unstorable_text(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _unstorable_text(item, f"{path}.{i}")
    elif isinstance(value, str):
        if "\x00" in value:
            yield {"field": path or "body", "message": "must not contain NUL characters"}
        elif not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                yield {"field": path or "body", "message": "is not valid Unicode text"}


def _message(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "missing":
        return "required"
    return str(err["msg"]).removeprefix("Value error, ")


def _too_large(max_bytes: int) -> ApiError:
    return ApiError("body_too_large", f"the body is larger than {max_bytes} bytes")
