"""The webhook outbox: `webhook_events`, the `webhook_deliveries` they create and the
`webhook_attempts` made on them. Every statement on these three tables is here:

- how an event becomes owed to a tenant's endpoints, or owed again:
  - the connector owes each event to every enabled endpoint of its tenant whose filter
    matches, in the transaction that records the event (`OWE_EVENT`, run by
    connector/webhooks/outbox.py, which also logs it for the Redis stream);
  - the gateway owes a `webhook_test` event to one endpoint whatever its filter
    (`owe_test_event`), and queues finished deliveries again on a replay
    (`requeue_one`, `requeue_since`);
- what the gateway's webhooks API lists (`deliveries`, `delivery`, `attempts`);
- the connector's dispatch (`claim`, `record_attempts`, `release`, `reclaim_abandoned`,
  `purge`), whose rules (ordering, leases, disabling) are connector/webhooks/queue.py's:
  only the connector sends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from wagate.bus import Event
from wagate.public_events import webhook_body
from wagate.tables import Executor, from_row
from wagate.tables.webhook_endpoints import headers_of

OWE_EVENT = """
WITH endpoints AS (
    SELECT id FROM webhook_endpoints
    -- the tenant's endpoints and streams, and the installation-wide streams
    WHERE (tenant_id = $2 OR tenant_id IS NULL) AND enabled
      AND (event_types IS NULL OR $3 = ANY (event_types))
      AND NOT (id = ANY ($7::text[]))
), event AS (
    INSERT INTO webhook_events (id, tenant_id, type, body, created_at)
    SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM endpoints)
    ON CONFLICT (id) DO NOTHING
    RETURNING id
), owed AS (
    INSERT INTO webhook_deliveries (event_id, endpoint_id, tenant_id, next_attempt_at)
    SELECT event.id, endpoints.id, $2, now() + make_interval(secs => $6)
    FROM event, endpoints
    ORDER BY endpoints.id
    RETURNING id
)
-- one row however many endpoints owe it: statements of one row go in a pipeline together
SELECT count(*) FROM owed
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
    return from_row(Delivery, row)


def _attempt(row: asyncpg.Record) -> Attempt:
    return from_row(Attempt, row)


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


# ---- the connector's dispatch: leases, attempts, outcomes, retention ----------------------
# (the ordering and leasing rules: connector/webhooks/queue.py)


def _still_pending(alias: str) -> str:
    """That a delivery found by its id (or its event) is pending, in words the planner
    cannot match to the pending index's predicate, so the row is found through the key
    that names it. Statistics taken while nothing was pending (an outbox drained at the
    last ANALYZE, which a backlog of a few percent of the table does not trigger again)
    make that index look empty; planned through it, each statement read every pending
    row, and a backlog of 5,000 deliveries went at 160 a second instead of 3,000."""
    return f"({alias}.status = 'pending') IS TRUE"


_HEADS = """
    SELECT h.id
    FROM webhook_endpoints ep
    CROSS JOIN LATERAL (
        SELECT d.id, d.next_attempt_at, d.lease_until
        FROM webhook_deliveries d
        WHERE d.endpoint_id = ep.id AND d.status = 'pending'
        ORDER BY d.id
        LIMIT 1
    ) h
    WHERE ep.enabled AND ep.kind = ANY ($4::text[])
      AND h.next_attempt_at <= now()
      AND (h.lease_until IS NULL OR h.lease_until < now())
    ORDER BY h.next_attempt_at
    LIMIT $1
"""

# the lease of the rows in `locked` (its lease length and owner: parameters `secs`, `owner`)
_LEASE = """
UPDATE webhook_deliveries d
SET lease_until = now() + make_interval(secs => {secs}), leased_by = {owner},
    attempts = d.attempts + 1
FROM locked, webhook_events e, webhook_endpoints ep
WHERE d.id = locked.id AND e.id = d.event_id AND ep.id = d.endpoint_id
RETURNING d.id, d.event_id, d.endpoint_id, d.tenant_id, d.attempts, e.type, e.body,
          e.created_at AS event_at, ep.url, ep.headers, ep.secret, ep.kind, ep.target,
          ep.exchange,
          CASE WHEN ep.previous_secret_expires_at > now() THEN ep.previous_secret END
              AS previous_secret
"""
# what _LEASE returns, read from its CTE
_LEASED_COLUMNS = """{table}.id, {table}.event_id, {table}.endpoint_id, {table}.tenant_id,
       {table}.attempts, {table}.type, {table}.body, {table}.event_at, {table}.url,
       {table}.headers, {table}.secret, {table}.kind, {table}.target, {table}.exchange,
       {table}.previous_secret"""

