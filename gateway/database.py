"""The gateway's PostgreSQL pool, opened on first use: a gateway starts (and answers
health checks) while the database is still coming up, and a route that needs it answers
503 `database_unavailable` instead of hanging.

An outage met after the pool is open (the server stopped, restarted, partitioned) is
turned into the same 503 in one place, the exception handlers in `outage_handlers`, so
no route, auth check or tenant lookup has to remember it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import cast

import asyncpg
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ExceptionHandler
from starlette.websockets import WebSocket

from gateway.errors import ApiError, handle_api_error
from wagate import db
from wagate.db import OUTAGE_ERRORS

log = logging.getLogger(__name__)


def unavailable() -> ApiError:
    return ApiError("database_unavailable", "the database is unreachable")


async def _handle_outage(conn: HTTPConnection, exc: Exception) -> Response | None:
    log.warning("PostgreSQL unreachable on %s: %r", conn.url.path, exc)
    error = unavailable()
    if isinstance(conn, WebSocket):  # the events socket, accepted before it authenticates
        await conn.send_json({"success": False, "code": error.code, "error": error.message})
        await conn.close(code=4503)
        return None
    assert isinstance(conn, Request)
    return await handle_api_error(conn, error)


def outage_handlers() -> dict[type[Exception], ExceptionHandler]:
    # one handler for requests and the events socket (Starlette types them apart)
    return dict.fromkeys(OUTAGE_ERRORS, cast(ExceptionHandler, _handle_outage))


class Database:
    def __init__(self, url: str, max_size: int = 10, timeout_s: float = 5.0) -> None:
        self._url = url
        self._max_size = max_size
        # a connect or query that waits this long is on a server that is not answering (a
        # partition): the request answers 503 instead of hanging; every gateway query is
        # a short one
        self._timeout_s = timeout_s
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def pool(self) -> asyncpg.Pool:
        if self._pool is not None:
            return self._pool
        async with self._opening:
            if self._pool is None:
                try:
                    self._pool = await db.create_pool(
                        self._url,
                        min_size=1,
                        max_size=self._max_size,
                        connect_timeout_s=self._timeout_s,
                        command_timeout_s=self._timeout_s,
                    )
                except (*OUTAGE_ERRORS, asyncpg.PostgresError) as e:
                    log.warning("PostgreSQL unreachable: %s", e)
                    raise unavailable() from None
            assert self._pool is not None
            return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
