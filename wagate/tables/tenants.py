"""`tenants`: the row every tenant-owned row hangs on. Made on first use (a session, an
API key, a webhook endpoint) or by the admin API (gateway/tenants.py, which owns its
other columns)."""

from __future__ import annotations

from wagate.tables import Executor


async def ensure_tenant(db: Executor, company_id: str) -> None:
    """The tenant's row, made if missing (with every column at its default)."""
    await db.execute(
        "INSERT INTO tenants (company_id) VALUES ($1) ON CONFLICT DO NOTHING", company_id
    )


async def presence_events(db: Executor, company_id: str) -> bool:
    """Whether the tenant opted in to presence events (they are chatty)."""
    wanted = await db.fetchval(
        "SELECT presence_events FROM tenants WHERE company_id = $1", company_id
    )
    return bool(wanted)
