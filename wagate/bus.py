"""The bus contract between gateways and the connector: key names and message shapes.

This is the only code both sides import. Everything that crosses Redis is defined here,
and nothing here knows HTTP: a reply says what happened (an outcome with typed data, or
a stable error code from wagate/errors.py); the gateway alone picks the HTTP status and
the response's JSON shape.

Adding a command:
1. here, a `CommandType` member and one frozen payload dataclass with `TYPE` set to it,
   registered in `PAYLOADS` (and, if it answers with data, a result dataclass);
2. in connector/commands.py, one handler in `_routes` (its typed payload is
   `command.body()`) returning a `Reply`;
3. in the gateway, one route that builds `Command.of(tenant_id, Payload(...))`, calls
   `bus.call_ok(...)`, decodes the result type and renders it.
Payloads and results are encoded and decoded only by `Command` and `Reply` below.

- commands: one stream read by the connector through a consumer group, so a command the
  connector took but did not finish stays pending and is re-delivered after a crash;
- replies: one list per command (`reply_to`), which the waiting gateway pops with a timeout;
- events: one stream per tenant, capped in length, so a WebSocket client can resume from
  the last id it saw. Each event also has its own id (`evt_...`), made once when the
  event happens: the same id is the webhook-id of its webhook deliveries.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, TypeVar, get_args, get_origin, get_type_hints

CONSUMER_GROUP = "connectors"
# The longest a blocking read on the bus waits (the WebSocket's XREAD); a Redis client
# doing blocking reads needs a socket timeout above it and above the command timeout,
# or the client gives up on a read Redis is still rightly holding (redis-py: 5 s).
LONGEST_BLOCK_S = 15.0


def socket_timeout_for(command_timeout_s: float) -> float:
    return max(LONGEST_BLOCK_S, command_timeout_s) + 10.0


EVENT_STREAM_MAXLEN = 10_000
REPLY_TTL_SECONDS = 120


class CommandType(StrEnum):
    INITIALIZE = "initialize"
    SEND = "send"
    STATUS = "status"
    HEALTH = "health"
    LIST = "list"
    METRICS = "metrics"
    LOGOUT = "logout"
    RESTART = "restart"
    DELETE = "delete"
    PAIRING_CODE = "pairing_code"
    STOP = "stop"  # close the connection, keep the credentials (tenant disabled)


class EventType(StrEnum):
    """Every event a tenant can receive, on its stream and its webhooks."""

    STATE = "state"  # any session state transition; data carries from/to/reason
    QR = "qr"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    RECONNECTING = "reconnecting"
    LOGOUT = "logout"
    RECONNECT_FAILED = "reconnect_failed"
    HEALTH_CHECK_FAILED = "health_check_failed"
    ERROR = "error"
    MESSAGE = "message"
    RECEIPT = "receipt"
    # a webhook endpoint failed for too long and was switched off (never sent to itself)
    ENDPOINT_DISABLED = "endpoint_disabled"
    # sent on request to one endpoint only (POST /webhooks/{id}/test); never on the stream
    WEBHOOK_TEST = "webhook_test"


def new_event_id() -> str:
    """A fresh event id: "evt_" + 12 hex digits of milliseconds (so ids sort by time) + 20
    random hex digits. It is the webhook-id receivers de-duplicate on."""
    return f"evt_{int(time.time() * 1000):012x}{secrets.token_hex(10)}"


def stable_event_id(*parts: str) -> str:
    """The same id every time for the same parts: an event that can be produced twice (an
    incoming message the network re-sends) keeps one webhook-id, so the outbox stores it
    once and receivers can drop a repeat."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"evt_{digest[:32]}"


@dataclass(frozen=True)
class BusKeys:
    """Redis key names under one prefix, so tests and deployments can share one Redis."""

    prefix: str = "wagate"

    @property
    def commands(self) -> str:
        return f"{self.prefix}:commands"

    def reply(self, command_id: str) -> str:
        return f"{self.prefix}:reply:{command_id}"

    def events(self, tenant_id: str) -> str:
        return f"{self.prefix}:events:{tenant_id}"

    @property
    def connector_heartbeat(self) -> str:
        return f"{self.prefix}:connector:heartbeat"


# ---- commands: one payload type each -----------------------------------------------------


@dataclass(frozen=True)
class Initialize:
    TYPE: ClassVar[CommandType] = CommandType.INITIALIZE


@dataclass(frozen=True)
class Send:
    TYPE: ClassVar[CommandType] = CommandType.SEND
    phone: str
    message: str
    quoted_message_id: str | None = None  # absent stays absent on the wire


@dataclass(frozen=True)
class Status:
    TYPE: ClassVar[CommandType] = CommandType.STATUS


@dataclass(frozen=True)
class Health:
    TYPE: ClassVar[CommandType] = CommandType.HEALTH


