"""PostgreSQL connections: create the database when it is the embedded default, then pool."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

import asyncpg

log = logging.getLogger(__name__)

# What an unreachable PostgreSQL looks like through asyncpg: refused or reset sockets and
# timeouts (OSError, TimeoutError is one), a connection lost mid-query, a server shutting
# down, starting up or out of connection slots. A query error (a bug, a constraint) is
# none of these. Both processes answer these with 503 `database_unavailable`.
# InternalClientError too: a backend terminated in the middle of an operation can leave
# its connection's protocol mid-operation for a moment, and the pool hands it out before
# the close arrives ("cannot switch to state 12; another operation (2) is in progress",
# asyncpg issue 1069); the next statement on it fails so.
OUTAGE_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    asyncpg.InternalClientError,
)


# Any failure of a database call, query errors included: what a loop that must keep going
# (the dispatcher, the relay, the lock's watch, a session's bookkeeping) catches and
# retries. TimeoutError is an OSError.
DB_ERRORS: tuple[type[Exception], ...] = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    OSError,
)


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


async def ensure_database(url: str) -> bool:
    """Create the database named in `url` if it does not exist. Returns True if created."""
    name = _database_name(url)
    try:
        conn = await asyncpg.connect(url)
    except asyncpg.InvalidCatalogNameError:
        pass
    else:
        await conn.close()
        return False
    admin = await asyncpg.connect(_with_database(url, "postgres"))
    try:
        quoted = '"' + name.replace('"', '""') + '"'
        try:
            await admin.execute(f"CREATE DATABASE {quoted}")
        except asyncpg.DuplicateDatabaseError:
            return False  # created concurrently by another process
    finally:
        await admin.close()
    log.info("created database %s", name)
    return True


async def _rollback_if_in_transaction(conn: asyncpg.Connection) -> None:
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


async def create_pool(
    url: str,
    *,
    min_size: int = 1,
    max_size: int = 10,
    connect_timeout_s: float = 60,
    command_timeout_s: float | None = None,
    server_settings: dict[str, str] | None = None,
) -> asyncpg.Pool:
    """A pool whose connections are not fully reset on release. asyncpg's default reset
    (RESET ALL, UNLISTEN, advisory unlock, …) is a round trip on every release, which
    measured 6–9 % of a send; pooled connections here never keep session state (the
    connector lock and the migrator use connections of their own)."""
    pool = await asyncpg.create_pool(
        url,
        min_size=min_size,
        max_size=max_size,
        timeout=connect_timeout_s,
        command_timeout=command_timeout_s,
        reset=_rollback_if_in_transaction,
        server_settings=server_settings,
    )
    assert pool is not None
    return pool
