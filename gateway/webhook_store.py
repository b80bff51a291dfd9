"""The gateway's SQL for webhook endpoints, deliveries and attempts (migration 003).

Every query is scoped: `tenant_id` None means an admin acting on any tenant; otherwise
the row must belong to that company, and a row of another company is simply not found.
Signing secrets are written here, sealed (wagate/webhook_secrets.py), and opened only by
the connector; the one place one is returned is the value `create` and `rotate` hand back.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

from wagate import public_events
from wagate.public_events import WebhookTest
from wagate.sealing import Sealer
from wagate.tables import webhook_outbox
from wagate.tables.tenants import ensure_tenant
from wagate.timestamps import iso_utc

MAX_ENDPOINTS_PER_TENANT = 20
RESPONSE_PREVIEW_CHARS = 1024


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" + base64 of 24 random bytes (192 bits)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def new_endpoint_id() -> str:
    return "ep_" + secrets.token_hex(12)


# the shape new_endpoint_id makes: anything else (a NUL, 5,000 characters) is no endpoint,
# and is answered so without asking PostgreSQL
_ENDPOINT_ID = re.compile(r"ep_[0-9a-f]{24}")


def _utc(ts: datetime | None) -> datetime | None:
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts


def endpoint_json(row: asyncpg.Record) -> dict[str, Any]:
    headers: Any = row["headers"]
    if isinstance(headers, str):
        headers = json.loads(headers)
    expires = row["previous_secret_expires_at"]
    return {
        "id": row["id"],
        "companyId": row["tenant_id"],
        "url": row["url"],
        "description": row["description"],
        "eventTypes": list(row["event_types"]) if row["event_types"] is not None else None,
        "enabled": row["enabled"],
        "disabledReason": row["disabled_reason"],
        "disabledAt": iso_utc(row["disabled_at"]),
        "headers": dict(headers or {}),
        "consecutiveFailures": row["consecutive_failures"],
        "failingSince": iso_utc(row["failing_since"]),
        "previousSecretExpiresAt": (
            iso_utc(expires) if expires is not None and expires > datetime.now(UTC) else None
        ),
        "createdAt": iso_utc(row["created_at"]),
        "updatedAt": iso_utc(row["updated_at"]),
    }


def delivery_json(row: asyncpg.Record) -> dict[str, Any]:
    pending = row["status"] == "pending"
    return {
        "id": row["id"],
        "endpointId": row["endpoint_id"],
        "eventId": row["event_id"],
        "eventType": row["type"],
        "status": row["status"],
        "attemptCount": row["attempts"],
        "nextAttemptAt": iso_utc(row["next_attempt_at"]) if pending else None,
        "lastStatusCode": row["last_status_code"],
        "lastError": row["last_error"],
        "createdAt": iso_utc(row["created_at"]),
        "finishedAt": iso_utc(row["finished_at"]),
    }


def attempt_json(row: asyncpg.Record) -> dict[str, Any]:
    return {
        "id": row["id"],
        "deliveryId": row["delivery_id"],
        "attempt": row["attempt"],
        "startedAt": iso_utc(row["started_at"]),
        "durationMs": row["duration_ms"],
        "outcome": row["outcome"],
        "statusCode": row["status_code"],
        "error": row["error"],
        "response": row["response_body"],
    }


class EndpointLimitReached(Exception):
    pass


@dataclass(frozen=True)
class Page:
    since: datetime | None
    until: datetime | None
    before: int | None
    limit: int


class WebhookStore:
    def __init__(self, pool: asyncpg.Pool, sealer: Sealer) -> None:
        self._pool = pool
        self._sealer = sealer

    # ---- endpoints ------------------------------------------------------------------------

    async def create(
        self,
        tenant_id: str,
        *,
        url: str,
        event_types: list[str] | None,
        enabled: bool,
        headers: dict[str, str],
        description: str,
    ) -> tuple[asyncpg.Record, str]:
        secret = new_secret()
        async with self._pool.acquire() as conn, conn.transaction():
            # tenants may register webhooks before their first session
            await ensure_tenant(conn, tenant_id)
            # serialise creations of one tenant, so the limit holds under concurrency
            await conn.execute("SELECT 1 FROM tenants WHERE tenant_id = $1 FOR UPDATE", tenant_id)
            count = await conn.fetchval(
                "SELECT count(*) FROM webhook_endpoints WHERE tenant_id = $1", tenant_id
            )
            if count >= MAX_ENDPOINTS_PER_TENANT:
                raise EndpointLimitReached
            row = await conn.fetchrow(
                """INSERT INTO webhook_endpoints (id, tenant_id, url, description, event_types,
                       enabled, headers, secret, disabled_reason, disabled_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8,
                           CASE WHEN $6 THEN NULL ELSE 'by_request' END,
                           CASE WHEN $6 THEN NULL ELSE now() END)
                   RETURNING *""",
                new_endpoint_id(),
                tenant_id,
                url,
                description,
                event_types,
                enabled,
                json.dumps(headers),
                self._sealer.seal_text(secret),
            )
        assert row is not None
        return row, secret

    async def endpoints(self, tenant_id: str) -> list[asyncpg.Record]:
        return list(
            await self._pool.fetch(
                "SELECT * FROM webhook_endpoints WHERE tenant_id = $1 ORDER BY created_at, id",
                tenant_id,
            )
        )

    async def get(self, endpoint_id: str, tenant_id: str | None) -> asyncpg.Record | None:
        if not _ENDPOINT_ID.fullmatch(endpoint_id):
            return None
        row: asyncpg.Record | None = await self._pool.fetchrow(
            """SELECT * FROM webhook_endpoints
               WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2)""",
            endpoint_id,
            tenant_id,
        )
        return row

    async def update(
        self, endpoint_id: str, tenant_id: str | None, changes: dict[str, Any]
    ) -> asyncpg.Record | None:
        """`changes` holds only what was given: url, event_types, enabled, headers,
        description. Enabling clears the failure streak; disabling records who did it."""
        sets = ["updated_at = now()"]
        args: list[Any] = [endpoint_id, tenant_id]
        for column in ("url", "event_types", "headers", "description"):
            if column in changes:
                value = changes[column]
                args.append(json.dumps(value) if column == "headers" else value)
                cast = "::jsonb" if column == "headers" else ""
                sets.append(f"{column} = ${len(args)}{cast}")
        if "enabled" in changes:
            args.append(changes["enabled"])
            n = len(args)
            sets += [
                f"consecutive_failures = CASE WHEN ${n} AND NOT enabled THEN 0 "
                "ELSE consecutive_failures END",
                f"failing_since = CASE WHEN ${n} AND NOT enabled THEN NULL ELSE failing_since END",
                f"disabled_reason = CASE WHEN ${n} THEN NULL "
                "WHEN enabled THEN 'by_request' ELSE disabled_reason END",
                f"disabled_at = CASE WHEN ${n} THEN NULL WHEN enabled THEN now() "
                "ELSE disabled_at END",
                f"enabled = ${n}",
            ]
        row: asyncpg.Record | None = await self._pool.fetchrow(
            f"""UPDATE webhook_endpoints SET {", ".join(sets)}
                WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2)
                RETURNING *""",
            *args,
        )
        return row

    async def delete(self, endpoint_id: str, tenant_id: str | None) -> bool:
        deleted = await self._pool.fetchval(
            """DELETE FROM webhook_endpoints
               WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2) RETURNING id""",
            endpoint_id,
            tenant_id,
        )
        return deleted is not None

    async def rotate(
        self, endpoint_id: str, tenant_id: str | None, overlap_s: int
    ) -> tuple[asyncpg.Record, str] | None:
        """A new secret; the current one keeps signing (next to it) for `overlap_s`."""
        secret = new_secret()
        row = await self._pool.fetchrow(
            """UPDATE webhook_endpoints SET
                   previous_secret = CASE WHEN $3 > 0 THEN secret END,
                   previous_secret_expires_at = CASE WHEN $3 > 0
                       THEN now() + make_interval(secs => $3) END,
                   secret = $4, updated_at = now()
               WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2)
               RETURNING *""",
            endpoint_id,
            tenant_id,
            float(overlap_s),
            self._sealer.seal_text(secret),
        )
        return None if row is None else (row, secret)

    # ---- deliveries and attempts ---------------------------------------------------------

    async def deliveries(
        self, endpoint_id: str, page: Page, status: str | None, event_type: str | None
    ) -> list[asyncpg.Record]:
        return list(
            await self._pool.fetch(
                """SELECT d.*, e.type FROM webhook_deliveries d
                   JOIN webhook_events e ON e.id = d.event_id
                   WHERE d.endpoint_id = $1
                     AND ($2::text IS NULL OR d.status = $2)
                     AND ($3::text IS NULL OR e.type = $3)
                     AND ($4::timestamptz IS NULL OR d.created_at >= $4)
                     AND ($5::timestamptz IS NULL OR d.created_at < $5)
                     AND ($6::bigint IS NULL OR d.id < $6)
                   ORDER BY d.id DESC
                   LIMIT $7""",
                endpoint_id,
                status,
                event_type,
                _utc(page.since),
                _utc(page.until),
                page.before,
                page.limit,
            )
        )

    async def delivery(
        self, endpoint_id: str, delivery_id: int
    ) -> tuple[asyncpg.Record, str, list[asyncpg.Record]] | None:
        row = await self._pool.fetchrow(
            """SELECT d.*, e.type, e.body FROM webhook_deliveries d
               JOIN webhook_events e ON e.id = d.event_id
               WHERE d.endpoint_id = $1 AND d.id = $2""",
            endpoint_id,
            delivery_id,
        )
        if row is None:
            return None
        attempts = await self._pool.fetch(
            "SELECT * FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id", delivery_id
        )
        return row, row["body"], list(attempts)

    async def attempts(
        self, endpoint_id: str, page: Page, outcome: str | None
    ) -> list[asyncpg.Record]:
        return list(
            await self._pool.fetch(
                """SELECT * FROM webhook_attempts
                   WHERE endpoint_id = $1
                     AND ($2::text IS NULL OR outcome = $2)
                     AND ($3::timestamptz IS NULL OR started_at >= $3)
                     AND ($4::timestamptz IS NULL OR started_at < $4)
                     AND ($5::bigint IS NULL OR id < $5)
                   ORDER BY id DESC
                   LIMIT $6""",
                endpoint_id,
                outcome,
                _utc(page.since),
                _utc(page.until),
                page.before,
                page.limit,
            )
        )

    async def replay_one(self, endpoint_id: str, delivery_id: int) -> str | None:
        """Queue a finished delivery again; its status before (see requeue_one)."""
        return await webhook_outbox.requeue_one(self._pool, endpoint_id, delivery_id)

    async def replay_since(
        self, endpoint_id: str, since: datetime, until: datetime | None, statuses: list[str]
    ) -> int:
        start = since.replace(tzinfo=UTC) if since.tzinfo is None else since
        return await webhook_outbox.requeue_since(
            self._pool, endpoint_id, statuses, start, _utc(until)
        )

    async def send_test(self, endpoint_id: str, tenant_id: str) -> tuple[str, int]:
        """A `webhook_test` event for this endpoint only (whatever its filter), queued
        behind what the endpoint already has pending."""
        event = public_events.event(
            tenant_id, WebhookTest(endpoint_id=endpoint_id, message="a test event from wagate")
        )
        return event.id, await webhook_outbox.owe_test_event(self._pool, event, endpoint_id)
