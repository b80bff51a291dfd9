"""The outbox as a work queue: claim due deliveries, record what each attempt did.

Ordering. A dispatcher only ever takes the head of an endpoint's queue (its oldest
pending delivery), and only when that head is due and not leased. While a delivery waits
for its next retry it stays the head, so the events after it for that endpoint wait too;
other endpoints (other tenants) have their own heads and go on. Each endpoint belongs to
one tenant, which has one session, so "per endpoint" is "per (endpoint, session)".

Claiming. A claim is one short transaction: find due heads (a walk over endpoints with
one index probe each), lock them `FOR UPDATE SKIP LOCKED` (so two dispatchers never take
the same row, nor wait for each other), and lease them: `lease_until`, `leased_by`, and
the attempt number. The HTTP call happens outside any transaction; holding no database
connection while a receiver takes its time. A dispatcher that dies mid-attempt leaves a
lease that expires (the attempt deadline, half again, plus a second), after which the
delivery is taken again: at-least-once, with the same webhook-id. A connector that takes
the connector lock frees every lease at once (`reclaim_abandoned`): their owner is gone.

Recording. One statement writes the attempt row, moves the delivery on (delivered,
retry at a time, failed, dead) and keeps the endpoint's failure streak. An endpoint that
has failed long enough is disabled in a transaction that also queues an
`endpoint_disabled` event for the tenant's other endpoints and its stream. If the delivery
is finished, the endpoint's next due delivery is leased at once, so a backlog drains
without a round through the claim loop.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

from connector.webhooks.outbox import Outbox
from connector.webhooks.schedule import Outcome
from connector.webhooks.sender import AttemptResult, Outgoing
from wagate import public_events
from wagate.bus import Event
from wagate.public_events import EndpointDisabled
from wagate.sealing import Sealer
from wagate.webhook_secrets import opened

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
    WHERE ep.enabled AND ($4::text IS NULL OR ep.id = $4)
      AND h.next_attempt_at <= now()
      AND (h.lease_until IS NULL OR h.lease_until < now())
    ORDER BY h.next_attempt_at
    LIMIT $1
"""

_CLAIM = f"""
WITH heads AS ({_HEADS}),
locked AS (
    SELECT d.id FROM webhook_deliveries d
    WHERE d.id IN (SELECT id FROM heads) AND d.status = 'pending'
      AND (d.lease_until IS NULL OR d.lease_until < now())
      -- still the head (a replay may have put an older delivery back in the queue)
      AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries o
          WHERE o.endpoint_id = d.endpoint_id AND o.status = 'pending' AND o.id < d.id)
    FOR UPDATE OF d SKIP LOCKED
)
UPDATE webhook_deliveries d
SET lease_until = now() + make_interval(secs => $2), leased_by = $3, attempts = d.attempts + 1
FROM locked, webhook_events e, webhook_endpoints ep
WHERE d.id = locked.id AND e.id = d.event_id AND ep.id = d.endpoint_id
RETURNING d.id, d.event_id, d.endpoint_id, d.tenant_id, d.attempts, e.type, e.body,
          e.created_at AS event_at, ep.url, ep.headers, ep.secret,
          CASE WHEN ep.previous_secret_expires_at > now() THEN ep.previous_secret END
              AS previous_secret
"""


