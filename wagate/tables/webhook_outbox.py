"""The webhook outbox (`webhook_events` and the `webhook_deliveries` they create): every
way an event becomes owed to a tenant's endpoints, or owed again.

- the connector owes each event to every enabled endpoint of its tenant whose filter
  matches, in the transaction that records the event (`OWE_EVENT`, run by
  connector/webhooks/outbox.py, which also logs it for the Redis stream);
- the gateway owes a `webhook_test` event to one endpoint whatever its filter
  (`owe_test_event`), and queues finished deliveries again on a replay (`requeue_one`,
  `requeue_since`).

The dispatcher's leases, attempts and outcomes on a delivery are connector/webhooks/
queue.py's (only the connector sends)."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg

from wagate.bus import Event
from wagate.public_events import webhook_body
from wagate.tables import Executor

OWE_EVENT = """
WITH endpoints AS (
    SELECT id FROM webhook_endpoints
    WHERE tenant_id = $2 AND enabled AND (event_types IS NULL OR $3 = ANY (event_types))
      AND NOT (id = ANY ($7::text[]))
), event AS (
    INSERT INTO webhook_events (id, tenant_id, type, body, created_at)
    SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM endpoints)
    ON CONFLICT (id) DO NOTHING
    RETURNING id
)
INSERT INTO webhook_deliveries (event_id, endpoint_id, tenant_id, next_attempt_at)
SELECT event.id, endpoints.id, $2, now() + make_interval(secs => $6)
FROM event, endpoints
ORDER BY endpoints.id
RETURNING id
"""


def owe_event_args(
    event: Event, first_delay_s: float, exclude_endpoints: tuple[str, ...]
) -> tuple[object, ...]:
    """OWE_EVENT's arguments, $1 to $7."""
    return (
        event.id,
        event.tenant_id,
        event.type.value,
        webhook_body(event),
        _created_at(event),
        first_delay_s,
        list(exclude_endpoints),
    )


async def owe_test_event(pool: asyncpg.Pool, event: Event, endpoint_id: str) -> int:
    """`event` owed to this endpoint only, whatever its filter, queued behind what the
    endpoint already has pending; returns the delivery's id."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(
            """INSERT INTO webhook_events (id, tenant_id, type, body, created_at)
               VALUES ($1, $2, $3, $4, $5)""",
            event.id,
            event.tenant_id,
            event.type.value,
            webhook_body(event),
            _created_at(event),
        )
        delivery_id = await conn.fetchval(
            """INSERT INTO webhook_deliveries (event_id, endpoint_id, tenant_id)
               VALUES ($1, $2, $3) RETURNING id""",
            event.id,
            endpoint_id,
            event.tenant_id,
        )
    return int(delivery_id)


_REQUEUE = """UPDATE webhook_deliveries SET status = 'pending', attempts = 0,
                  next_attempt_at = now(), finished_at = NULL,
                  lease_until = NULL, leased_by = NULL"""


async def requeue_one(pool: asyncpg.Pool, endpoint_id: str, delivery_id: int) -> str | None:
    """Queue a finished delivery again (same event, same webhook-id, a fresh schedule).
    Returns its status before: None if there is no such delivery; "pending" (and
    nothing done) if it is still in the queue."""
    async with pool.acquire() as conn, conn.transaction():
        status: str | None = await conn.fetchval(
            """SELECT status FROM webhook_deliveries
               WHERE endpoint_id = $1 AND id = $2 FOR UPDATE""",
            endpoint_id,
            delivery_id,
        )
        if status is None or status == "pending":
            return status
        await conn.execute(_REQUEUE + " WHERE id = $1", delivery_id)
        return status


async def requeue_since(
    db: Executor,
    endpoint_id: str,
    statuses: list[str],
    since: datetime,
    until: datetime | None,
) -> int:
    """Queue again the endpoint's deliveries in `statuses` created in [since, until);
    returns how many."""
    rows = await db.fetch(
        _REQUEUE
        + """ WHERE endpoint_id = $1 AND status = ANY ($2::text[])
                AND created_at >= $3 AND ($4::timestamptz IS NULL OR created_at < $4)
              RETURNING id""",
        endpoint_id,
        statuses,
        since,
        until,
    )
    return len(rows)


def _created_at(event: Event) -> datetime:
    return datetime.fromtimestamp(event.timestamp_ms / 1000, UTC)
