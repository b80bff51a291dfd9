"""`webhook_endpoints`: where a tenant's events are sent. The gateway registers, changes,
rotates and deletes them (the webhooks API); the connector switches off one failing for
long enough; `wagate rotate-credentials` and the connector at start re-seal their secrets
(wagate/webhook_secrets.py). Which events each is owed: wagate/tables/webhook_outbox.py.

Every gateway statement is scoped: `tenant_id` None means an admin acting on any tenant;
otherwise the row must belong to that tenant, and another tenant's is simply not found.
Secrets are stored sealed, and never read back here: `Endpoint` holds none."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from wagate.tables import Executor, from_row

_COLUMNS = """id, tenant_id, url, description, event_types, enabled, disabled_reason,
              disabled_at, headers, consecutive_failures, failing_since,
              previous_secret_expires_at, created_at, updated_at"""
# the webhooks API sees webhook endpoints only; event streams have their own statements
_SCOPED = "WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2) AND kind = 'webhook'"


@dataclass(frozen=True)
class Endpoint:
    id: str
    tenant_id: str
    url: str
    description: str
    event_types: tuple[str, ...] | None  # None: every event type
    enabled: bool
    disabled_reason: str | None  # 'by_request' | 'failing'
    disabled_at: datetime | None
    headers: dict[str, str]
    consecutive_failures: int
    failing_since: datetime | None
    previous_secret_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class NewEndpoint:
    id: str
    tenant_id: str
    url: str
    description: str
    event_types: list[str] | None
    enabled: bool
    headers: dict[str, str]
    sealed_secret: str


def headers_of(stored: Any) -> dict[str, str]:
    """The custom headers, from jsonb as asyncpg hands it over (text, or decoded)."""
    decoded = json.loads(stored) if isinstance(stored, str) else stored
    return {str(k): str(v) for k, v in dict(decoded or {}).items()}


def _endpoint(row: asyncpg.Record) -> Endpoint:
    types = row["event_types"]
    return from_row(
        Endpoint,
        row,
        event_types=None if types is None else tuple(types),
        headers=headers_of(row["headers"]),
    )


async def count_for_tenant(db: Executor, tenant_id: str) -> int:
    return int(
        await db.fetchval(
            "SELECT count(*) FROM webhook_endpoints WHERE tenant_id = $1 AND kind = 'webhook'",
            tenant_id,
        )
    )


async def any_enabled(db: Executor, tenant_ids: Collection[str]) -> bool:
    """Whether an enabled endpoint or stream could owe any of the tenants' events
    (whatever its filter): the outbox's own look (webhook_outbox.OWE_EVENT), unfiltered."""
    return bool(
        await db.fetchval(
            """SELECT EXISTS (SELECT 1 FROM webhook_endpoints
                   WHERE (tenant_id = ANY($1::text[]) OR tenant_id IS NULL) AND enabled)""",
            list(tenant_ids),
        )
    )


async def insert(db: Executor, new: NewEndpoint) -> Endpoint:
    """A disabled one is recorded as disabled on request, now."""
    row = await db.fetchrow(
        f"""INSERT INTO webhook_endpoints (id, tenant_id, url, description, event_types,
                enabled, headers, secret, disabled_reason, disabled_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8,
                    CASE WHEN $6 THEN NULL ELSE 'by_request' END,
                    CASE WHEN $6 THEN NULL ELSE now() END)
            RETURNING {_COLUMNS}""",
        new.id,
        new.tenant_id,
        new.url,
        new.description,
        new.event_types,
        new.enabled,
        json.dumps(new.headers),
        new.sealed_secret,
    )
    assert row is not None
    return _endpoint(row)


async def list_for_tenant(db: Executor, tenant_id: str) -> list[Endpoint]:
    rows = await db.fetch(
        f"""SELECT {_COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 AND kind = 'webhook'
            ORDER BY created_at, id""",
        tenant_id,
    )
    return [_endpoint(r) for r in rows]