@dataclass(frozen=True)
class ListSessions:
    """With a tenant: its own session only; without (an operator): every session."""

    TYPE: ClassVar[CommandType] = CommandType.LIST


@dataclass(frozen=True)
class Metrics:
    TYPE: ClassVar[CommandType] = CommandType.METRICS


@dataclass(frozen=True)
class Logout:
    TYPE: ClassVar[CommandType] = CommandType.LOGOUT


@dataclass(frozen=True)
class Restart:
    TYPE: ClassVar[CommandType] = CommandType.RESTART


@dataclass(frozen=True)
class Delete:
    TYPE: ClassVar[CommandType] = CommandType.DELETE


@dataclass(frozen=True)
class PairingCode:
    TYPE: ClassVar[CommandType] = CommandType.PAIRING_CODE
    phone: str


@dataclass(frozen=True)
class Stop:
    TYPE: ClassVar[CommandType] = CommandType.STOP
    reason: str = "stopped"


CommandPayload = (
    Initialize
    | Send
    | Status
    | Health
    | ListSessions
    | Metrics
    | Logout
    | Restart
    | Delete
    | PairingCode
    | Stop
)
PAYLOADS: dict[CommandType, type[CommandPayload]] = {
    cls.TYPE: cls
    for cls in (
        Initialize, Send, Status, Health, ListSessions, Metrics,
        Logout, Restart, Delete, PairingCode, Stop,
    )
}  # fmt: skip


# ---- results: what a command's reply carries when it succeeded --------------------------


@dataclass(frozen=True)
class SessionView:
    """A session as the connector sees it; the gateway renders it for the API."""

    tenant_id: str
    state: str
    phone: str | None
    reason: str | None
    since: str | None  # ISO 8601, UTC: when the state last changed
    reconnect_attempts: int
    qr: str | None  # the current QR code, while the state is `qr`
    engine: str


@dataclass(frozen=True)
class HealthCheck:
    healthy: bool
    checked_at: str | None  # ISO 8601, UTC
    problem: str | None = None  # set when not healthy
    latency_ms: float | None = None  # set when healthy
    age_s: float = 0.0  # how long ago the check ran


@dataclass(frozen=True)
class SessionHealth:
    session: SessionView
    health: HealthCheck


@dataclass(frozen=True)
class SessionList:
    sessions: list[SessionView]


@dataclass(frozen=True)
class Sent:
    message_id: str
    sent_at: str | None  # ISO 8601, UTC


@dataclass(frozen=True)
class MetricsView:
    summary: dict[str, Any]
    prometheus: str  # the connector's metrics in Prometheus' text format


@dataclass(frozen=True)
class PairingCodeIssued:
    session: SessionView
    pairing_code: str


@dataclass(frozen=True)
class Stopped:
    stopped: bool  # False: there was no session to stop


@dataclass(frozen=True)
class Deleted:
    deleted: bool  # False: there was nothing to delete


T = TypeVar("T")


# ---- the one codec: dataclasses <-> JSON objects with camelCase keys ---------------------


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            _camel(f.name): _encode(getattr(value, f.name))
            for f in dataclasses.fields(value)
            # an optional field left at None stays off the wire (absent, as before)
            if not (f.default is None and getattr(value, f.name) is None)
        }
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(cls: type[T], raw: dict[str, Any]) -> T:
    """A dataclass from its encoded form; nested dataclasses (alone or in a list) too.
    A malformed one raises ValueError (field values are trusted: our own encoding)."""
    if not isinstance(raw, dict):
        raise ValueError(f"{cls.__name__} is not an object")
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        key = _camel(f.name)
        if key not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ValueError(f"{cls.__name__} without {key}")
            continue  # the default: left off as None, or sent by an older version
        hint, value = hints[f.name], raw[key]
        if dataclasses.is_dataclass(hint):
            value = _decode(hint, value)  # type: ignore[arg-type]
        elif get_origin(hint) is list and dataclasses.is_dataclass(get_args(hint)[0]):
            value = [_decode(get_args(hint)[0], v) for v in value]
        values[f.name] = value
    return cls(**values)


