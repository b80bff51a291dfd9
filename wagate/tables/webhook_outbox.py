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

from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from wagate.bus import Event
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
        event.to_webhook_body(),
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
            event.to_webhook_body(),
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
    """Queue again the endpoint's deliveries in `statuses` created in [since, until) (a
    time without a zone is UTC); returns how many."""
    rows = await db.fetch(
        _REQUEUE
        + """ WHERE endpoint_id = $1 AND status = ANY ($2::text[])
                AND created_at >= $3 AND ($4::timestamptz IS NULL OR created_at < $4)
              RETURNING id""",
        endpoint_id,
        statuses,
        _utc(since),
        _utc(until),
    )
    return len(rows)


def _created_at(event: Event) -> datetime:
    return datetime.fromtimestamp(event.timestamp_ms / 1000, UTC)


# ---- what the webhooks API lists --------------------------------------------------------

_DELIVERY = """d.id, d.endpoint_id, d.event_id, e.type, d.status, d.attempts,
               d.next_attempt_at, d.last_status_code, d.last_error, d.created_at,
               d.finished_at"""
_ATTEMPT = """id, delivery_id, attempt, started_at, duration_ms, outcome, status_code, error,
              response_body"""


@dataclass(frozen=True)
class Delivery:
    id: int
    endpoint_id: str
    event_id: str
    type: str  # the event's
    status: str  # 'pending' | 'delivered' | 'failed' | 'dead'
    attempts: int  # tries in the current schedule
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class Attempt:
    id: int
    delivery_id: int
    attempt: int
    started_at: datetime
    duration_ms: float
    outcome: str  # 'delivered' | 'retry' | 'failed' | 'dead'
    status_code: int | None
    error: str | None
    response_body: str | None


@dataclass(frozen=True)
class Page:
    """Newest first: created in [since, until), ids below `before`, at most `limit`."""

    since: datetime | None
    until: datetime | None
    before: int | None
    limit: int


def _delivery(row: asyncpg.Record) -> Delivery:
    return Delivery(**{name: row[name] for name in Delivery.__dataclass_fields__})


def _attempt(row: asyncpg.Record) -> Attempt:
    return Attempt(**{name: row[name] for name in Attempt.__dataclass_fields__})


def _utc(ts: datetime | None) -> datetime | None:
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts


async def deliveries(
    db: Executor, endpoint_id: str, page: Page, status: str | None, event_type: str | None
) -> list[Delivery]:
    rows = await db.fetch(
        f"""SELECT {_DELIVERY} FROM webhook_deliveries d
            JOIN webhook_events e ON e.id = d.event_id
            WHERE d.endpoint_id = $1
              AND ($2::text IS NULL OR d.status = $2)
              AND ($3::text IS NULL OR e.type = $3)
              AND ($4::timestamptz IS NULL OR d.created_at >= $4)
              AND ($5::timestamptz IS NULL OR d.created_at < $5)
              AND ($6::bigint IS NULL OR d.id < $6)
            ORDER BY d.id DESC
            LIMIT $7""",
        endpoint_id,
        status,
        event_type,
        _utc(page.since),
        _utc(page.until),
        page.before,
        page.limit,
    )
    return [_delivery(r) for r in rows]


async def delivery(
    db: Executor, endpoint_id: str, delivery_id: int
) -> tuple[Delivery, str, list[Attempt]] | None:
    """The delivery, the exact body it sends, and its attempts (oldest first)."""
    row = await db.fetchrow(
        f"""SELECT {_DELIVERY}, e.body FROM webhook_deliveries d
            JOIN webhook_events e ON e.id = d.event_id
            WHERE d.endpoint_id = $1 AND d.id = $2""",
        endpoint_id,
        delivery_id,
    )
    if row is None:
        return None
    attempts = await db.fetch(
        f"SELECT {_ATTEMPT} FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id",
        delivery_id,
    )
    return _delivery(row), row["body"], [_attempt(a) for a in attempts]


async def attempts(
    db: Executor, endpoint_id: str, page: Page, outcome: str | None
) -> list[Attempt]:
    rows = await db.fetch(
        f"""SELECT {_ATTEMPT} FROM webhook_attempts
            WHERE endpoint_id = $1
              AND ($2::text IS NULL OR outcome = $2)
              AND ($3::timestamptz IS NULL OR started_at >= $3)
              AND ($4::timestamptz IS NULL OR started_at < $4)
              AND ($5::bigint IS NULL OR id < $5)
            ORDER BY id DESC
            LIMIT $6""",
        endpoint_id,
        outcome,
        _utc(page.since),
        _utc(page.until),
        page.before,
        page.limit,
    )
    return [_attempt(r) for r in rows]
