"""The queue's two workers, one a direction, so a Chatwoot outage never holds agents'
replies back and a wagate outage never holds customers' messages: each takes its
direction's jobs in order, and one the other side could not take now waits its retry
(doubling, capped) while the ones behind it wait too, so a chat's order holds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from integrations.chatwoot.errors import Refused, Unavailable
from integrations.chatwoot.store import BridgeStore, Job
from wagate.db import DB_ERRORS

log = logging.getLogger(__name__)

Handler = Callable[[str, dict[str, Any]], Awaitable[list[tuple[str, int]]]]
_IDLE_S = 5.0  # a look at the queue at least this often (another bridge's rows, clocks)


class Worker:
    def __init__(
        self, store: BridgeStore, direction: str, handle: Handler, base_s: float, cap_s: float
    ) -> None:
        self.direction = direction
        self.wake = asyncio.Event()  # set when a job is queued
        self._stopping = False
        self._store, self._handle = store, handle
        self._base_s, self._cap_s = base_s, cap_s

    def stop(self) -> None:
        """Finish the job in hand, then end: one cut short is done again on the next start,
        and a message Chatwoot took just before would be posted twice."""
        self._stopping = True
        self.wake.set()

    async def run(self) -> None:
        while not self._stopping:
            try:
                await self._step()
            except DB_ERRORS as e:  # the queue is in PostgreSQL: wait for it, lose nothing
                log.warning("%s: the database did not answer (%r)", self.direction, e)
                await asyncio.sleep(self._base_s)

    async def _step(self) -> None:
        job, wait_s = await self._store.next_job(self.direction)
        if job is None:
            await self._sleep(min(wait_s, _IDLE_S))
        else:
            await self._run_one(job)

    async def _sleep(self, seconds: float) -> None:
        self.wake.clear()
        if self._stopping:
            return
        try:
            async with asyncio.timeout(seconds):
                await self.wake.wait()
        except TimeoutError:
            pass

    async def _run_one(self, job: Job) -> None:
        try:
            links = await self._handle(job.key, job.payload)
        except Unavailable as e:
            delay = min(self._cap_s, self._base_s * 2 ** min(job.attempts, 30))
            log.warning("%s %s: %s; again in %.1f s", self.direction, job.key, e, delay)
            await self._store.retry_later(job.seq, delay, str(e))
            return
        except Refused as e:
            log.error("%s %s refused, set aside: %s", self.direction, job.key, e)
            await self._store.finish(job.seq, self.direction, [], str(e))
            return
        except (KeyError, TypeError, ValueError) as e:  # an answer not shaped as documented
            log.exception("%s %s: unexpected answer, set aside", self.direction, job.key)
            await self._store.finish(job.seq, self.direction, [], f"unexpected: {e!r}")
            return
        await self._store.finish(job.seq, self.direction, links)
