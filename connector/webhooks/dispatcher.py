"""The webhook dispatcher: takes due deliveries from the outbox and sends them.

Concurrency. At most `concurrency` deliveries are in flight (a global pool of slots), and
at most one per endpoint (the queue only hands out an endpoint's head), so events reach
each endpoint in order while many endpoints are served at once. A slot runs a *chain*:
it sends a delivery, records it, and when it is finished takes the endpoint's next due
delivery in the same transaction, so an endpoint with a backlog keeps its one slot until
the backlog is gone. A slow or dead endpoint therefore holds one slot for at most one
attempt deadline at a time, never the sessions, the bus, or other endpoints.

Waking. The loop claims when the outbox says rows were added (same process), when a
chain ends (a slot is free), when a retry it scheduled falls due, and at least every
`poll_interval_s` (for work added by the gateway: replays, test events, re-enabled
endpoints; and for leases left by a dispatcher that died).

Stopping. `stop_taking` stops claiming; `drain` lets the chains finish the attempt in
hand (up to a timeout), then cancels what is left and hands those deliveries back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime

from prometheus_client import Counter

from connector.metrics import ConnectorMetrics
from connector.webhooks.media_links import MediaLinks
from connector.webhooks.queue import Claimed, DeliveryQueue, Finished
from connector.webhooks.schedule import Outcome, RetrySchedule, parse_retry_after
from connector.webhooks.sender import Attempter, AttemptResult
from wagate.db import DB_ERRORS
from wagate.deadlines import within

log = logging.getLogger(__name__)

_PURGE_EVERY_S = 600.0
_PURGE_BATCH = 5000
_PURGE_MAX_BATCHES = 100


def lease_for(deadline_s: float) -> float:
    """How long a claim owns a delivery: the attempt's deadline, half again, plus 1 s for
    recording it. Past that, a delivery whose dispatcher died is taken again."""
    return deadline_s * 1.5 + 1.0


class Dispatcher:
    def __init__(
        self,
        queue: DeliveryQueue,
        sender: Attempter,
        schedule: RetrySchedule,
        metrics: ConnectorMetrics,
        *,
        wake: asyncio.Event,
        wake_relay: Callable[[], None],
        concurrency: int,
        poll_interval_s: float,
        retention_days: float,
        media_links: MediaLinks | None = None,
    ) -> None:
        self._media_links = media_links
        self._queue = queue
        self._sender = sender
        self._schedule = schedule
        self._metrics = metrics
        # each looked up once: prometheus_client takes a lock to find a label's child
        self._attempts: dict[Outcome, Counter] = {}
        self._wake = wake
        self._wake_relay = wake_relay
        self._concurrency = concurrency
        self._poll_interval_s = poll_interval_s
        self._retention_days = retention_days
        self._chains: set[asyncio.Task[None]] = set()
        self._stopping = asyncio.Event()
        self._loop_done = asyncio.Event()
        self._next_due = math.inf  # monotonic time of the earliest retry this process set
        self._next_purge = 0.0

    @property
    def in_flight(self) -> int:
        return len(self._chains)

    # ---- the loop -----------------------------------------------------------------------

    async def run(self) -> None:
        try:
            while not self._stopping.is_set():
                self._wake.clear()  # before claiming: anything added from now on wakes us
                free = self._concurrency - len(self._chains)
                if free > 0:
                    await self._claim(free)
                await self._maybe_purge()
                await self._sleep()
        finally:
            self._loop_done.set()

    async def _claim(self, free: int) -> None:
        try:
            # shielded: a claim cut off after the database leased the rows would leave
            # them leased by nobody until the lease expires
            claimed = await asyncio.shield(self._queue.claim(free))
        except DB_ERRORS as e:
            log.warning("claiming webhook deliveries failed: %s", e)
            return
        except asyncio.CancelledError:
            raise
        except Exception:  # keep dispatching; the outbox keeps what was not sent
            log.exception("claiming webhook deliveries failed")
            return
        for c in claimed:
            if self._stopping.is_set():
                await self._give_back(c)
            else:
                self._start_chain(c)

    def stop_taking(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def drain(self, timeout_s: float) -> int:
        """Wait for the attempts in flight; returns how many had to be cancelled."""
        self.stop_taking()
        with contextlib.suppress(TimeoutError):  # a claim in progress finishes first
            await within(self._loop_done.wait(), min(timeout_s, 5.0))
        chains = set(self._chains)
        if not chains:
            return 0
        _, pending = await asyncio.wait(chains, timeout=timeout_s)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        return len(pending)

    async def _sleep(self) -> None:
        now = time.monotonic()
        if self._next_due <= now:
            self._next_due = math.inf
        timeout = max(0.0, min(self._poll_interval_s, self._next_due - now))
        with contextlib.suppress(TimeoutError):
            await within(self._wake.wait(), timeout)

    async def _maybe_purge(self) -> None:
        now = time.monotonic()
        if now < self._next_purge:
            return
        self._next_purge = now + _PURGE_EVERY_S
        purged = 0
        try:
            for _ in range(_PURGE_MAX_BATCHES):  # bounded: the rest waits for the next round
                batch = await self._queue.purge(self._retention_days, _PURGE_BATCH)
                purged += batch
                if batch < _PURGE_BATCH or self._stopping.is_set():
                    break
        except DB_ERRORS as e:
            log.warning("purging old webhook events failed: %s", e)
        if purged:
            log.info("purged %d webhook event(s) past retention", purged)

    # ---- chains: one endpoint's deliveries, one after the other ------------------------

    def _start_chain(self, claimed: Claimed) -> None:
        task = asyncio.create_task(self._chain(claimed), name=f"webhook-{claimed.endpoint_id}")
        self._chains.add(task)
        task.add_done_callback(self._chain_done)

    def _chain_done(self, task: asyncio.Task[None]) -> None:
        self._chains.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("webhook delivery chain failed", exc_info=task.exception())
        self._wake.set()

    async def _chain(self, claimed: Claimed) -> None:
        current: Claimed | None = claimed
        while current is not None:
            try:
                outgoing = current.outgoing
                if self._media_links is not None:  # a fresh signed link per attempt
                    outgoing = self._media_links.add(
                        current.tenant_id, current.event_type, outgoing
                    )
                result = await self._sender.attempt(outgoing)
            except asyncio.CancelledError:
                await self._give_back(current)
                raise
            current = await self._record(current, result)
            if current is not None and self._stopping.is_set():
                await self._give_back(current)
                return

    async def _give_back(self, claimed: Claimed) -> None:
        with contextlib.suppress(*DB_ERRORS, TimeoutError):
            await within(asyncio.shield(self._queue.release(claimed)), 2.0)

    async def _record(self, claimed: Claimed, result: AttemptResult) -> Claimed | None:
        outcome = self._schedule.outcome(
            claimed.attempt, result.status_code, refused=result.refused, confirmed=result.confirmed
        )
        retry_in = 0.0
        if outcome is Outcome.RETRY:
            retry_after = parse_retry_after(result.retry_after, time.time())
            retry_in = self._schedule.delay_after(claimed.attempt, retry_after)
        try:
            finished: Finished = await self._queue.finish(
                claimed, result, outcome, retry_in, take_next=not self._stopping.is_set()
            )
        except DB_ERRORS as e:
            # the lease expires and the delivery is tried again: at-least-once
            log.warning("recording webhook delivery %d failed: %s", claimed.delivery_id, e)
            return None
        if not finished.recorded:
            return finished.next
        counter = self._attempts.get(outcome)
        if counter is None:
            counter = self._attempts[outcome] = self._metrics.webhook_attempts.labels(outcome.value)
        counter.inc()
        if outcome is Outcome.DELIVERED:
            latency = (datetime.now(UTC) - claimed.event_at).total_seconds()
            self._metrics.webhook_latency.observe(max(0.0, latency))
        elif outcome is Outcome.RETRY:
            self._next_due = min(self._next_due, time.monotonic() + retry_in)
            self._wake.set()  # recompute the sleep with this retry in view
        else:
            if outcome is Outcome.DEAD:
                self._metrics.webhook_dead_letters.inc()
            log.info(
                "webhook delivery %d (%s) to endpoint %s %s after attempt %d: %s",
                claimed.delivery_id,
                claimed.event_type,
                claimed.endpoint_id,
                "dead-lettered" if outcome is Outcome.DEAD else "failed",
                claimed.attempt,
                result.error or f"HTTP {result.status_code}",
            )
        if finished.disabled is not None:
            disabled = finished.disabled
            log.warning(
                "webhook endpoint %s of %s disabled: failing for too long",
                disabled.endpoint_id,
                disabled.tenant_id,
            )
            self._metrics.webhook_endpoints_disabled.inc()
            self._wake_relay()  # its endpoint_disabled event is in the event log
        return finished.next
