"""API keys for server-to-server calls: shown once, stored only as a keyed hash.

A key looks like `wg_<12 hex>_<43 url-safe chars>`. The part before the second underscore
is its prefix: stored in clear, shown in lists, used to find the row. The whole key is
checked against HMAC-SHA256(pepper, key); the pepper lives in the environment, so a copy
of the database alone cannot be used to test guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from gateway.database import Database
from gateway.errors import ApiError
from gateway.principal import Principal, Scope
from wagate.tables import from_row
from wagate.tables.tenants import ensure_tenant

_TOUCH_EVERY_S = 60.0
_RECHECK_CACHE_S = 1.0
_KEY_ID = re.compile(r"key_[0-9a-f]{16}")  # as `create` makes them
_KEY = re.compile(r"(wg_[0-9a-f]{12})_[A-Za-z0-9_-]{43}")


def looks_like_api_key(credential: str) -> bool:
    return credential.startswith("wg_")


# what a key's owner may see of it (never its hash)
_PUBLIC_COLUMNS = "id, name, prefix, scopes, created_at, last_used_at, revoked_at"


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    prefix: str  # the visible part of the key
    scopes: tuple[str, ...]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def _api_key(row: asyncpg.Record) -> ApiKey:
    return from_row(ApiKey, row, scopes=tuple(row["scopes"]))


class ApiKeys:
    def __init__(self, db: Database, pepper: str) -> None:
        self._db = db
        self._pepper = pepper.encode()
        self._touched: dict[str, float] = {}  # key id -> when this gateway last wrote
        # key id -> (when checked, revoked or gone, tenant disabled)
        self._usable: dict[str, tuple[float, bool, bool]] = {}

    async def _touch(self, pool: asyncpg.Pool, key_id: str) -> None:
        """Record last use at most once a minute per key and gateway: last-used is for
        humans, not an audit log, and a write per request would cost a round trip."""
        now = time.monotonic()
        if now - self._touched.get(key_id, -_TOUCH_EVERY_S) < _TOUCH_EVERY_S:
            return
        if len(self._touched) > 100_000:
            self._touched.clear()
        self._touched[key_id] = now
        await pool.execute(
            """UPDATE api_keys SET last_used_at = now() WHERE id = $1
               AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""",
            key_id,
        )

    def _hash(self, key: str) -> bytes:
        return hmac.new(self._pepper, key.encode(), hashlib.sha256).digest()

    async def create(self, tenant_id: str, name: str, scopes: list[Scope]) -> tuple[ApiKey, str]:
        """Returns (the key's record, the key). The key is not stored and not shown again."""
        prefix = "wg_" + secrets.token_hex(6)
        key = f"{prefix}_{secrets.token_urlsafe(32)}"
        pool = await self._db.pool()
        async with pool.acquire() as conn, conn.transaction():
            await ensure_tenant(conn, tenant_id)
            row = await conn.fetchrow(
                f"""INSERT INTO api_keys (id, tenant_id, name, prefix, hash, scopes)
                    VALUES ($1, $2, $3, $4, $5, $6) RETURNING {_PUBLIC_COLUMNS}""",
                "key_" + secrets.token_hex(8),
                tenant_id,
                name,
                prefix,
                self._hash(key),
                sorted(s.value for s in scopes),
            )
        assert row is not None
        return _api_key(row), key

    async def list(self, tenant_id: str) -> list[ApiKey]:
        pool = await self._db.pool()
        rows = await pool.fetch(
            f"SELECT {_PUBLIC_COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at",
            tenant_id,
        )
        return [_api_key(r) for r in rows]

    async def revoke(self, tenant_id: str, key_id: str) -> ApiKey | None:
        """Revoke (idempotent); None when the company has no such key."""
        if not _KEY_ID.fullmatch(key_id):
            return None
        pool = await self._db.pool()
        row = await pool.fetchrow(
            f"""UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now())
                WHERE tenant_id = $1 AND id = $2 RETURNING {_PUBLIC_COLUMNS}""",
            tenant_id,
            key_id,
        )
        return None if row is None else _api_key(row)

    async def require_usable(self, key_id: str) -> None:
        """For a credential already accepted (an open WebSocket): still not revoked, its
        tenant still enabled. Asked again at most once a second per key and gateway."""
        now = time.monotonic()
        cached = self._usable.get(key_id)
        if cached is None or now - cached[0] >= _RECHECK_CACHE_S:
            pool = await self._db.pool()
            row = await pool.fetchrow(
                """SELECT k.revoked_at IS NOT NULL AS revoked, t.disabled
                   FROM api_keys k JOIN tenants t USING (tenant_id) WHERE k.id = $1""",
                key_id,
            )
            if len(self._usable) > 100_000:
                self._usable.clear()
            cached = self._usable[key_id] = (
                now,
                row is None or row["revoked"],
                bool(row and row["disabled"]),
            )
        _, revoked, disabled = cached
        if revoked:
            raise ApiError("api_key_revoked", "the API key has been revoked")
        if disabled:
            raise ApiError("tenant_disabled", "this tenant is disabled")

    async def verify(self, key: str) -> Principal:
        match = _KEY.fullmatch(key)
        if match is None:
            raise ApiError("api_key_invalid", "the API key is not valid")
        pool = await self._db.pool()
        row = await pool.fetchrow(
            """SELECT k.id, k.tenant_id, k.hash, k.scopes, k.revoked_at, t.disabled
               FROM api_keys k JOIN tenants t USING (tenant_id) WHERE k.prefix = $1""",
            match.group(1),
        )
        if row is None or not hmac.compare_digest(row["hash"], self._hash(key)):
            raise ApiError("api_key_invalid", "the API key is not valid")
        if row["revoked_at"] is not None:
            raise ApiError("api_key_revoked", "the API key has been revoked")
        if row["disabled"]:
            raise ApiError("tenant_disabled", "this tenant is disabled")
        await self._touch(pool, row["id"])
        return Principal(
            subject=f"api_key:{row['id']}",
            tenant_id=row["tenant_id"],
            is_admin=False,
            scopes=frozenset(Scope(s) for s in row["scopes"]),
            api_key_id=row["id"],
        )