# One statement records an attempt: moves the delivery on (only if this claim still owns
# it), writes the attempt row, and keeps the endpoint's failure streak.
_FINISH = """
WITH moved AS (
    UPDATE webhook_deliveries SET
        status = CASE WHEN $3 = 'retry' THEN 'pending' ELSE $3 END,
        next_attempt_at = CASE WHEN $3 = 'retry'
            THEN now() + make_interval(secs => $4) ELSE next_attempt_at END,
        finished_at = CASE WHEN $3 = 'retry' THEN NULL ELSE now() END,
        lease_until = NULL, leased_by = NULL,
        last_status_code = $5, last_error = $6
    WHERE id = $1 AND attempts = $2 AND status = 'pending'
    RETURNING id, endpoint_id
), attempt AS (
    INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempt, started_at, duration_ms,
                                  outcome, status_code, error, response_body)
    SELECT moved.id, moved.endpoint_id, $2, $7, $8, $3, $5, $6, $9 FROM moved
    RETURNING id
), streak AS (
    UPDATE webhook_endpoints ep SET
        consecutive_failures = CASE WHEN $3 = 'delivered' THEN 0
                                    ELSE ep.consecutive_failures + 1 END,
        failing_since = CASE WHEN $3 = 'delivered' THEN NULL
                             ELSE coalesce(ep.failing_since, $7) END
    FROM moved
    WHERE ep.id = moved.endpoint_id AND ($3 <> 'delivered' OR ep.consecutive_failures > 0)
    RETURNING ep.enabled, ep.consecutive_failures, ep.failing_since, ep.url, ep.tenant_id
)
SELECT (SELECT count(*) FROM moved) + (SELECT count(*) FROM attempt) > 0 AS moved, streak.*
FROM (SELECT 1) AS one LEFT JOIN streak ON true
"""


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    endpoint_id: str
    tenant_id: str
    attempt: int  # 1-based, within the current schedule
    event_type: str
    event_at: datetime
    outgoing: Outgoing


@dataclass(frozen=True)
class DisabledEndpoint:
    endpoint_id: str
    tenant_id: str
    url: str
    event: Event  # endpoint_disabled, in the outbox and the event log (the relay streams it)


@dataclass(frozen=True)
class Finished:
    recorded: bool  # False: the delivery was gone or re-leased meanwhile
    next: Claimed | None = None
    disabled: DisabledEndpoint | None = None


def _claimed(row: asyncpg.Record, sealer: Sealer) -> Claimed:
    headers: Any = row["headers"]
    if isinstance(headers, str):
        headers = json.loads(headers)
    secrets = tuple(opened(sealer, s) for s in (row["secret"], row["previous_secret"]) if s)
    return Claimed(
        delivery_id=row["id"],
        endpoint_id=row["endpoint_id"],
        tenant_id=row["tenant_id"],
        attempt=row["attempts"],
        event_type=row["type"],
        event_at=row["event_at"],
        outgoing=Outgoing(
            event_id=row["event_id"],
            url=row["url"],
            body=row["body"],
            secrets=secrets,
            headers={str(k): str(v) for k, v in dict(headers or {}).items()},
        ),
    )