_CLAIM = f"""
WITH heads AS ({_HEADS}),
locked AS (
    SELECT d.id FROM webhook_deliveries d
    WHERE d.id IN (SELECT id FROM heads) AND {_still_pending("d")}
      AND (d.lease_until IS NULL OR d.lease_until < now())
      -- still the head (a replay may have put an older delivery back in the queue)
      AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries o
          WHERE o.endpoint_id = d.endpoint_id AND o.status = 'pending' AND o.id < d.id)
    FOR UPDATE OF d SKIP LOCKED
)
{_LEASE.format(secs="$2", owner="$3")}"""


# One statement records the attempts that finished together: moves each delivery on
# (only if its claim still owns it), writes the attempt rows, keeps the endpoints'
# failure streaks, and leases the next due delivery of each endpoint whose delivery is
# finished (asked for by `take_next`). The statement sees the table as it was before it,
# where the deliveries it records are still pending: an endpoint's next is its oldest
# pending delivery other than the one recorded. One row per delivery recorded: its
# endpoint's streak if that changed (streak_*), and the next delivery leased, if any.
_FINISH = f"""
WITH done AS (
    SELECT id, attempt, outcome, retry_in, status_code, error, started_at, duration_ms,
           response_body, take_next
    FROM unnest($1::bigint[], $2::int[], $3::text[], $4::float8[], $5::int[],
                         $6::text[], $7::timestamptz[], $8::float8[], $9::text[],
                         $10::bool[])
        AS t(id, attempt, outcome, retry_in, status_code, error, started_at, duration_ms,
             response_body, take_next)
), moved AS (
    UPDATE webhook_deliveries d SET
        status = CASE WHEN done.outcome = 'retry' THEN 'pending' ELSE done.outcome END,
        next_attempt_at = CASE WHEN done.outcome = 'retry'
            THEN now() + make_interval(secs => done.retry_in) ELSE d.next_attempt_at END,
        finished_at = CASE WHEN done.outcome = 'retry' THEN NULL ELSE now() END,
        lease_until = NULL, leased_by = NULL,
        last_status_code = done.status_code, last_error = done.error
    FROM done
    WHERE d.id = done.id AND d.attempts = done.attempt AND {_still_pending("d")}
    RETURNING d.id, d.endpoint_id, done.attempt, done.outcome, done.status_code, done.error,
              done.started_at, done.duration_ms, done.response_body, done.take_next
), attempt AS (
    INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempt, started_at, duration_ms,
                                  outcome, status_code, error, response_body)
    SELECT id, endpoint_id, attempt, started_at, duration_ms, outcome, status_code, error,
           response_body
    FROM moved ORDER BY id
), streak AS (
    UPDATE webhook_endpoints ep SET
        consecutive_failures = CASE WHEN moved.outcome = 'delivered' THEN 0
                                    ELSE ep.consecutive_failures + 1 END,
        failing_since = CASE WHEN moved.outcome = 'delivered' THEN NULL
                             ELSE coalesce(ep.failing_since, moved.started_at) END
    FROM moved
    WHERE ep.id = moved.endpoint_id
      AND (moved.outcome <> 'delivered' OR ep.consecutive_failures > 0)
    RETURNING ep.id, ep.enabled, ep.consecutive_failures, ep.failing_since, ep.url,
              ep.tenant_id
), following AS (
    SELECT n.id FROM moved
    CROSS JOIN LATERAL (
        SELECT d.id, d.next_attempt_at, d.lease_until FROM webhook_deliveries d
        WHERE d.endpoint_id = moved.endpoint_id AND d.status = 'pending' AND d.id <> moved.id
        ORDER BY d.id
        LIMIT 1
    ) n
    WHERE moved.take_next AND moved.outcome <> 'retry' AND n.next_attempt_at <= now()
), locked AS (
    SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints ep ON ep.id = d.endpoint_id
    WHERE d.id IN (SELECT id FROM following) AND ep.enabled AND {_still_pending("d")}
      AND (d.lease_until IS NULL OR d.lease_until < now())
    FOR UPDATE OF d SKIP LOCKED
), leased AS ({_LEASE.format(secs="$11", owner="$12")})
SELECT moved.id AS recorded_id, streak.enabled AS streak_enabled,
       streak.consecutive_failures AS streak_consecutive_failures,
       streak.failing_since AS streak_failing_since, streak.url AS streak_url,
       streak.tenant_id AS streak_tenant_id, {_LEASED_COLUMNS.format(table="leased")}
FROM moved LEFT JOIN streak ON streak.id = moved.endpoint_id
LEFT JOIN leased ON leased.endpoint_id = moved.endpoint_id
"""


@dataclass(frozen=True)
class ClaimedRow:
    """A leased delivery with what sending it takes: its event's exact body, and its
    endpoint's url, headers and (sealed) secrets."""

    delivery_id: int
    event_id: str
    endpoint_id: str
    tenant_id: str
    attempt: int  # 1-based, within the current schedule
    event_type: str
    body: str
    event_at: datetime
    url: str
    headers: dict[str, str]
    secret: str
    previous_secret: str | None  # while the rotation's overlap lasts
    kind: str  # 'webhook' | 'amqp' | 'nats'
    target: str  # a stream's subject or routing key
    exchange: str  # an AMQP stream's exchange


