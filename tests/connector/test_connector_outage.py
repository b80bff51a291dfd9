"""The connector answers a command that meets a PostgreSQL outage with 503
`database_unavailable`, as the gateway does, not 500 `internal_error`."""

from __future__ import annotations

from typing import cast

import asyncpg
import pytest

from connector.commands import CommandHandler
from connector.health import HealthMonitor
from connector.metrics import ConnectorMetrics
from connector.pool import SessionPool
from connector.session import Session
from connector.store import Store, StoredSession
from wagate.bus import Command, CommandType
from wagate.errors import status_of


class _Store:
    """Stands in for the store when PostgreSQL cannot be reached (or on a plain bug)."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def ensure_session(self, tenant_id: str, engine: str) -> str:
        raise self.error


async def _initialize_with(error: Exception) -> tuple[int, str | None]:
    async def make_session(tenant: str, engine: str, stored: StoredSession | None) -> Session:
        raise AssertionError("not reached: the store fails first")

    pool = SessionPool(cast(Store, _Store(error)), make_session, "sim")
    handler = CommandHandler(pool, ConnectorMetrics(), HealthMonitor(pool, 30, 10), 1.0)
    reply = await handler.handle(Command(CommandType.INITIALIZE, "co-outage"))
    # the status the gateway answers the reply's code with (replies carry no HTTP status)
    return status_of(reply.code or ""), reply.code


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connect call failed"),
        TimeoutError(),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        # the next statement on a connection whose backend was terminated mid-operation
        asyncpg.InternalClientError(
            "cannot switch to state 12; another operation (2) is in progress"
        ),
    ],
    ids=["refused", "timeout", "lost", "starting", "terminated mid-operation"],
)
async def test_outage_is_503_database_unavailable(error: Exception) -> None:
    assert await _initialize_with(error) == (503, "database_unavailable")


async def test_a_bug_stays_500() -> None:
    assert await _initialize_with(ValueError("a bug")) == (500, "internal_error")
