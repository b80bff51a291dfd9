"""The health monitor: every interval, a round trip through each connected session.

A socket can look open while nothing answers (a stalled TCP connection, a half-dead
NAT mapping); only a real round trip finds that. A failed check is published as
`health_check_failed` and the session reconnects.

The checks of a round are spread evenly over the interval, not fired together: with
thousands of sessions a round at once is a burst of thousands of round trips every
interval (a herd the network sees, and a spike of the connector's CPU), where a steady
trickle costs the same in total and keeps each session's checks an interval apart.
"""

from __future__ import annotations

import asyncio
import logging

from connector.clock import SYSTEM_CLOCK, Clock
from connector.pool import SessionPool
from connector.session import Session
from wagate.session_states import SessionState

log = logging.getLogger(__name__)

_PARALLEL_CHECKS = 50


class HealthMonitor:
    def __init__(
        self,
        pool: SessionPool,
        interval_s: float,
        timeout_s: float,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        self._pool = pool
        self._clock = clock
        self._slots = asyncio.Semaphore(_PARALLEL_CHECKS)

    async def run(self) -> None:
        while True:
            try:
                await self.paced_round()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("health round failed")
                await self._clock.sleep(self.interval_s)

    async def paced_round(self) -> None:
        """One interval: each session connected at its start checked once, at an even
        pace; returns when the interval is over and the checks begun in it are done."""
        started = self._clock.monotonic()
        connected = self._connected()
        gap = self.interval_s / max(1, len(connected))
        checks: list[asyncio.Task[None]] = []
        try:
            for i, session in enumerate(connected):
                await self._sleep_until(started + (i + 1) * gap)
                if session.state is SessionState.CONNECTED:  # not if it dropped meanwhile
                    checks.append(asyncio.create_task(self._check(session)))
            await self._sleep_until(started + self.interval_s)
            await asyncio.gather(*checks)
        finally:
            for check in checks:
                check.cancel()

    def _connected(self) -> list[Session]:
        return [s for s in self._pool if s.state is SessionState.CONNECTED]

    async def _sleep_until(self, at: float) -> None:
        await self._clock.sleep(max(0.0, at - self._clock.monotonic()))

    async def _check(self, session: Session) -> None:
        async with self._slots:
            result = await session.check_health(self.timeout_s)
        if not result.healthy:
            log.warning("session %s failed its health check: %s", session.tenant_id, result.problem)
            await session.health_failed(result.problem or "no answer")
