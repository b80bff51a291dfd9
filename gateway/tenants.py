"""Tenants as the gateway needs them: admin CRUD, and a short-lived cached status
(disabled? send limit?) read on every tenant request."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from gateway.database import Database
from wagate.tables import sessions, tenants
from wagate.tables.tenants import Tenant

_STATUS_TTL_S = 5.0  # how long another gateway may still serve a just-disabled tenant


@dataclass(frozen=True)
class TenantStatus:
    disabled: bool
    send_rate_per_minute: int | None  # None: the deployment's default


def _changes(given: dict[str, Any]) -> tenants.TenantChanges:
    """The API's fields (name, sendRatePerMinute, engine, disabled, presenceEvents,
    messageStore, messageRetentionDays, markOnline, historySync), only those given, as
    the table's
    changes."""
    return tenants.TenantChanges(
        name=given.get("name"),
        set_name="name" in given,
        send_rate_per_minute=given.get("sendRatePerMinute"),
        set_send_rate="sendRatePerMinute" in given,
        engine=given.get("engine"),
        set_engine="engine" in given,
        disabled=given.get("disabled"),
        presence_events=given.get("presenceEvents"),
        message_store=given.get("messageStore"),
        message_retention_days=given.get("messageRetentionDays"),
        mark_online=given.get("markOnline"),
        history_sync=given.get("historySync"),
    )


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
        row = await tenants.status(pool, tenant_id)
        # not registered yet: created on first initialize
        status = TenantStatus(False, None) if row is None else TenantStatus(*row)
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
        store: dict[str, Any] | None = None,
    ) -> Tenant | None:
        """None when the tenant exists already. `store`: messageStore,
        messageRetentionDays, markOnline and historySync, where given."""
        pool = await self._db.pool()
        return await tenants.insert(
            pool,
            tenant_id,
            name,
            send_rate_per_minute,
            engine,
            presence_events,
            _changes(store or {}),
        )

    async def get(self, tenant_id: str) -> Tenant | None:
        return await tenants.get(await self._db.pool(), tenant_id)

    async def list(self, after: str | None = None, limit: int | None = None) -> list[Tenant]:
        return await tenants.list_all(await self._db.pool(), after, limit)

    async def update(
        self, tenant_id: str, changes: dict[str, Any], default_engine: str
    ) -> Tenant | None:
        """Apply the given fields (name, sendRatePerMinute, engine, disabled,
        presenceEvents, messageStore, messageRetentionDays, markOnline); None if no
        tenant. An engine change is refused while the tenant has a session on another
        engine: its credentials belong to that engine (delete the session first)."""
        pool = await self._db.pool()
        async with pool.acquire() as conn, conn.transaction():
            if "engine" in changes:
                wanted = changes["engine"] or default_engine
                running = await sessions.engine_in_use(conn, tenant_id)
                if running is not None and running != wanted:
                    raise EngineInUse(running)
            updated = await tenants.update(conn, tenant_id, _changes(changes))
        self._cache.pop(tenant_id, None)
        return updated


class EngineInUse(Exception):
    def __init__(self, engine: str) -> None:
        super().__init__(engine)
        self.engine = engine
