"""whatsmeow's device store: its own tables, in their own schema of wagate's database.

whatsmeow creates and migrates its tables itself (`whatsmeow_*`, with their own version
table). Giving them a schema of their own (WAGATE_WHATSMEOW_SCHEMA, through the
connection's search_path) keeps those migrations and wagate's numbered ones from ever
touching each other's tables. wagate keeps, per tenant, only which device is theirs (the
device's JID, sealed with the other credentials); whatsmeow keeps the keys.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

APPLICATION_PREFIX = "wagate-whatsmeow"


def whatsmeow_dsn(database_url: str, schema: str, application_name: str) -> str:
    """The URL whatsmeow (Go, lib/pq) connects with: wagate's database, whatsmeow's schema,
    and a name for the connections of one connection attempt (see `close_connections`).

    lib/pq requires TLS unless told otherwise: a loopback server gets `sslmode=disable`,
    any other `sslmode=require`, unless the URL says which it wants."""
    parts = urlsplit(database_url)
    query = dict(parse_qsl(parts.query))
    if "sslmode" not in query:
        query["sslmode"] = "disable" if _is_loopback(parts.hostname) else "require"
    query["search_path"] = schema
    query["application_name"] = application_name
    scheme = "postgres" if parts.scheme.startswith("postgres") else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, urlencode(query), ""))


def _is_loopback(host: str | None) -> bool:
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class DeviceStore:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self._pool = pool
        self._schema = schema

    async def ensure_schema(self) -> None:
        await self._pool.execute(f"CREATE SCHEMA IF NOT EXISTS {_ident(self._schema)}")

    async def has_device(self, key: str) -> bool:
        """Whether whatsmeow still stores this device (it deletes it on logout)."""
        table = f"{_ident(self._schema)}.whatsmeow_device"
        try:
            return bool(await self._pool.fetchval(f"SELECT 1 FROM {table} WHERE jid = $1", key))
        except asyncpg.UndefinedTableError:  # whatsmeow has not created its tables yet
            return False

    async def close_connections(self, application_name: str) -> int:
        """Close the database connections of a finished connection attempt.

        neonize opens a connection pool for every attempt and never closes it, so each
        attempt would leave a connection open for good, and a few hundred failed attempts
        exhaust PostgreSQL (seen: `too many clients`). Once the attempt's Go call has
        returned nothing uses them again; they are found by their application_name."""
        closed = await self._pool.fetchval(
            """SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
               WHERE application_name = $1 AND pid <> pg_backend_pid()""",
            application_name,
        )
        return int(closed or 0)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
