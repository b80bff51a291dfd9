"""`poll_options`: the options of each poll a tenant sent, written by the connector when
the poll goes out and read when a vote comes in (votes name options by hash only)."""

from __future__ import annotations

from wagate.tables import Executor


async def save(db: Executor, tenant_id: str, poll_id: str, options: list[str]) -> None:
    await db.execute(
        """INSERT INTO poll_options (tenant_id, poll_id, options) VALUES ($1, $2, $3)
           ON CONFLICT (tenant_id, poll_id) DO NOTHING""",
        tenant_id,
        poll_id,
        options,
    )


async def options(db: Executor, tenant_id: str, poll_id: str) -> list[str] | None:
    found = await db.fetchval(
        "SELECT options FROM poll_options WHERE tenant_id = $1 AND poll_id = $2",
        tenant_id,
        poll_id,
    )
    return None if found is None else list(found)
