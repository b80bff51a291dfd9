"""Apply the numbered `.sql` files in wagate/migrations, each once, in order.

A migration runs in one transaction together with its bookkeeping row, under an advisory
lock, so two processes starting at once cannot apply the same file twice.
"""

from __future__ import annotations

import logging
import re
from importlib import resources

import asyncpg

log = logging.getLogger(__name__)

_NAME = re.compile(r"(\d{3})_[a-z0-9_]+\.sql")
_LOCK_KEY = 0x7761_6761_7465  # "wagate" — serialises concurrent migrators


def available_migrations() -> list[tuple[int, str, str]]:
    """(version, file name, sql) for every migration shipped with the package, sorted."""
    found: list[tuple[int, str, str]] = []
    for entry in resources.files("wagate.migrations").iterdir():
        match = _NAME.fullmatch(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found


async def migrate(conn: asyncpg.Connection) -> list[str]:
    """Apply what is missing; returns the names applied now."""
    applied_now: list[str] = []
    await conn.execute("SELECT pg_advisory_lock($1)", _LOCK_KEY)
    try:
        await conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   version    integer PRIMARY KEY,
                   name       text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        done = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")}
        for version, name, sql in available_migrations():
            if version in done:
                continue
            async with conn.transaction():
                await conn.execute(sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                    version,
                    name,
                )
            log.info("applied migration %s", name)
            applied_now.append(name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _LOCK_KEY)
    return applied_now


async def prepare_database(url: str) -> list[str]:
    """Create the database if missing and apply what is missing: safe to run anywhere,
    any number of times (the runner is idempotent and locked)."""
    from wagate import db

    await db.ensure_database(url)
    conn = await asyncpg.connect(url)
    try:
        return await migrate(conn)
    finally:
        await conn.close()
