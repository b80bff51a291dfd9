"""`sessions`: one row per tenant's WhatsApp session. The connector writes it (the state
changes with each event, in the event's transaction); the gateway reads a session's engine
before changing the tenant's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wagate.tables import Executor, from_row
from wagate.tables.tenants import ensure_tenant


@dataclass(frozen=True)
class StoredSession:
    tenant_id: str
    state: str
    reason: str | None
    state_changed_at: datetime
    phone: str | None
    engine: str
    reconnect_attempts: int
    wanted: bool
    has_credentials: bool


async def ensure_session(db: Executor, tenant_id: str, default_engine: str) -> str:
    """The tenant's session row (and tenant row), made if missing, on the tenant's engine
    (or the default), and wanted again; returns the engine the session runs on. Run it
    inside a transaction: the two inserts go together."""
    await ensure_tenant(db, tenant_id)
    return str(
        await db.fetchval(
            """INSERT INTO sessions (tenant_id, state, engine)
               SELECT $1, 'stopped', COALESCE(t.engine, $2)
               FROM tenants t WHERE t.tenant_id = $1
               ON CONFLICT (tenant_id) DO UPDATE SET wanted = true
               RETURNING engine""",
            tenant_id,
            default_engine,
        )
    )


async def save_state(
    db: Executor,
    tenant_id: str,
    state: str,
    reason: str | None,
    changed_at: datetime,
    phone: str | None,
    reconnect_attempts: int,
) -> None:
    await db.execute(
        """UPDATE sessions SET state = $2, reason = $3, state_changed_at = $4,
               phone = $5, reconnect_attempts = $6
           WHERE tenant_id = $1""",
        tenant_id,
        state,
        reason,
        changed_at,
        phone,
        reconnect_attempts,
    )


async def load_all(db: Executor) -> list[StoredSession]:
    rows = await db.fetch(
        """SELECT s.tenant_id, s.state, s.reason, s.state_changed_at, s.phone, s.engine,
                  s.reconnect_attempts, s.wanted, (c.tenant_id IS NOT NULL) AS has_credentials
           FROM sessions s LEFT JOIN session_credentials c USING (tenant_id)
           ORDER BY s.tenant_id"""
    )
    return [from_row(StoredSession, r) for r in rows]


@dataclass(frozen=True)
class StoredDialing:
    """What a session's next connection reads, as stored: its credentials (sealed; None
    for none, or a row from before sealing), whether it marks itself online, its proxy
    (sealed)."""

    tenant_id: str
    sealed: str | None
    mark_online: bool
    proxy_sealed: str | None


async def dialings(db: Executor, tenant_ids: list[str]) -> list[StoredDialing]:
    """Those of many sessions in one statement: a restore connects thousands, and three
    reads a connection were most of what each cost."""
    rows = await db.fetch(
        """SELECT s.tenant_id, c.sealed, (t.mark_online IS NOT FALSE) AS mark_online,
                  t.proxy_sealed
           FROM sessions s
           LEFT JOIN session_credentials c USING (tenant_id)
           LEFT JOIN tenants t USING (tenant_id)
           WHERE s.tenant_id = ANY($1::text[])""",
        tenant_ids,
    )
    return [from_row(StoredDialing, r) for r in rows]


async def set_wanted(db: Executor, tenant_id: str, wanted: bool) -> None:
    await db.execute("UPDATE sessions SET wanted = $2 WHERE tenant_id = $1", tenant_id, wanted)


async def delete_session(db: Executor, tenant_id: str) -> None:
    await db.execute("DELETE FROM sessions WHERE tenant_id = $1", tenant_id)


async def engine_in_use(db: Executor, tenant_id: str) -> str | None:
    """The engine of the tenant's session, if it has one, locked against a concurrent
    change until the caller's transaction ends (FOR SHARE)."""
    engine = await db.fetchval(
        "SELECT engine FROM sessions WHERE tenant_id = $1 FOR SHARE", tenant_id
    )
    return None if engine is None else str(engine)


async def exists(db: Executor, tenant_id: str) -> bool:
    """Whether the tenant has a session (a connector holds one only for these rows)."""
    found = await db.fetchval("SELECT 1 FROM sessions WHERE tenant_id = $1", tenant_id)
    return found is not None
