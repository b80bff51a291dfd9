"""The one-connector guarantee: a PostgreSQL advisory lock held for the process lifetime.

The lock lives on its own connection, so it is released the moment the process dies,
however it dies; a second connector against the same database is refused and told who
holds the lock (read from pg_stat_activity, where the holder's application_name says).

Two ways a lock could outlive its holder's usefulness, both closed here: a holder whose
machine vanished (PostgreSQL would keep its backend, and the lock, until TCP gives up:
hours by default; TCP keepalives on the lock's connection make it ~25 s), and a holder
that lost its lock connection but kept running (`watch` returns, and the connector stops
its sessions before a successor takes them).
"""

from __future__ import annotations

import asyncio

import asyncpg

_LOCK_KEY = 0x7761_6761_7465_01  # "wagate" + 1: the connector's lock
_APP_PREFIX = "wagate-connector:"
# PostgreSQL probes an idle lock connection after 10 s, every 5 s, and drops it after 3
# unanswered probes (these apply over TCP; a local socket dies with its process anyway)
_KEEPALIVE = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}
_WATCH_EVERY_S = 5.0
_WATCH_PATIENCE_S = 30.0  # a database this slow to answer SELECT 1 counts as gone


class AnotherConnectorRunning(RuntimeError):
    pass


class ConnectorLock:
    def __init__(self, database_url: str, connector_id: str) -> None:
        self._url = database_url
        self._connector_id = connector_id
        self._conn: asyncpg.Connection | None = None

    async def acquire(self) -> None:
        conn = await asyncpg.connect(
            self._url,
            server_settings={"application_name": _APP_PREFIX + self._connector_id, **_KEEPALIVE},
        )
        if await conn.fetchval("SELECT pg_try_advisory_lock($1)", _LOCK_KEY):
            self._conn = conn
            return
        holder = await conn.fetchrow(
            """SELECT a.application_name, a.client_addr::text AS addr, a.backend_start
               FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
               WHERE l.locktype = 'advisory' AND l.granted
                 AND ((l.classid::bigint << 32) | l.objid::bigint) = $1""",
            _LOCK_KEY,
        )
        await conn.close()
        if holder is None:
            who = "another connector"
        else:
            name = str(holder["application_name"]).removeprefix(_APP_PREFIX)
            where = holder["addr"] or "local socket"
            since = f"{holder['backend_start']:%Y-%m-%d %H:%M:%S %Z}"
            who = f"connector {name!r} (from {where}, since {since})"
        raise AnotherConnectorRunning(
            f"{who} already owns the sessions in this database; refusing to start a second one"
        )

    @property
    def held(self) -> bool:
        return self._conn is not None and not self._conn.is_closed()

    async def watch(self) -> str:
        """Returns (why) once the lock's connection is gone: from then on another
        connector may hold the lock, and this one must stop."""
        conn = self._conn
        assert conn is not None, "acquire first"
        while True:
            await asyncio.sleep(_WATCH_EVERY_S)
            try:
                await asyncio.wait_for(conn.fetchval("SELECT 1"), _WATCH_PATIENCE_S)
            except TimeoutError:
                return f"the lock's connection did not answer for {_WATCH_PATIENCE_S:.0f} s"
            except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as e:
                return f"the lock's connection ended ({type(e).__name__}: {e})"

    async def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()  # closing the session releases the lock