@dataclass(frozen=True)
class AttemptRecord:
    delivery_id: int
    attempt: int
    outcome: str  # 'delivered' | 'retry' | 'failed' | 'dead'
    retry_in_s: float
    status_code: int | None
    error: str | None
    started_at: datetime
    duration_ms: float
    response_body: str | None


@dataclass(frozen=True)
class Streak:
    """The endpoint's failure streak, after an attempt that failed."""

    enabled: bool
    consecutive_failures: int
    failing_since: datetime
    url: str
    tenant_id: str


def _claimed(row: asyncpg.Record) -> ClaimedRow:
    return ClaimedRow(
        delivery_id=row["id"],
        event_id=row["event_id"],
        endpoint_id=row["endpoint_id"],
        tenant_id=row["tenant_id"],
        attempt=row["attempts"],
        event_type=row["type"],
        body=row["body"],
        event_at=row["event_at"],
        url=row["url"],
        headers=headers_of(row["headers"]),
        secret=row["secret"],
        previous_secret=row["previous_secret"],
        kind=row["kind"],
        target=row["target"],
        exchange=row["exchange"],
    )


async def claim(
    db: Executor, limit: int, lease_s: float, owner: str, kinds: tuple[str, ...]
) -> list[ClaimedRow]:
    """Lease up to `limit` due queue heads of destinations of `kinds` to `owner`."""
    rows = await db.fetch(_CLAIM, limit, lease_s, owner, list(kinds))
    return [_claimed(r) for r in rows]


@dataclass(frozen=True)
class Recorded:
    """An attempt recorded: its endpoint's failure streak if it is failing after it, and
    the endpoint's next delivery if one was asked for, due, and leased."""

    streak: Streak | None
    next: ClaimedRow | None


async def record_attempts(
    db: Executor, done: list[tuple[AttemptRecord, bool]], lease_s: float, owner: str
) -> dict[int, Recorded]:
    """Record attempts in one statement, each with whether to lease its endpoint's next
    delivery to `owner`; by delivery id, those recorded (not gone or re-leased meanwhile)."""
    ordered = sorted(done, key=lambda d: d[0].delivery_id)  # rows locked in one order
    if not ordered:
        return {}
    records = [a for a, _ in ordered]
    rows = await db.fetch(
        _FINISH,
        [a.delivery_id for a in records],
        [a.attempt for a in records],
        [a.outcome for a in records],
        [a.retry_in_s for a in records],
        [a.status_code for a in records],
        [a.error for a in records],
        [a.started_at for a in records],
        [a.duration_ms for a in records],
        [a.response_body for a in records],
        [take_next for _, take_next in ordered],
        lease_s,
        owner,
    )
    return {row["recorded_id"]: _recorded(row) for row in rows}


def _recorded(row: asyncpg.Record) -> Recorded:
    streak = None
    if row["streak_failing_since"] is not None:  # not a success after no streak
        streak = Streak(
            row["streak_enabled"],
            row["streak_consecutive_failures"],
            row["streak_failing_since"],
            row["streak_url"],
            row["streak_tenant_id"],
        )
    return Recorded(streak, None if row["id"] is None else _claimed(row))


async def reclaim_abandoned(db: Executor) -> int:
    """Free every lease at once; returns how many."""
    return int(
        await db.fetchval(
            """WITH freed AS (
                   UPDATE webhook_deliveries SET lease_until = NULL, leased_by = NULL
                   WHERE status = 'pending' AND lease_until IS NOT NULL
                   RETURNING 1)
               SELECT count(*) FROM freed"""
        )
    )


async def release(db: Executor, delivery_id: int, attempt: int) -> None:
    """Give a leased delivery back untried, if this lease still holds it."""
    await db.execute(
        f"""UPDATE webhook_deliveries d
           SET lease_until = NULL, leased_by = NULL, attempts = attempts - 1
           WHERE id = $1 AND attempts = $2 AND {_still_pending("d")}""",
        delivery_id,
        attempt,
    )


async def purge(db: Executor, retention_s: float, batch: int) -> int:
    """Forget up to `batch` events older than `retention_s` whose deliveries are all
    finished (their deliveries and attempts go with them). Returns how many events."""
    return int(
        await db.fetchval(
            f"""WITH old AS (
                   SELECT e.id FROM webhook_events e
                   WHERE e.created_at < now() - make_interval(secs => $1)
                     AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                                     WHERE d.event_id = e.id AND {_still_pending("d")})
                   LIMIT $2),
               gone AS (DELETE FROM webhook_events e USING old WHERE e.id = old.id
                        RETURNING 1)
               SELECT count(*) FROM gone""",
            retention_s,
            batch,
        )
    )
