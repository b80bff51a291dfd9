"""`media`: every media blob wagate keeps or may fetch (migration 006). The connector
writes incoming rows (with their message), their downloads and the sweep; the gateway
writes outgoing rows (an upload waiting for its send) and reads rows to serve downloads.
The engine's `ref` is stored sealed: it holds the key that decrypts the file."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from wagate.tables import Executor

_COLUMNS = (
    "id, tenant_id, direction, message_id, kind, mimetype, size_bytes, sha256, caption, "
    "filename, duration_s, width, height, ref, blob_key, state, error, created_at, expires_at"
)


@dataclass(frozen=True)
class MediaRow:
    id: str
    tenant_id: str
    direction: str  # in | out
    kind: str
    mimetype: str
    expires_at: datetime
    message_id: str | None = None
    size_bytes: int = 0
    sha256: str = ""
    caption: str = ""
    filename: str = ""
    duration_s: int | None = None
    width: int | None = None
    height: int | None = None
    ref: str | None = None  # sealed
    blob_key: str | None = None
    state: str = "remote"  # remote | stored | failed
    error: str | None = None
    created_at: datetime | None = None


def new_id() -> str:
    return "med_" + secrets.token_hex(12)


def incoming_id(tenant_id: str, message_id: str) -> str:
    """The same id however often the network re-sends the message."""
    digest = hashlib.sha256(f"{tenant_id}\n{message_id}".encode()).hexdigest()
    return "med_" + digest[:24]


def outgoing_id(tenant_id: str, sha256: str) -> str:
    """An uploaded file's row: one per tenant and content, so a retried send of the same
    bytes names the same row (and its Idempotency-Key the same body)."""
    digest = hashlib.sha256(f"out\n{tenant_id}\n{sha256}".encode()).hexdigest()
    return "med_" + digest[:24]


async def keep_upload(db: Executor, row: MediaRow) -> str:
    """Record an uploaded file's blob, or extend the row of the same content uploaded
    before; returns the blob key the row names (the earlier one, if there was one: the
    caller deletes its own copy, the bytes being the same)."""
    key = await db.fetchval(
        f"""INSERT INTO media ({_COLUMNS})
            VALUES ($1, $2, 'out', NULL, $3, $4, $5, $6, '', '', NULL, NULL, NULL, NULL, $7,
                    'stored', NULL, now(), $8)
            ON CONFLICT (id) DO UPDATE SET expires_at = greatest(media.expires_at, $8)
            RETURNING blob_key""",
        row.id,
        row.tenant_id,
        row.kind,
        row.mimetype,
        row.size_bytes,
        row.sha256,
        row.blob_key,
        row.expires_at,
    )
    return str(key)


async def expire_by(db: Executor, media_id: str, at: datetime) -> None:
    """Bring a row's expiry forward (a sent upload: kept briefly for retries)."""
    await db.execute(
        "UPDATE media SET expires_at = least(expires_at, $2) WHERE id = $1", media_id, at
    )


async def add(db: Executor, row: MediaRow) -> None:
    """Insert; a row with the same id (a re-sent message) stays as it was."""
    await db.execute(
        f"""INSERT INTO media ({_COLUMNS})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                    $17, coalesce($18, now()), $19)
            ON CONFLICT (id) DO NOTHING""",
        row.id,
        row.tenant_id,
        row.direction,
        row.message_id,
        row.kind,
        row.mimetype,
        row.size_bytes,
        row.sha256,
        row.caption,
        row.filename,
        row.duration_s,
        row.width,
        row.height,
        row.ref,
        row.blob_key,
        row.state,
        row.error,
        row.created_at,
        row.expires_at,
    )


async def find(db: Executor, tenant_id: str, media_id: str) -> MediaRow | None:
    """The tenant's media row (another tenant's id: None, as if it did not exist)."""
    row = await db.fetchrow(
        f"SELECT {_COLUMNS} FROM media WHERE id = $1 AND tenant_id = $2", media_id, tenant_id
    )
    return MediaRow(**dict(row)) if row is not None else None


async def mark_stored(
    db: Executor, media_id: str, blob_key: str, size_bytes: int, sha256: str
) -> None:
    await db.execute(
        """UPDATE media SET state = 'stored', blob_key = $2, size_bytes = $3, sha256 = $4,
                            error = NULL
           WHERE id = $1""",
        media_id,
        blob_key,
        size_bytes,
        sha256,
    )


async def mark_failed(db: Executor, media_id: str, code: str) -> None:
    await db.execute(
        "UPDATE media SET state = 'failed', error = $2 WHERE id = $1 AND state <> 'stored'",
        media_id,
        code,
    )


async def delete(db: Executor, media_id: str) -> None:
    await db.execute("DELETE FROM media WHERE id = $1", media_id)


async def expired(db: Executor, now: datetime, limit: int) -> list[tuple[str, str | None]]:
    """(id, blob key) of media past its expiry, oldest first."""
    rows = await db.fetch(
        "SELECT id, blob_key FROM media WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2",
        now,
        limit,
    )
    return [(r["id"], r["blob_key"]) for r in rows]


async def of_tenant(db: Executor, tenant_id: str, limit: int) -> list[tuple[str, str | None]]:
    """(id, blob key) of up to `limit` of the tenant's media (a purge; rare, so no index)."""
    rows = await db.fetch(
        "SELECT id, blob_key FROM media WHERE tenant_id = $1 LIMIT $2", tenant_id, limit
    )
    return [(r["id"], r["blob_key"]) for r in rows]


async def owed_downloads(db: Executor, limit: int) -> list[MediaRow]:
    """Incoming media not downloaded yet, oldest first (an `arrival` connector's backlog)."""
    rows = await db.fetch(
        f"""SELECT {_COLUMNS} FROM media
            WHERE state = 'remote' AND direction = 'in' AND expires_at > now()
            ORDER BY created_at LIMIT $1""",
        limit,
    )
    return [MediaRow(**dict(r)) for r in rows]
