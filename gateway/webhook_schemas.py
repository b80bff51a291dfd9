"""Request bodies and query strings of the webhook routes (gateway/webhooks_api.py): one
schema each, unknown fields rejected, sizes bounded."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic.json_schema import WithJsonSchema

from gateway.schemas import refuse_null
from wagate.bus import EventType
from wagate.ssrf import MAX_URL_CHARS

MAX_HEADERS = 20
MAX_HEADER_NAME_CHARS = 64
MAX_HEADER_VALUE_CHARS = 1024
MAX_DESCRIPTION_CHARS = 256
MAX_OVERLAP_SECONDS = 7 * 24 * 3600
DEFAULT_OVERLAP_SECONDS = 24 * 3600

_TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")  # an HTTP header name (RFC 9110 token)
_VALUE = re.compile(r"[\x20-\x7e\t]*")  # visible ASCII, space and tab: no CR/LF
# headers wagate sets itself, or that would change how the request is framed or routed
_RESERVED = frozenset(
    {
        "content-type",
        "content-length",
        "content-encoding",
        "transfer-encoding",
        "host",
        "connection",
        "keep-alive",
        "upgrade",
        "te",
        "trailer",
        "expect",
        "user-agent",
        "cookie",
    }
)
_RESERVED_PREFIXES = ("webhook-", "svix-", "proxy-")
EVENT_TYPES = frozenset(t.value for t in EventType)
MAX_ROW_ID = 2**63 - 1  # PostgreSQL bigint: a larger cursor is refused here, not by the driver


def _storable_time(value: datetime) -> datetime:
    """A time PostgreSQL can be handed: in UTC, within Python's years 1 to 9999
    (`0001-01-01T00:00:00+14:00` is a year-0 time once in UTC, which fails in the driver)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is outside the years 1 to 9999 once in UTC") from None


StorableTime = Annotated[datetime, AfterValidator(_storable_time)]


def _event_types(value: list[str] | None) -> list[str] | None:
    if value is None or value == []:
        return None  # every event type
    unknown = sorted(set(value) - EVENT_TYPES)
    if unknown:
        raise ValueError(
            f"unknown event type(s) {', '.join(unknown)}; known: {', '.join(sorted(EVENT_TYPES))}"
        )
    return sorted(set(value))


def _headers(value: dict[str, str] | None) -> dict[str, str]:
    if not value:
        return {}
    if len(value) > MAX_HEADERS:
        raise ValueError(f"at most {MAX_HEADERS} custom headers")
    seen: set[str] = set()
    for name, header_value in value.items():
        lower = name.lower()
        if not (1 <= len(name) <= MAX_HEADER_NAME_CHARS) or not _TOKEN.fullmatch(name):
            raise ValueError(f"{name!r} is not a valid header name (1 to 64 token characters)")
        if lower in _RESERVED or lower.startswith(_RESERVED_PREFIXES):
            raise ValueError(f"{name} is set by wagate and cannot be overridden")
        if lower in seen:
            raise ValueError(f"{name} is given twice")
        seen.add(lower)
        if len(header_value) > MAX_HEADER_VALUE_CHARS or not _VALUE.fullmatch(header_value):
            raise ValueError(
                f"the value of {name} must be at most {MAX_HEADER_VALUE_CHARS} visible ASCII "
                "characters (no line breaks)"
            )
    return dict(value)


class EndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    url: str = Field(min_length=1, max_length=MAX_URL_CHARS)
    eventTypes: list[str] | None = Field(default=None, max_length=len(EVENT_TYPES))
    enabled: bool = True
    headers: dict[str, str] | None = None
    description: str = Field(default="", max_length=MAX_DESCRIPTION_CHARS)
    companyId: str | None = Field(default=None, description="admins: the tenant")

    _types = field_validator("eventTypes")(_event_types)
    _headers = field_validator("headers")(_headers)


class EndpointUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    # absent means unchanged; null is refused (fields that cannot be cleared)
    url: Annotated[
        str | None, WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_URL_CHARS})
    ] = Field(default=None, min_length=1, max_length=MAX_URL_CHARS)
    eventTypes: list[str] | None = Field(default=None, max_length=len(EVENT_TYPES))
    enabled: Annotated[bool | None, WithJsonSchema({"type": "boolean"})] = None
    headers: dict[str, str] | None = None
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION_CHARS)

    _types = field_validator("eventTypes")(_event_types)
    _headers = field_validator("headers")(_headers)
    _not_null = field_validator("url", "enabled")(refuse_null)

    @model_validator(mode="after")
    def _something(self) -> EndpointUpdate:
        if not self.model_fields_set:
            raise ValueError("give at least one of url, eventTypes, enabled, headers, description")
        return self


class RotateSecret(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    overlapSeconds: int = Field(
        default=DEFAULT_OVERLAP_SECONDS,
        ge=0,
        le=MAX_OVERLAP_SECONDS,
        description="how long the old secret keeps signing next to the new one",
    )


class ReplayRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    since: StorableTime = Field(strict=False, description="ISO 8601 time, or epoch milliseconds")
    until: StorableTime | None = Field(default=None, strict=False)
    statuses: list[Literal["dead", "failed"]] = Field(default=["dead"], min_length=1)


class _Page(BaseModel):
    model_config = ConfigDict(extra="forbid")  # query strings are text: not strict

    companyId: str | None = None
    since: StorableTime | None = None
    until: StorableTime | None = None
    before: int | None = Field(
        default=None, ge=1, le=MAX_ROW_ID, description="cursor: ids below this one"
    )
    limit: int = Field(default=50, ge=1, le=200)


class DeliveryQuery(_Page):
    status: Literal["pending", "delivered", "failed", "dead"] | None = None
    eventType: str | None = None

    @field_validator("eventType")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None and value not in EVENT_TYPES:
            raise ValueError(f"unknown event type {value}")
        return value


class AttemptQuery(_Page):
    outcome: Literal["delivered", "retry", "failed", "dead"] | None = None


class StreamCreate(BaseModel):
    """A tenant's event stream (gateway/streams_api.py, docs/event-streams.md)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["nats", "amqp"]
    url: str = Field(min_length=1, max_length=MAX_URL_CHARS, description="with credentials")
    target: str = Field(min_length=1, max_length=200)
    exchange: str = Field(default="", max_length=255)
    eventTypes: list[str] | None = Field(default=None, max_length=len(EVENT_TYPES))
    companyId: str | None = Field(default=None, description="admins: the tenant")

    _types = field_validator("eventTypes")(_event_types)
