"""Tenants as the gateway needs them: admin CRUD, and a short-lived cached status
(disabled? send limit?) read on every tenant request."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import asyncpg

from gateway.database import Database
from wagate.tables import sessions
from wagate.timestamps import iso_utc

_STATUS_TTL_S = 5.0  # how long another gateway may still serve a just-disabled tenant


@dataclass(frozen=True)
class TenantStatus:
    disabled: bool
    send_rate_per_minute: int | None  # None: the deployment's default


def _public(row: asyncpg.Record) -> dict[str, Any]:
    return {
        "companyId": row["tenant_id"],
        "name": row["name"],
        "disabled": row["disabled"],
        "disabledAt": iso_utc(row["disabled_at"]),
        "sendRatePerMinute": row["send_rate_per_minute"],
        "engine": row["engine"],
        "presenceEvents": row["presence_events"],
        "createdAt": iso_utc(row["created_at"]),
    }


class Tenants:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: dict[str, tuple[float, TenantStatus]] = {}

    async def status(self, tenant_id: str) -> TenantStatus:
        cached = self._cache.get(tenant_id)
        now = time.monotonic()
        if cached is not None and now - cached[0] < _STATUS_TTL_S:
            return cached[1]
        pool = await self._db.pool()
        row = await pool.fetchrow(
            "SELECT disabled, send_rate_per_minute FROM tenants WHERE tenant_id = $1",
            tenant_id,
        )
        status = (
            TenantStatus(False, None)  # not registered yet: created on first initialize
            if row is None
            else TenantStatus(row["disabled"], row["send_rate_per_minute"])
        )
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[tenant_id] = (now, status)
        return status

    async def create(
        self,
        tenant_id: str,
        name: str | None,
        send_rate_per_minute: int | None,
        engine: str | None = None,
        presence_events: bool = False,
    ) -> dict[str, Any] | None:
        """None when the tenant exists already."""
        pool = await self._db.pool()
        row = await pool.fetchrow(
            """INSERT INTO tenants (tenant_id, name, send_rate_per_minute, engine,
                                    presence_events)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT DO NOTHING RETURNING *""",
            tenant_id,
            name,
            send_rate_per_minute,
            engine,
            presence_events,
        )
        return None if row is None else _public(row)

    async def get(self, tenant_id: str) -> dict[str, Any] | None:
        pool = await self._db.pool()
        row = await pool.fetchrow("SELECT * FROM tenants WHERE tenant_id = $1", tenant_id)
        return None if row is None else _public(row)

    async def list(self) -> list[dict[str, Any]]:
        pool = await self._db.pool()
        return [_public(r) for r in await pool.fetch("SELECT * FROM tenants ORDER BY tenant_id")]

    async def update(
        self, tenant_id: str, changes: dict[str, Any], default_engine: str
    ) -> dict[str, Any] | None:
        """Apply the given fields (name, sendRatePerMinute, engine, disabled,
        presenceEvents); None if no
        tenant. An engine change is refused while the tenant has a session on another
        engine: its credentials belong to that engine (delete the session first)."""
        pool = await self._db.pool()
        async with pool.acquire() as conn, conn.transaction():
            if "engine" in changes:
                wanted = changes["engine"] or default_engine
                running = await sessions.engine_in_use(conn, tenant_id)
                if running is not None and running != wanted:
                    raise EngineInUse(running)
            row = await conn.fetchrow(
                """UPDATE tenants SET
                     name = CASE WHEN $2 THEN $3 ELSE name END,
                     send_rate_per_minute = CASE WHEN $4 THEN $5 ELSE send_rate_per_minute END,
                     engine = CASE WHEN $7 THEN $8 ELSE engine END,
                     presence_events = COALESCE($9, presence_events),
                     disabled = COALESCE($6, disabled),
                     disabled_at = CASE WHEN $6 IS NULL THEN disabled_at
                                        WHEN $6 THEN COALESCE(disabled_at, now()) ELSE NULL END
                   WHERE tenant_id = $1 RETURNING *""",
                tenant_id,
                "name" in changes,
                changes.get("name"),
                "sendRatePerMinute" in changes,
                changes.get("sendRatePerMinute"),
                changes.get("disabled"),
                "engine" in changes,
                changes.get("engine"),
                changes.get("presenceEvents"),
            )
        self._cache.pop(tenant_id, None)
        return None if row is None else _public(row)


class EngineInUse(Exception):
    def __init__(self, engine: str) -> None:
        super().__init__(engine)
        self.engine = engine
