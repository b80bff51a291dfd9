"""`tenants`: the row every tenant-owned row hangs on. Made on first use (a session, an
API key, a webhook endpoint) or by the admin API (gateway/tenants.py, which owns its
other columns)."""

from __future__ import annotations

from wagate.tables import Executor


async def ensure_tenant(db: Executor, tenant_id: str) -> None:
    """The tenant's row, made if missing (with every column at its default)."""
    await db.execute(
        "INSERT INTO tenants (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING", tenant_id
    )


async def presence_events(db: Executor, tenant_id: str) -> bool:
    """Whether the tenant opted in to presence events (they are chatty)."""
    wanted = await db.fetchval(
        "SELECT presence_events FROM tenants WHERE tenant_id = $1", tenant_id
    )
    return bool(wanted)
