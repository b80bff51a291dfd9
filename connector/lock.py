"""The one-connector guarantee: a PostgreSQL advisory lock held for the process lifetime.

The lock lives on its own connection, so it is released the moment the process dies,
however it dies; a second connector against the same database is refused and told who
holds the lock (read from pg_stat_activity, where the holder's application_name says).
"""

from __future__ import annotations

import asyncpg

_LOCK_KEY = 0x7761_6761_7465_01  # "wagate" + 1: the connector's lock
_APP_PREFIX = "wagate-connector:"


class AnotherConnectorRunning(RuntimeError):
    pass


class ConnectorLock:
    def __init__(self, database_url: str, connector_id: str) -> None:
        self._url = database_url
        self._connector_id = connector_id
        self._conn: asyncpg.Connection | None = None

    async def acquire(self) -> None:
        conn = await asyncpg.connect(
            self._url, server_settings={"application_name": _APP_PREFIX + self._connector_id}
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

    async def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()  # closing the session releases the lock
