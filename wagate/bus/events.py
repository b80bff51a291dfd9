"""Events: what happened to a tenant's session, on its stream and its webhooks."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wagate.bus import tenant_field
from wagate.ids import random_hex


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
    # messaging: `from`/`fromLid` name the person, `chat` a group ("" or absent: 1:1)
    REACTION = "reaction"  # an emoji on a message ("" : removed)
    MESSAGE_EDITED = "message_edited"
    MESSAGE_REVOKED = "message_revoked"  # deleted for everyone by its sender
    POLL_VOTE = "poll_vote"  # the options a voter now chose (decrypted)
    PRESENCE = "presence"  # opt-in per tenant (presenceEvents): online, typing, …
    # a group's participants or info changed (added, removed, promoted, demoted, subject,
    # description), by whom
    GROUP_UPDATE = "group_update"
    # a contact posted a status update (story): text, or a photo or video with a caption
    STATUS = "status"
    # the phone sends old messages after linking (and on request): started, progress
    # with counts, done. The messages go to the message store, not out as events
    HISTORY_SYNC = "history_sync"
    # a call to the account: offered (voice or video, 1:1 or group), accepted on another
    # of its devices, ended by the caller, or missed (not answered in time)
    CALL = "call"
    # a webhook endpoint failed for too long and was switched off (never sent to itself)
    ENDPOINT_DISABLED = "endpoint_disabled"
    # sent on request to one endpoint only (POST /webhooks/{id}/test); never on the stream
    WEBHOOK_TEST = "webhook_test"


def new_event_id() -> str:
    """A fresh event id: "evt_" + 12 hex digits of milliseconds (so ids sort by time) + 20
    random hex digits. It is the webhook-id receivers de-duplicate on."""
    return f"evt_{int(time.time() * 1000):012x}{random_hex(10)}"


def stable_event_id(*parts: str) -> str:
    """The same id every time for the same parts: an event that can be produced twice (an
    incoming message the network re-sends) keeps one webhook-id, so the outbox stores it
    once and receivers can drop a repeat."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"evt_{digest[:32]}"


@dataclass(frozen=True)
class Event:
    """A stream entry (and an event log row). `data` is the body's public JSON object,
    rendered once by its producer (wagate/public_events.py) and carried as is: a
    gateway passes on whatever fields the connector of either release wrote."""

    type: EventType
    tenant_id: str
    data: dict[str, Any]
    timestamp_ms: int = field(default_factory=lambda: int(time.time() * 1000))
    id: str = field(default_factory=new_event_id)

    def to_fields(self) -> dict[str, str]:
        return {
            "id": self.id,
            "type": self.type.value,
            **tenant_field.written(self.tenant_id),
            "data": json.dumps(self.data, separators=(",", ":")),
            "ts": str(self.timestamp_ms),
        }

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> Event:
        """The event of a stream entry (or an event log row) of this release or an
        earlier one; an entry naming no tenant, or two, raises ValueError."""
        tenant_id = tenant_field.read(fields)
        if not tenant_id:
            raise ValueError("an event entry names no tenant")
        return cls(
            type=EventType(fields["type"]),
            tenant_id=tenant_id,
            data=json.loads(fields["data"]),
            timestamp_ms=int(fields["ts"]),
            # entries written before events had ids get one derived from their content
            id=fields.get("id") or stable_event_id(tenant_id, fields["ts"], fields["data"]),
        )
