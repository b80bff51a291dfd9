"""`tenants`: the row every tenant-owned row hangs on. Made on first use (a session, an
API key, a webhook endpoint) or by the admin API (gateway/tenants.py), which also sets
its other columns through the functions here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from wagate.tables import Executor, from_row

_COLUMNS = """tenant_id, name, disabled, disabled_at, send_rate_per_minute, engine,
              presence_events, message_store, message_retention_days, mark_online,
              history_sync, proxy_url,
              created_at"""


@dataclass(frozen=True)
class Tenant:
    tenant_id: str
    name: str | None
    disabled: bool
    disabled_at: datetime | None
    send_rate_per_minute: int | None  # None: the deployment's default
    engine: str | None  # None: the deployment's default
    presence_events: bool
    message_store: str  # off | metadata | full (docs/conversations.md)
    message_retention_days: int
    mark_online: bool  # marked available at WhatsApp on each connect
    history_sync: str  # all | none | <N>d: what a linking phone sends (migration 014)
    proxy_url: str | None  # the outbound proxy as shown (password redacted); None: direct
    created_at: datetime


@dataclass(frozen=True)
class TenantChanges:
    """What an update sets; a field left None is left as it is (name, rate and engine
    are nullable columns, so whether they are given is said apart)."""

    name: str | None = None
    set_name: bool = False
    send_rate_per_minute: int | None = None
    set_send_rate: bool = False
    engine: str | None = None
    set_engine: bool = False
    disabled: bool | None = None
    presence_events: bool | None = None
    message_store: str | None = None
    message_retention_days: int | None = None
    mark_online: bool | None = None
    history_sync: str | None = None


def _tenant(row: asyncpg.Record) -> Tenant:
    return from_row(Tenant, row)


async def ensure_tenant(db: Executor, tenant_id: str) -> None:
    """The tenant's row, made if missing (with every column at its default)."""
    await db.execute(
        "INSERT INTO tenants (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING", tenant_id
    )


async def lock_tenant(db: Executor, tenant_id: str) -> None:
    """Hold the tenant's row until the transaction ends: serialises what must count the
    tenant's rows before adding one."""
    await db.execute("SELECT 1 FROM tenants WHERE tenant_id = $1 FOR UPDATE", tenant_id)


async def presence_events(db: Executor, tenant_id: str) -> bool:
    """Whether the tenant opted in to presence events (they are chatty)."""
    wanted = await db.fetchval(
        "SELECT presence_events FROM tenants WHERE tenant_id = $1", tenant_id
    )
    return bool(wanted)


async def mark_online(db: Executor, tenant_id: str) -> bool:
    """Whether the tenant's session marks it available on connect (yes with no row)."""
    marked = await db.fetchval("SELECT mark_online FROM tenants WHERE tenant_id = $1", tenant_id)
    return marked is not False


async def message_store(db: Executor, tenant_id: str) -> str:
    """What the tenant's message store keeps: off, metadata or full ("off" for a tenant
    with no row)."""
    mode = await db.fetchval("SELECT message_store FROM tenants WHERE tenant_id = $1", tenant_id)
    return str(mode or "off")


async def history_sync(db: Executor, tenant_id: str) -> str:
    """How much history the tenant takes at pairing ("all" for a tenant with no row)."""
    taken = await db.fetchval("SELECT history_sync FROM tenants WHERE tenant_id = $1", tenant_id)
    return str(taken or "all")


async def sealed_proxy(db: Executor, tenant_id: str) -> str | None:
    """The tenant's proxy URL, sealed; None when it connects directly (or has no row)."""
    sealed = await db.fetchval("SELECT proxy_sealed FROM tenants WHERE tenant_id = $1", tenant_id)
    return None if sealed is None else str(sealed)


async def set_proxy(
    db: Executor, tenant_id: str, shown_url: str | None, sealed_url: str | None
) -> Tenant | None:
    """Set (or with None, None clear) the tenant's proxy; None if there is no such tenant."""
    row = await db.fetchrow(
        f"""UPDATE tenants SET proxy_url = $2, proxy_sealed = $3
            WHERE tenant_id = $1 RETURNING {_COLUMNS}""",
        tenant_id,
        shown_url,
        sealed_url,
    )
    return None if row is None else _tenant(row)


