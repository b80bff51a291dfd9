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

Recording. One statement writes the attempt rows, moves the deliveries on (delivered,
retry at a time, failed, dead) and keeps the endpoints' failure streaks, for every attempt
that finished while the previous such statement ran (group commit: one attempt alone is
written at once, a hundred endpoints in flight share a few statements). An endpoint that
has failed long enough is disabled in a transaction that also queues an
`endpoint_disabled` event for the tenant's other endpoints and its stream. If a delivery
is finished, its endpoint's next due delivery is leased by the same statement, so a
backlog drains without a round through the claim loop, one round trip per batch. Order
holds as before: an endpoint has one attempt in flight, so one place in a batch at most,
and its next delivery is leased in the statement that records its head (never before;
and never left free in between for the claim loop to take).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from connector.webhooks.outbox import Outbox
from connector.webhooks.schedule import Outcome
from connector.webhooks.sender import AttemptResult, Outgoing
from wagate import public_events
from wagate.bus import Event
from wagate.db import DB_ERRORS
from wagate.public_events import EndpointDisabled
from wagate.sealing import Sealer
from wagate.tables import webhook_endpoints, webhook_outbox
from wagate.tables.webhook_outbox import AttemptRecord, ClaimedRow, Recorded, Streak
from wagate.webhook_secrets import opened


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


@dataclass(frozen=True)
class _Finishing:
    """An attempt waiting for its batch to be written."""

    claimed: Claimed
    result: AttemptResult
    record: AttemptRecord
    take_next: bool
    done: asyncio.Future[Finished]


def _secret_opener(sealer: Sealer) -> Callable[[str], str]:
    """Endpoints' secrets opened once each, not on every claim of their deliveries."""
    return functools.lru_cache(maxsize=4096)(functools.partial(opened, sealer))


