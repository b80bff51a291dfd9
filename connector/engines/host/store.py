"""Where the engine host keeps whatsmeow's devices and keys: wagate's database, in a
schema of its own (WAGATE_WHATSMEOW_SCHEMA), picked by the connection's search_path so
whatsmeow's migrations and wagate's never touch each other's tables."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg


def host_database_url(database_url: str, schema: str) -> str:
    """The URL the host's pgx pool connects with: wagate's database, whatsmeow's schema."""
    parts = urlsplit(database_url)
    query = dict(parse_qsl(parts.query))
    query["search_path"] = schema
    query.setdefault("application_name", "wagate-engine-host")
    scheme = "postgres" if parts.scheme.startswith("postgres") else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, urlencode(query), ""))


async def ensure_schema(database_url: str, schema: str) -> None:
    """whatsmeow creates its tables in the first schema of search_path, which must exist."""
    quoted = '"' + schema.replace('"', '""') + '"'
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
    finally:
        await conn.close()
