"""`event_quarantine` (migration 009): session events PostgreSQL refused to store, kept
aside so that one event cannot stop a session's stream. The connector writes a row in the
transaction of the `error` event that tells the tenant; `wagate quarantine list` reads
them for the operator."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from wagate.bus import Event
from wagate.storable import storable_text
from wagate.tables import Executor

MAX_ERROR_CHARS = 1000


@dataclass(frozen=True)
class QuarantinedEvent:
    id: int
    tenant_id: str
    event_id: str
    event_type: str
    event: dict[str, str]  # the stream entry, as Event.to_fields
    error: str
    tries: int
    created_at: datetime


def storable_json(value: object) -> str:
    """JSON any text column holds: non-ASCII escaped (an unpaired surrogate included),
    and NUL escaped as every control character is."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


async def add(db: Executor, event: Event, error: str, tries: int) -> bool:
    """Keep `event` aside with the last `error`; False when it was kept before."""
    row_id = await db.fetchval(
        """INSERT INTO event_quarantine (tenant_id, event_id, event_type, event, error, tries)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (tenant_id, event_id) DO NOTHING
           RETURNING id""",
        event.tenant_id,
        event.id,
        event.type.value,
        storable_json(event.to_fields()),
        storable_text(error[:MAX_ERROR_CHARS]),
        tries,
    )
    return row_id is not None


async def recent(db: Executor, tenant_id: str | None, limit: int) -> list[QuarantinedEvent]:
    """The newest `limit` rows, of one tenant or of all."""
    rows = await db.fetch(
        """SELECT id, tenant_id, event_id, event_type, event, error, tries, created_at
           FROM event_quarantine WHERE $1::text IS NULL OR tenant_id = $1
           ORDER BY id DESC LIMIT $2""",
        tenant_id,
        limit,
    )
    return [
        QuarantinedEvent(
            r["id"],
            r["tenant_id"],
            r["event_id"],
            r["event_type"],
            json.loads(r["event"]),
            r["error"],
            r["tries"],
            r["created_at"],
        )
        for r in rows
    ]