def _claimed(row: ClaimedRow, opened_secret: Callable[[str], str]) -> Claimed:
    secrets = tuple(opened_secret(s) for s in (row.secret, row.previous_secret) if s)
    return Claimed(
        delivery_id=row.delivery_id,
        endpoint_id=row.endpoint_id,
        tenant_id=row.tenant_id,
        attempt=row.attempt,
        event_type=row.event_type,
        event_at=row.event_at,
        outgoing=Outgoing(
            event_id=row.event_id,
            url=row.url,
            body=row.body,
            secrets=secrets,
            headers=row.headers,
            endpoint_id=row.endpoint_id,
            kind=row.kind,
            tenant_id=row.tenant_id,
            event_type=row.event_type,
            target=row.target,
            exchange=row.exchange,
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
        kinds: tuple[str, ...] = ("webhook",),
    ) -> None:
        self._kinds = kinds  # which destinations this queue hands out: webhooks, or streams
        self._pool = pool
        self._outbox = outbox
        self._secrets = _secret_opener(sealer)
        self._owner = owner
        self._lease_s = lease_s
        self._disable_after_failures = disable_after_failures
        self._disable_after_s = disable_after_s
        self._finishing: list[_Finishing] = []  # attempts waiting to be recorded
        self._writer: asyncio.Task[None] | None = None  # records them, a batch at a time

    async def claim(self, limit: int) -> list[Claimed]:
        rows = await webhook_outbox.claim(
            self._pool, limit, self._lease_s, self._owner, self._kinds
        )
        return sorted((_claimed(r, self._secrets) for r in rows), key=lambda c: c.delivery_id)

    async def finish(
        self,
        claimed: Claimed,
        result: AttemptResult,
        outcome: Outcome,
        retry_in_s: float,
        *,
        take_next: bool,
    ) -> Finished:
        """Record the attempt; with `take_next` and the delivery finished, lease the
        endpoint's next due delivery. Raises the database's error if the record failed."""
        record = AttemptRecord(
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
        done: asyncio.Future[Finished] = asyncio.get_running_loop().create_future()
        self._finishing.append(_Finishing(claimed, result, record, take_next, done))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_finished(), name="webhook-records")
        return await done

    async def _write_finished(self) -> None:
        """Attempts that finish while a batch is written wait for the next batch."""
        try:
            while self._finishing:
                batch, self._finishing = self._finishing, []
                await self._write_batch(batch)
        finally:
            self._writer = None

    async def _write_batch(self, batch: list[_Finishing]) -> None:
        try:
            recorded = await webhook_outbox.record_attempts(
                self._pool, [(f.record, f.take_next) for f in batch], self._lease_s, self._owner
            )
            finished = [await self._after_record(f, recorded) for f in batch]
        except Exception as e:  # each chain logs it; their leases expire: at-least-once
            for f in batch:
                if not f.done.done():
                    f.done.set_exception(e)
            return
        except BaseException:
            for f in batch:
                f.done.cancel()
            raise
        for f, outcome in zip(batch, finished, strict=True):
            if not f.done.cancelled():
                f.done.set_result(outcome)
            elif outcome.next is not None:  # its chain was cancelled: nobody sends it
                await self._release_quietly(outcome.next)

    async def _after_record(self, f: _Finishing, recorded: dict[int, Recorded]) -> Finished:
        done = recorded.get(f.claimed.delivery_id)
        if done is None:
            return Finished(recorded=False)
        following = None if done.next is None else _claimed(done.next, self._secrets)
        streak = done.streak
        if (
            f.record.outcome != Outcome.DELIVERED.value
            and streak is not None
            and streak.enabled
            and streak.consecutive_failures >= self._disable_after_failures
            and (datetime.now(UTC) - streak.failing_since).total_seconds() >= self._disable_after_s
        ):
            disabled = await self._disable(f.claimed, f.result, streak)
            if disabled is not None and following is not None:
                await self._release_quietly(following)  # it waits for the endpoint's return
                following = None
            return Finished(True, next=following, disabled=disabled)
        return Finished(recorded=True, next=following)

    async def _release_quietly(self, claimed: Claimed) -> None:
        with contextlib.suppress(*DB_ERRORS):
            await self.release(claimed)

    async def _disable(
        self, claimed: Claimed, result: AttemptResult, streak: Streak
    ) -> DisabledEndpoint | None:
        """Switch off an endpoint that has failed long enough, and owe the tenant's other
        endpoints an `endpoint_disabled` event, in one transaction."""
        async with self._pool.acquire() as conn, conn.transaction():
            switched = await webhook_endpoints.disable_failing(conn, claimed.endpoint_id)
            if not switched:  # disabled meanwhile, by the tenant or another dispatcher
                return None
            event = public_events.event(
                streak.tenant_id,
                EndpointDisabled(
                    endpoint_id=claimed.endpoint_id,
                    url=streak.url,
                    reason="failing",
                    consecutive_failures=streak.consecutive_failures,
                    failing_since=streak.failing_since.isoformat(),
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
        return DisabledEndpoint(claimed.endpoint_id, streak.tenant_id, streak.url, event)

    async def reclaim_abandoned(self) -> int:
        """Free every lease at once; for the connector that has just taken the lock, which
        makes it the only dispatcher there is: the leases are a dead predecessor's. Their
        deliveries go out now instead of when the leases expire (the lost attempt still
        counts, as when a lease expires). Returns how many."""
        return await webhook_outbox.reclaim_abandoned(self._pool)

    async def release(self, claimed: Claimed) -> None:
        """Give a leased delivery back untried (shutdown): the next dispatcher takes it at
        once instead of waiting for the lease to expire."""
        await webhook_outbox.release(self._pool, claimed.delivery_id, claimed.attempt)

    async def purge(self, retention_days: float, batch: int = 1000) -> int:
        """Forget events older than the retention whose deliveries are all finished
        (their deliveries and attempts go with them). Returns how many events."""
        return await webhook_outbox.purge(self._pool, retention_days * 86400.0, batch)
