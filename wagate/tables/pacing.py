"""`tenant_pacing` and `chat_starts` (migration 020): how a tenant's sends are paced, and
the chats it started, counted against its caps (docs/pacing.md). The admin API sets the
settings (gateway/pacing_api.py); the connector reads them and counts (connector/pacing.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from wagate.tables import Executor


@dataclass(frozen=True)
class Pacing:
    new_chats_per_hour: int | None = None  # None: no cap
    new_chats_per_day: int | None = None
    typing: bool = False  # show composing before a send, for a time that grows with it
    jitter_ms: int = 0  # a random delay before a send, up to this

    @property
    def capped(self) -> bool:
        return self.new_chats_per_hour is not None or self.new_chats_per_day is not None


DEFAULT = Pacing()
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


async def get(db: Executor, tenant_id: str) -> Pacing:
    row = await db.fetchrow(
        """SELECT new_chats_per_hour, new_chats_per_day, typing, jitter_ms
           FROM tenant_pacing WHERE tenant_id = $1""",
        tenant_id,
    )
    return DEFAULT if row is None else Pacing(**dict(row))


async def put(db: Executor, tenant_id: str, pacing: Pacing) -> None:
    """The tenant's settings, all of them (the tenant's row exists)."""
    await db.execute(
        """INSERT INTO tenant_pacing (tenant_id, new_chats_per_hour, new_chats_per_day,
                                      typing, jitter_ms)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id) DO UPDATE SET
             new_chats_per_hour = EXCLUDED.new_chats_per_hour,
             new_chats_per_day = EXCLUDED.new_chats_per_day,
             typing = EXCLUDED.typing, jitter_ms = EXCLUDED.jitter_ms""",
        tenant_id,
        pacing.new_chats_per_hour,
        pacing.new_chats_per_day,
        pacing.typing,
        pacing.jitter_ms,
    )


async def started(db: Executor, tenant_id: str, chat: str) -> bool:
    """Whether a first message to `chat` was counted before."""
    return bool(
        await db.fetchval(
            "SELECT EXISTS (SELECT 1 FROM chat_starts WHERE tenant_id = $1 AND chat = $2)",
            tenant_id,
            chat,
        )
    )


async def starts_since(db: Executor, tenant_id: str, since: datetime) -> list[datetime]:
    """When the tenant started each chat since `since`, oldest first."""
    rows = await db.fetch(
        """SELECT started_at FROM chat_starts WHERE tenant_id = $1 AND started_at > $2
           ORDER BY started_at""",
        tenant_id,
        since,
    )
    return [row["started_at"] for row in rows]


async def add_start(db: Executor, tenant_id: str, chat: str, at: datetime) -> bool:
    """Record a chat started; False when it was already."""
    added = await db.fetchval(
        """INSERT INTO chat_starts (tenant_id, chat, started_at) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING true""",
        tenant_id,
        chat,
        at,
    )
    return bool(added)


async def remove_start(db: Executor, tenant_id: str, chat: str) -> None:
    await db.execute("DELETE FROM chat_starts WHERE tenant_id = $1 AND chat = $2", tenant_id, chat)


async def lock_starts(db: Executor, tenant_id: str) -> None:
    """Serialise counting and adding a tenant's chat starts until the transaction ends."""
    await db.execute("SELECT pg_advisory_xact_lock(hashtext('chat_starts:' || $1))", tenant_id)
