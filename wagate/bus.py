"""The bus contract between gateways and the connector: key names and message shapes.

This is the only code both sides import. Everything that crosses Redis is defined here:

- commands: one stream read by the connector through a consumer group, so a command the
  connector took but did not finish stays pending and is re-delivered after a crash;
- replies: one list per command (`reply_to`), which the waiting gateway pops with a timeout;
- events: one stream per tenant, capped in length, so a WebSocket client can resume from
  the last id it saw. Each event also has its own id (`evt_...`), made once when the
  event happens: the same id is the webhook-id of its webhook deliveries.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

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

    def events(self, company_id: str) -> str:
        return f"{self.prefix}:events:{company_id}"

    @property
    def connector_heartbeat(self) -> str:
        return f"{self.prefix}:connector:heartbeat"


@dataclass(frozen=True)
class Command:
    type: CommandType
    company_id: str | None
    payload: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    issued_at_ms: int = field(default_factory=lambda: int(time.time() * 1000))

    def to_fields(self) -> dict[str, str]:
        return {
            "id": self.id,
            "type": self.type.value,
            "company_id": self.company_id or "",
            "payload": json.dumps(self.payload, separators=(",", ":")),
            "issued_at_ms": str(self.issued_at_ms),
        }

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> Command:
        return cls(
            id=fields["id"],
            type=CommandType(fields["type"]),
            company_id=fields.get("company_id") or None,
            payload=json.loads(fields.get("payload") or "{}"),
            issued_at_ms=int(fields.get("issued_at_ms") or 0),
        )


@dataclass(frozen=True)
class Reply:
    """The connector's answer. `status` is the HTTP status the gateway should return."""

    ok: bool
    status: int = 200
    data: dict[str, Any] = field(default_factory=dict)
    code: str | None = None  # stable machine code when not ok
    error: str | None = None  # human sentence when not ok

    def to_json(self) -> str:
        return json.dumps(
            {
                "ok": self.ok,
                "status": self.status,
                "data": self.data,
                "code": self.code,
                "error": self.error,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> Reply:
        d = json.loads(raw)
        return cls(
            ok=bool(d["ok"]),
            status=int(d["status"]),
            data=d.get("data") or {},
            code=d.get("code"),
            error=d.get("error"),
        )

    @classmethod
    def failure(cls, status: int, code: str, error: str) -> Reply:
        return cls(ok=False, status=status, code=code, error=error)


@dataclass(frozen=True)
class Event:
    type: EventType
    company_id: str
    data: dict[str, Any]
    timestamp_ms: int = field(default_factory=lambda: int(time.time() * 1000))
    id: str = field(default_factory=new_event_id)

    def to_fields(self) -> dict[str, str]:
        return {
            "id": self.id,
            "type": self.type.value,
            "company_id": self.company_id,
            "data": json.dumps(self.data, separators=(",", ":")),
            "ts": str(self.timestamp_ms),
        }

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> Event:
        return cls(
            type=EventType(fields["type"]),
            company_id=fields["company_id"],
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
            "companyId": self.company_id,
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
                "companyId": self.company_id,
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