class DeliveryQueue:
    def __init__(
        self,
        pool: asyncpg.Pool,
        outbox: Outbox,
        *,
        owner: str,
        lease_s: float,
        disable_after_failures: int,
        disable_after_s: float,
        sealer: Sealer,
    ) -> None:
        self._pool = pool
        self._outbox = outbox
        self._sealer = sealer
        self._owner = owner
        self._lease_s = lease_s
        self._disable_after_failures = disable_after_failures
        self._disable_after_s = disable_after_s

    async def claim(self, limit: int) -> list[Claimed]:
        rows = await self._pool.fetch(_CLAIM, limit, self._lease_s, self._owner, None)
        return sorted((_claimed(r, self._sealer) for r in rows), key=lambda c: c.delivery_id)

    async def finish(
        self,
        claimed: Claimed,
        result: AttemptResult,
        outcome: Outcome,
        retry_in_s: float,
        *,
        take_next: bool,
    ) -> Finished:
        row = await self._pool.fetchrow(
            _FINISH,
            claimed.delivery_id,
            claimed.attempt,
            outcome.value,
            retry_in_s,
            result.status_code,
            result.error,
            result.started_at,
            round(result.duration_s * 1000, 3),
            result.response_body,
        )
        if row is None or not row["moved"]:
            return Finished(recorded=False)
        disabled = None
        if (
            outcome is not Outcome.DELIVERED
            and row["enabled"]
            and row["consecutive_failures"] >= self._disable_after_failures
            and (datetime.now(UTC) - row["failing_since"]).total_seconds() >= self._disable_after_s
        ):
            disabled = await self._disable(claimed, result, row)
        following = None
        if take_next and outcome is not Outcome.RETRY and disabled is None:
            rows = await self._pool.fetch(
                _CLAIM, 1, self._lease_s, self._owner, claimed.endpoint_id
            )
            following = _claimed(rows[0], self._sealer) if rows else None
        return Finished(recorded=True, next=following, disabled=disabled)

    async def _disable(
        self, claimed: Claimed, result: AttemptResult, streak: asyncpg.Record
    ) -> DisabledEndpoint | None:
        """Switch off an endpoint that has failed long enough, and owe the tenant's other
        endpoints an `endpoint_disabled` event, in one transaction."""
        async with self._pool.acquire() as conn, conn.transaction():
            switched = await conn.fetchval(
                """UPDATE webhook_endpoints
                   SET enabled = false, disabled_reason = 'failing', disabled_at = now(),
                       updated_at = now()
                   WHERE id = $1 AND enabled
                   RETURNING id""",
                claimed.endpoint_id,
            )
            if switched is None:  # disabled meanwhile, by the tenant or another dispatcher
                return None
            event = public_events.event(
                streak["tenant_id"],
                EndpointDisabled(
                    endpoint_id=claimed.endpoint_id,
                    url=streak["url"],
                    reason="failing",
                    consecutive_failures=streak["consecutive_failures"],
                    failing_since=streak["failing_since"].isoformat(),
                    last_error=result.error
                    or (f"HTTP {result.status_code}" if result.status_code else None),
                ),
            )
            # never to the endpoint just disabled (excluded twice over: it is no longer
            # enabled, and it is named here); on the tenant's stream through the event log
            await self._outbox.add(
                event, conn=conn, exclude_endpoints=(claimed.endpoint_id,), for_stream=True
            )
        self._outbox.added.set()
        return DisabledEndpoint(claimed.endpoint_id, streak["tenant_id"], streak["url"], event)

    async def reclaim_abandoned(self) -> int:
        """Free every lease at once; for the connector that has just taken the lock, which
        makes it the only dispatcher there is: the leases are a dead predecessor's. Their
        deliveries go out now instead of when the leases expire (the lost attempt still
        counts, as when a lease expires). Returns how many."""
        return int(
            await self._pool.fetchval(
                """WITH freed AS (
                       UPDATE webhook_deliveries SET lease_until = NULL, leased_by = NULL
                       WHERE status = 'pending' AND lease_until IS NOT NULL
                       RETURNING 1)
                   SELECT count(*) FROM freed"""
            )
        )

    async def release(self, claimed: Claimed) -> None:
        """Give a leased delivery back untried (shutdown): the next dispatcher takes it at
        once instead of waiting for the lease to expire."""
        await self._pool.execute(
            """UPDATE webhook_deliveries
               SET lease_until = NULL, leased_by = NULL, attempts = attempts - 1
               WHERE id = $1 AND attempts = $2 AND status = 'pending'""",
            claimed.delivery_id,
            claimed.attempt,
        )

    async def purge(self, retention_days: float, batch: int = 1000) -> int:
        """Forget events older than the retention whose deliveries are all finished
        (their deliveries and attempts go with them). Returns how many events."""
        return int(
            await self._pool.fetchval(
                """WITH old AS (
                       SELECT e.id FROM webhook_events e
                       WHERE e.created_at < now() - make_interval(secs => $1)
                         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                                         WHERE d.event_id = e.id AND d.status = 'pending')
                       LIMIT $2),
                   gone AS (DELETE FROM webhook_events e USING old WHERE e.id = old.id
                            RETURNING 1)
                   SELECT count(*) FROM gone""",
                retention_days * 86400.0,
                batch,
            )
        )
