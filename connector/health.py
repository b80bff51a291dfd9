"""The health monitor: every interval, a round trip through each connected session.

A socket can look open while nothing answers (a stalled TCP connection, a half-dead
NAT mapping); only a real round trip finds that. A failed check is published as
`health_check_failed` and the session reconnects.
"""

from __future__ import annotations

import asyncio
import logging

from connector.pool import SessionPool
from connector.session import Session, SessionState

log = logging.getLogger(__name__)

_PARALLEL_CHECKS = 50


class HealthMonitor:
    def __init__(self, pool: SessionPool, interval_s: float, timeout_s: float) -> None:
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        self._pool = pool
        self._slots = asyncio.Semaphore(_PARALLEL_CHECKS)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.check_all()
            except Exception:
                log.exception("health round failed")

    async def check_all(self) -> None:
        connected = [s for s in self._pool if s.state is SessionState.CONNECTED]
        await asyncio.gather(*(self._check(s) for s in connected))

    async def _check(self, session: Session) -> None:
        async with self._slots:
            result = await session.check_health(self.timeout_s)
        if not result.healthy:
            log.warning("session %s failed its health check: %s", session.tenant_id, result.problem)
            await session.health_failed(result.problem or "no answer")