async def lock_sealed_proxies(db: Executor) -> list[tuple[str, str]]:
    """(tenant, sealed proxy URL) of every tenant with a proxy, locked until the
    transaction ends: for re-sealing under a new key."""
    rows = await db.fetch(
        """SELECT tenant_id, proxy_sealed FROM tenants
           WHERE proxy_sealed IS NOT NULL ORDER BY tenant_id FOR UPDATE"""
    )
    return [(r["tenant_id"], r["proxy_sealed"]) for r in rows]


async def store_sealed_proxy(db: Executor, tenant_id: str, sealed_url: str) -> None:
    await db.execute(
        "UPDATE tenants SET proxy_sealed = $2 WHERE tenant_id = $1", tenant_id, sealed_url
    )


async def status(db: Executor, tenant_id: str) -> tuple[bool, int | None] | None:
    """(disabled, send rate per minute), or None for a tenant not registered yet."""
    row = await db.fetchrow(
        "SELECT disabled, send_rate_per_minute FROM tenants WHERE tenant_id = $1", tenant_id
    )
    return None if row is None else (row["disabled"], row["send_rate_per_minute"])


async def insert(
    db: Executor,
    tenant_id: str,
    name: str | None,
    send_rate_per_minute: int | None,
    engine: str | None,
    presence_events: bool,
    store: TenantChanges = TenantChanges(),
) -> Tenant | None:
    """The new tenant; None when it exists already. `store`: its message store's
    settings, mark_online and history_sync, where given (the columns' defaults
    otherwise)."""
    row = await db.fetchrow(
        f"""INSERT INTO tenants (tenant_id, name, send_rate_per_minute, engine,
                                 presence_events, message_store, message_retention_days,
                                 mark_online, history_sync)
            VALUES ($1, $2, $3, $4, $5, COALESCE($6, 'metadata'), COALESCE($7, 30),
                    COALESCE($8, true), COALESCE($9, 'all'))
            ON CONFLICT DO NOTHING RETURNING {_COLUMNS}""",
        tenant_id,
        name,
        send_rate_per_minute,
        engine,
        presence_events,
        store.message_store,
        store.message_retention_days,
        store.mark_online,
        store.history_sync,
    )
    return None if row is None else _tenant(row)


async def get(db: Executor, tenant_id: str) -> Tenant | None:
    row = await db.fetchrow(f"SELECT {_COLUMNS} FROM tenants WHERE tenant_id = $1", tenant_id)
    return None if row is None else _tenant(row)


async def list_all(
    db: Executor, after: str | None = None, limit: int | None = None
) -> list[Tenant]:
    """Every tenant in company id order, or those after `after`, `limit` of them at most."""
    rows = await db.fetch(
        f"""SELECT {_COLUMNS} FROM tenants WHERE $1::text IS NULL OR tenant_id > $1
            ORDER BY tenant_id LIMIT $2""",
        after,
        limit,
    )
    return [_tenant(r) for r in rows]


async def update(db: Executor, tenant_id: str, changes: TenantChanges) -> Tenant | None:
    """The tenant as changed; None if there is no such tenant. Disabling stamps
    `disabled_at` once; enabling clears it."""
    row = await db.fetchrow(
        f"""UPDATE tenants SET
              name = CASE WHEN $2 THEN $3 ELSE name END,
              send_rate_per_minute = CASE WHEN $4 THEN $5 ELSE send_rate_per_minute END,
              engine = CASE WHEN $7 THEN $8 ELSE engine END,
              presence_events = COALESCE($9, presence_events),
              message_store = COALESCE($10, message_store),
              message_retention_days = COALESCE($11, message_retention_days),
              mark_online = COALESCE($12, mark_online),
              history_sync = COALESCE($13, history_sync),
              disabled = COALESCE($6, disabled),
              disabled_at = CASE WHEN $6 IS NULL THEN disabled_at
                                 WHEN $6 THEN COALESCE(disabled_at, now()) ELSE NULL END
            WHERE tenant_id = $1 RETURNING {_COLUMNS}""",
        tenant_id,
        changes.set_name,
        changes.name,
        changes.set_send_rate,
        changes.send_rate_per_minute,
        changes.disabled,
        changes.set_engine,
        changes.engine,
        changes.presence_events,
        changes.message_store,
        changes.message_retention_days,
        changes.mark_online,
        changes.history_sync,
    )
    return None if row is None else _tenant(row)