async def get(db: Executor, endpoint_id: str, tenant_id: str | None) -> Endpoint | None:
    row = await db.fetchrow(
        f"SELECT {_COLUMNS} FROM webhook_endpoints {_SCOPED}", endpoint_id, tenant_id
    )
    return None if row is None else _endpoint(row)


def _enabling(n: int) -> list[str]:
    """The SET clauses for `enabled = $n`: enabling clears the failure streak and the
    reason; disabling records that it was on request."""
    return [
        f"consecutive_failures = CASE WHEN ${n} AND NOT enabled THEN 0 "
        "ELSE consecutive_failures END",
        f"failing_since = CASE WHEN ${n} AND NOT enabled THEN NULL ELSE failing_since END",
        f"disabled_reason = CASE WHEN ${n} THEN NULL "
        "WHEN enabled THEN 'by_request' ELSE disabled_reason END",
        f"disabled_at = CASE WHEN ${n} THEN NULL WHEN enabled THEN now() ELSE disabled_at END",
        f"enabled = ${n}",
    ]


async def update(
    db: Executor, endpoint_id: str, tenant_id: str | None, changes: dict[str, Any]
) -> Endpoint | None:
    """`changes` holds only the columns given: url, event_types, enabled, headers,
    description."""
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
        sets += _enabling(len(args))
    row = await db.fetchrow(
        f"""UPDATE webhook_endpoints SET {", ".join(sets)} {_SCOPED}
            RETURNING {_COLUMNS}""",
        *args,
    )
    return None if row is None else _endpoint(row)


async def delete(db: Executor, endpoint_id: str, tenant_id: str | None) -> bool:
    deleted = await db.fetchval(
        f"DELETE FROM webhook_endpoints {_SCOPED} RETURNING id", endpoint_id, tenant_id
    )
    return deleted is not None


async def rotate_secret(
    db: Executor, endpoint_id: str, tenant_id: str | None, sealed: str, overlap_s: int
) -> Endpoint | None:
    """`sealed` becomes the secret; the current one keeps signing next to it for
    `overlap_s` (none if 0)."""
    row = await db.fetchrow(
        f"""UPDATE webhook_endpoints SET
                previous_secret = CASE WHEN $3 > 0 THEN secret END,
                previous_secret_expires_at = CASE WHEN $3 > 0
                    THEN now() + make_interval(secs => $3) END,
                secret = $4, updated_at = now()
            {_SCOPED}
            RETURNING {_COLUMNS}""",
        endpoint_id,
        tenant_id,
        float(overlap_s),
        sealed,
    )
    return None if row is None else _endpoint(row)


async def disable_failing(db: Executor, endpoint_id: str) -> bool:
    """Switch off an endpoint that has failed long enough; False if it was off already
    (by its tenant, or another dispatcher)."""
    switched = await db.fetchval(
        """UPDATE webhook_endpoints
           SET enabled = false, disabled_reason = 'failing', disabled_at = now(),
               updated_at = now()
           WHERE id = $1 AND enabled
           RETURNING id""",
        endpoint_id,
    )
    return switched is not None


@dataclass(frozen=True)
class StoredSecrets:
    endpoint_id: str
    secret: str
    previous_secret: str | None


async def lock_secrets(db: Executor, *, only_clear: bool, clear: str) -> list[StoredSecrets]:
    """The endpoints' stored secrets, locked until the transaction ends: every one, or
    with `only_clear` those matching the LIKE pattern `clear`."""
    rows = await db.fetch(
        """SELECT id, secret, previous_secret FROM webhook_endpoints
           WHERE NOT $1 OR secret LIKE $2 OR previous_secret LIKE $2
           FOR UPDATE""",
        only_clear,
        clear,
    )
    return [StoredSecrets(r["id"], r["secret"], r["previous_secret"]) for r in rows]


async def store_secrets(db: Executor, stored: StoredSecrets) -> None:
    await db.execute(
        "UPDATE webhook_endpoints SET secret = $2, previous_secret = $3 WHERE id = $1",
        stored.endpoint_id,
        stored.secret,
        stored.previous_secret,
    )