@dataclass(frozen=True)
class Command:
    """A command for one tenant's session (`tenant_id` None: an operator's, for all)."""

    type: CommandType
    tenant_id: str | None
    # a payload of `type`; none (or its wire form, a dict) is made into one on creation
    payload: CommandPayload | dict[str, Any] | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    issued_at_ms: int = field(default_factory=lambda: int(time.time() * 1000))

    def __post_init__(self) -> None:
        expected = PAYLOADS[self.type]
        if self.payload is None:
            object.__setattr__(self, "payload", expected())  # type: ignore[call-arg]
        elif dataclasses.is_dataclass(self.payload):
            if not isinstance(self.payload, expected):
                raise TypeError(f"a {self.type} command carries {expected.__name__}")
        else:  # the wire form; anything but an object of the right fields: ValueError
            object.__setattr__(self, "payload", _decode(expected, self.payload))

    @classmethod
    def of(cls, tenant_id: str | None, payload: CommandPayload) -> Command:
        return cls(payload.TYPE, tenant_id, payload)

    def body(self) -> CommandPayload:
        """The payload, typed (always a payload once created)."""
        assert self.payload is not None and not isinstance(self.payload, dict)
        return self.payload

    def payload_fields(self) -> dict[str, Any]:
        """The payload in its wire form (also what an Idempotency-Key's body hash covers)."""
        encoded: dict[str, Any] = _encode(self.body())
        return encoded

    def to_fields(self) -> dict[str, str]:
        return {
            "id": self.id,
            "type": self.type.value,
            # the field keeps its name from before `tenant`: older connectors read it
            "company_id": self.tenant_id or "",
            "payload": json.dumps(self.payload_fields(), separators=(",", ":")),
            "issued_at_ms": str(self.issued_at_ms),
        }

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> Command:
        return cls(
            id=fields["id"],
            type=CommandType(fields["type"]),
            tenant_id=fields.get("company_id") or None,
            payload=json.loads(fields.get("payload") or "{}"),
            issued_at_ms=int(fields.get("issued_at_ms") or 0),
        )


@dataclass(frozen=True)
class Reply:
    """The connector's answer: a result, or a stable error code (wagate/errors.py) with a
    sentence. No HTTP status: the gateway derives it from the code."""

    ok: bool
    data: dict[str, Any] = field(default_factory=dict)  # the encoded result
    code: str | None = None  # stable machine code when not ok
    error: str | None = None  # human sentence when not ok
    retry_after_s: float | None = None  # when not ok: retrying sooner is refused again

    @classmethod
    def success(cls, result: object) -> Reply:
        return cls(ok=True, data=_encode(result))

    @classmethod
    def failure(cls, code: str, error: str, retry_after_s: float | None = None) -> Reply:
        return cls(ok=False, code=code, error=error, retry_after_s=retry_after_s)

    def result(self, cls: type[T]) -> T:
        return _decode(cls, self.data)

    def to_json(self) -> str:
        return json.dumps(
            {
                "ok": self.ok,
                "data": self.data,
                "code": self.code,
                "error": self.error,
                "retryAfterS": self.retry_after_s,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> Reply:
        d = json.loads(raw)
        return cls(
            ok=bool(d["ok"]),
            data=d.get("data") or {},
            code=d.get("code"),
            error=d.get("error"),
            retry_after_s=d.get("retryAfterS"),
        )


@dataclass(frozen=True)
class Event:
    type: EventType
    tenant_id: str
    data: dict[str, Any]
    timestamp_ms: int = field(default_factory=lambda: int(time.time() * 1000))
    id: str = field(default_factory=new_event_id)

    def to_fields(self) -> dict[str, str]:
        return {
            "id": self.id,
            "type": self.type.value,
            "company_id": self.tenant_id,  # the wire keeps its name
            "data": json.dumps(self.data, separators=(",", ":")),
            "ts": str(self.timestamp_ms),
        }

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> Event:
        return cls(
            type=EventType(fields["type"]),
            tenant_id=fields["company_id"],
            data=json.loads(fields["data"]),
            timestamp_ms=int(fields["ts"]),
            # entries written before events had ids get one derived from their content
            id=fields.get("id")
            or stable_event_id(fields["company_id"], fields["ts"], fields["data"]),
        )

    def to_public(self, stream_id: str) -> dict[str, Any]:
        """The shape a tenant sees on the WebSocket: `id` is the resume point, `eventId`
        the same id the event's webhook carries (webhook-id), to de-duplicate across both."""
        return {
            "id": stream_id,
            "eventId": self.id,
            "type": self.type.value,
            "companyId": self.tenant_id,
            "timestamp": self.timestamp_ms,
            "data": self.data,
        }

    def to_webhook_body(self) -> str:
        """The exact JSON a webhook POST carries (and its signature covers): the WebSocket
        shape with `id` the event id, which is also the webhook-id header."""
        return json.dumps(
            {
                "id": self.id,
                "type": self.type.value,
                "companyId": self.tenant_id,
                "timestamp": self.timestamp_ms,
                "data": self.data,
            },
            separators=(",", ":"),
            ensure_ascii=False,
        )


StreamEntry = tuple[str, dict[str, str]]


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def decode_entries(entries: Any) -> list[StreamEntry]:
    """(id, fields) pairs from a raw XRANGE/XAUTOCLAIM entry list, as text. An entry that
    was deleted while pending comes back with no fields; it is kept with `{}`."""
    return [
        (_text(entry_id), {_text(k): _text(v) for k, v in (fields or {}).items()})
        for entry_id, fields in entries or []
    ]


def decode_read(response: Any) -> list[StreamEntry]:
    """The entries of a raw XREAD/XREADGROUP response (all streams), as text."""
    return [entry for _stream, entries in response or [] for entry in decode_entries(entries)]
