"""The gateway's PostgreSQL pool, opened on first use: a gateway starts (and answers
health checks) while the database is still coming up, and a route that needs it answers
503 `database_unavailable` instead of hanging."""

from __future__ import annotations

import asyncio
import logging

import asyncpg

from gateway.errors import ApiError
from wagate import db

log = logging.getLogger(__name__)


class Database:
    def __init__(self, url: str, max_size: int = 10) -> None:
        self._url = url
        self._max_size = max_size
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def pool(self) -> asyncpg.Pool:
        if self._pool is not None:
            return self._pool
        async with self._opening:
            if self._pool is None:
                try:
                    self._pool = await db.create_pool(
                        self._url, min_size=1, max_size=self._max_size, connect_timeout_s=5
                    )
                except (OSError, asyncpg.PostgresError, TimeoutError) as e:
                    log.warning("PostgreSQL unreachable: %s", e)
                    raise ApiError(
                        503, "database_unavailable", "the database is unreachable"
                    ) from None
            assert self._pool is not None
            return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
