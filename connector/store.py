"""The connector's PostgreSQL access: session rows, engine credentials, the message log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from wagate.sealing import Sealer


@dataclass(frozen=True)
class StoredSession:
    company_id: str
    state: str
    reason: str | None
    state_changed_at: datetime
    phone: str | None
    engine: str
    reconnect_attempts: int
    wanted: bool
    has_credentials: bool


@dataclass(frozen=True)
class LoggedSend:
    message_id: str
    sent_at: datetime | None  # None: not (known to be) sent yet


class Store:
    def __init__(self, pool: asyncpg.Pool, sealer: Sealer) -> None:
        self._pool = pool
        self._sealer = sealer

    async def ensure_session(self, company_id: str, default_engine: str) -> str:
        """The tenant's session row, made if missing, on the tenant's engine (or the
        default); returns the engine the session runs on."""
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO tenants (company_id) VALUES ($1) ON CONFLICT DO NOTHING", company_id
            )
            return str(
                await conn.fetchval(
                    """INSERT INTO sessions (company_id, state, engine)
                       SELECT $1, 'stopped', COALESCE(t.engine, $2)
                       FROM tenants t WHERE t.company_id = $1
                       ON CONFLICT (company_id) DO UPDATE SET wanted = true
                       RETURNING engine""",
                    company_id,
                    default_engine,
                )
            )

    async def save_state(
        self,
        conn: asyncpg.Connection,
        company_id: str,
        state: str,
        reason: str | None,
        changed_at: datetime,
        phone: str | None,
        reconnect_attempts: int,
    ) -> None:
        """In the caller's transaction: the state row changes with its event."""
        await conn.execute(
            """UPDATE sessions SET state = $2, reason = $3, state_changed_at = $4,
                   phone = $5, reconnect_attempts = $6
               WHERE company_id = $1""",
            company_id,
            state,
            reason,
            changed_at,
            phone,
            reconnect_attempts,
        )

    async def load_sessions(self) -> list[StoredSession]:
        rows = await self._pool.fetch(
            """SELECT s.*, (c.company_id IS NOT NULL) AS has_credentials
               FROM sessions s LEFT JOIN session_credentials c USING (company_id)
               ORDER BY s.company_id"""
        )
        return [
            StoredSession(
                company_id=r["company_id"],
                state=r["state"],
                reason=r["reason"],
                state_changed_at=r["state_changed_at"],
                phone=r["phone"],
                engine=r["engine"],
                reconnect_attempts=r["reconnect_attempts"],
                wanted=r["wanted"],
                has_credentials=r["has_credentials"],
            )
            for r in rows
        ]

    async def load_credentials(self, company_id: str) -> dict[str, Any] | None:
        row = await self._pool.fetchrow(
            "SELECT sealed, credentials FROM session_credentials WHERE company_id = $1",
            company_id,
        )
        if row is None:
            return None
        if row["sealed"] is not None:
            return self._sealer.open(row["sealed"])
        # a row from before sealing: seal it now, so plain credentials do not linger
        credentials = dict(json.loads(row["credentials"]))
        await self._write_credentials(company_id, None, credentials)
        return credentials

    async def save_credentials(
        self, company_id: str, engine: str, credentials: dict[str, Any]
    ) -> None:
        await self._write_credentials(company_id, engine, credentials)

    async def _write_credentials(
        self, company_id: str, engine: str | None, credentials: dict[str, Any]
    ) -> None:
        await self._pool.execute(
            """INSERT INTO session_credentials (company_id, engine, sealed, credentials)
               VALUES ($1, COALESCE($2, 'unknown'), $3, NULL)
               ON CONFLICT (company_id) DO UPDATE
                   SET engine = COALESCE($2, session_credentials.engine), sealed = $3,
                       credentials = NULL, updated_at = now()""",
            company_id,
            engine,
            self._sealer.seal(credentials),
        )

    async def reseal_all(self) -> int:
        """Re-seal every stored credential under the newest key (after a key rotation)."""
        count = 0
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                "SELECT company_id, sealed, credentials FROM session_credentials FOR UPDATE"
            )
            for row in rows:
                sealed = (
                    self._sealer.reseal(row["sealed"])
                    if row["sealed"] is not None
                    else self._sealer.seal(dict(json.loads(row["credentials"])))
                )
                await conn.execute(
                    """UPDATE session_credentials SET sealed = $2, credentials = NULL,
                       updated_at = now() WHERE company_id = $1""",
                    row["company_id"],
                    sealed,
                )
                count += 1
        return count

    async def set_wanted(self, company_id: str, wanted: bool) -> None:
        await self._pool.execute(
            "UPDATE sessions SET wanted = $2 WHERE company_id = $1", company_id, wanted
        )

    async def delete_session(self, company_id: str) -> None:
        """Forget the session and its credentials; the message log stays for audit."""
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("DELETE FROM session_credentials WHERE company_id = $1", company_id)
            await conn.execute("DELETE FROM sessions WHERE company_id = $1", company_id)

    async def wipe_credentials(self, company_id: str) -> None:
        await self._pool.execute(
            "DELETE FROM session_credentials WHERE company_id = $1", company_id
        )

    # ---- message log ----------------------------------------------------------------

    async def claim_send(
        self, company_id: str, command_id: str, peer: str, message_id: str
    ) -> LoggedSend:
        """The log entry for this command: new (with `message_id`), or the earlier one when
        the command is re-delivered, so the earlier message id is reused."""
        row = await self._pool.fetchrow(
            """INSERT INTO message_log (company_id, direction, command_id, message_id, peer, status)
               VALUES ($1, 'out', $2, $3, $4, 'pending')
               ON CONFLICT (command_id) DO UPDATE SET command_id = EXCLUDED.command_id
               RETURNING message_id, sent_at""",
            company_id,
            command_id,
            message_id,
            peer,
        )
        assert row is not None
        return LoggedSend(row["message_id"], row["sent_at"])

    async def finish_send(self, command_id: str, message_id: str, sent_at: datetime) -> None:
        """Sent: with the id WhatsApp knows it by (an engine that cannot send under the
        logged id reports its own), so a repeated command answers with the real one."""
        await self._pool.execute(
            """UPDATE message_log SET status = 'sent', message_id = $2, sent_at = $3
               WHERE command_id = $1""",
            command_id,
            message_id,
            sent_at,
        )

    async def forget_send(self, command_id: str) -> None:
        """The message certainly did not go out: the same command may be tried again."""
        await self._pool.execute(
            "DELETE FROM message_log WHERE command_id = $1 AND status = 'pending'", command_id
        )

    async def find_message(self, company_id: str, message_id: str) -> tuple[str, str] | None:
        """(direction, peer) of a message this tenant sent or received, or None."""
        row = await self._pool.fetchrow(
            """SELECT direction, peer FROM message_log
               WHERE company_id = $1 AND message_id = $2 AND (direction = 'in' OR status = 'sent')
               ORDER BY id DESC LIMIT 1""",
            company_id,
            message_id,
        )
        return None if row is None else (row["direction"], row["peer"])

    async def log_incoming(
        self, conn: asyncpg.Connection, company_id: str, message_id: str, peer: str, at: datetime
    ) -> bool:
        """Record an incoming message in the caller's transaction (the one that publishes
        its event); False if it was already recorded (the network re-sent it)."""
        inserted = await conn.fetchval(
            """INSERT INTO message_log (company_id, direction, message_id, peer, status, sent_at)
               VALUES ($1, 'in', $2, $3, 'received', $4)
               ON CONFLICT (company_id, message_id) WHERE direction = 'in' DO NOTHING
               RETURNING id""",
            company_id,
            message_id,
            peer,
            at,
        )
        return inserted is not None