# ---- event streams: the outbox's other destinations (connector/streams/) ----------------


@dataclass(frozen=True)
class NewStream:
    id: str
    tenant_id: str | None  # None: installation-wide, owed every tenant's events
    kind: str  # 'amqp' | 'nats'
    url: str  # the broker URL without credentials, shown
    sealed_url: str  # with them, sealed
    target: str  # the NATS subject or the AMQP routing key
    exchange: str  # the AMQP exchange ('' the default exchange)
    event_types: list[str] | None


async def put_stream(db: Executor, new: NewStream) -> None:
    """Create the stream, or change it in place: its queue of owed events is kept."""
    await db.execute(
        """INSERT INTO webhook_endpoints (id, tenant_id, kind, url, secret, target, exchange,
                                          event_types)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (id) DO UPDATE SET
               kind = excluded.kind, url = excluded.url, secret = excluded.secret,
               target = excluded.target, exchange = excluded.exchange,
               event_types = excluded.event_types, enabled = true,
               disabled_reason = NULL, disabled_at = NULL, updated_at = now()""",
        new.id,
        new.tenant_id,
        new.kind,
        new.url,
        new.sealed_url,
        new.target,
        new.exchange,
        new.event_types,
    )


async def pause_installation_streams_except(db: Executor, keep: list[str]) -> int:
    """Switch off the installation-wide streams the settings no longer name: what they
    are owed waits (named again, they go on from there). Returns how many."""
    rows = await db.fetch(
        """UPDATE webhook_endpoints
           SET enabled = false, disabled_reason = 'by_request', disabled_at = now(),
               updated_at = now()
           WHERE tenant_id IS NULL AND enabled AND NOT (id = ANY ($1::text[]))
           RETURNING id""",
        keep,
    )
    return len(rows)


_STREAM_COLUMNS = """id, tenant_id, kind, url, target, exchange, event_types, enabled,
                     created_at, updated_at"""
_STREAM_SCOPED = "WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2) AND kind <> 'webhook'"


@dataclass(frozen=True)
class Stream:
    """A stream as the API shows it: never its sealed URL."""

    id: str
    tenant_id: str | None
    kind: str
    url: str  # without credentials
    target: str
    exchange: str
    event_types: tuple[str, ...] | None
    enabled: bool
    created_at: datetime
    updated_at: datetime


def _stream(row: asyncpg.Record) -> Stream:
    types = row["event_types"]
    return from_row(Stream, row, event_types=None if types is None else tuple(types))


async def tenant_streams(db: Executor, tenant_id: str) -> list[Stream]:
    rows = await db.fetch(
        f"""SELECT {_STREAM_COLUMNS} FROM webhook_endpoints
            WHERE tenant_id = $1 AND kind <> 'webhook' ORDER BY created_at, id""",
        tenant_id,
    )
    return [_stream(r) for r in rows]


async def get_stream(db: Executor, stream_id: str, tenant_id: str | None) -> Stream | None:
    row = await db.fetchrow(
        f"SELECT {_STREAM_COLUMNS} FROM webhook_endpoints {_STREAM_SCOPED}", stream_id, tenant_id
    )
    return None if row is None else _stream(row)


async def delete_stream(db: Executor, stream_id: str, tenant_id: str | None) -> bool:
    """Forget a tenant's stream and what it is still owed (installation-wide streams are
    the settings' to remove)."""
    deleted = await db.fetchval(
        f"DELETE FROM webhook_endpoints {_STREAM_SCOPED} AND tenant_id IS NOT NULL RETURNING id",
        stream_id,
        tenant_id,
    )
    return deleted is not None


async def count_tenant_streams(db: Executor, tenant_id: str) -> int:
    return int(
        await db.fetchval(
            "SELECT count(*) FROM webhook_endpoints WHERE tenant_id = $1 AND kind <> 'webhook'",
            tenant_id,
        )
    )
