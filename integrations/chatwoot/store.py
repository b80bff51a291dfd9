"""Every statement on the bridge's tables (chatwoot_chats, chatwoot_jobs,
chatwoot_messages; wagate/migrations/017_chatwoot_bridge.sql)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import asyncpg

TO_CHATWOOT, TO_WHATSAPP = "to_chatwoot", "to_whatsapp"


@dataclass(frozen=True)
class ChatLink:
    chat: str
    contact_id: int
    source_id: str
    conversation_id: int


@dataclass(frozen=True)
class Job:
    seq: int
    key: str
    payload: dict[str, Any]
    attempts: int


class BridgeStore:
    def __init__(self, pool: asyncpg.Pool, company_id: str) -> None:
        self._pool = pool
        self._company = company_id

    async def enqueue(self, direction: str, key: str, payload: dict[str, Any]) -> bool:
        """Queue a job; False when one with this key was queued before (a redelivery)."""
        seq = await self._pool.fetchval(
            """INSERT INTO chatwoot_jobs (company_id, direction, key, payload)
               VALUES ($1, $2, $3, $4::jsonb)
               ON CONFLICT (company_id, direction, key) DO NOTHING RETURNING seq""",
            self._company,
            direction,
            key,
            json.dumps(payload),
        )
        return seq is not None

    async def next_job(self, direction: str) -> tuple[Job | None, float]:
        """The oldest pending job of a direction if it is due, else the seconds until it
        is (jobs go in order: a later one never overtakes one waiting for its retry)."""
        row = await self._pool.fetchrow(
            """SELECT seq, key, payload, attempts,
                      GREATEST(0, EXTRACT(EPOCH FROM next_attempt_at - now()))::float8 AS wait
                 FROM chatwoot_jobs
                WHERE company_id = $1 AND direction = $2 AND status = 'pending'
                ORDER BY seq LIMIT 1""",
            self._company,
            direction,
        )
        if row is None:
            return None, float("inf")
        if row["wait"] > 0:
            return None, float(row["wait"])
        return Job(row["seq"], row["key"], json.loads(row["payload"]), row["attempts"]), 0.0

    async def retry_later(self, seq: int, delay_s: float, error: str) -> None:
        await self._pool.execute(
            """UPDATE chatwoot_jobs SET attempts = attempts + 1, last_error = $2,
                      next_attempt_at = now() + make_interval(secs => $3)
                WHERE seq = $1""",
            seq,
            error[:500],
            delay_s,
        )

    async def finish(
        self, seq: int, direction: str, links: list[tuple[str, int]], error: str | None = None
    ) -> None:
        """The job done (or refused for good, with `error`), with the message ids it linked
        (WhatsApp id, Chatwoot id), in one transaction."""
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.executemany(
                """INSERT INTO chatwoot_messages
                       (company_id, wa_message_id, chatwoot_message_id, direction)
                   VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""",
                [(self._company, wa, cw, direction) for wa, cw in links],
            )
            await conn.execute(
                """UPDATE chatwoot_jobs SET status = $2, last_error = $3,
                          attempts = attempts + 1 WHERE seq = $1""",
                seq,
                "failed" if error else "done",
                error,
            )

    async def bridged(self, chatwoot_message_id: int) -> bool:
        """Whether the bridge itself posted this Chatwoot message (a WhatsApp message in)."""
        found = await self._pool.fetchval(
            """SELECT 1 FROM chatwoot_messages
                WHERE company_id = $1 AND chatwoot_message_id = $2 AND direction = $3""",
            self._company,
            chatwoot_message_id,
            TO_CHATWOOT,
        )
        return found is not None

    async def link_of_chat(self, chat: str) -> ChatLink | None:
        row = await self._pool.fetchrow(
            """SELECT chat, contact_id, source_id, conversation_id FROM chatwoot_chats
                WHERE company_id = $1 AND chat = $2""",
            self._company,
            chat,
        )
        return ChatLink(**dict(row)) if row else None

    async def chat_of_conversation(self, conversation_id: int) -> str | None:
        chat: str | None = await self._pool.fetchval(
            """SELECT chat FROM chatwoot_chats
                WHERE company_id = $1 AND conversation_id = $2""",
            self._company,
            conversation_id,
        )
        return chat

    async def save_link(self, link: ChatLink) -> None:
        await self._pool.execute(
            """INSERT INTO chatwoot_chats
                   (company_id, chat, contact_id, source_id, conversation_id)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (company_id, chat) DO UPDATE SET contact_id = $3,
                   source_id = $4, conversation_id = $5""",
            self._company,
            link.chat,
            link.contact_id,
            link.source_id,
            link.conversation_id,
        )

    async def forget_link(self, link: ChatLink) -> None:
        """The chat's conversation is gone from Chatwoot: not remembered any more (unless
        another conversation was linked meanwhile)."""
        await self._pool.execute(
            """DELETE FROM chatwoot_chats
                WHERE company_id = $1 AND chat = $2 AND conversation_id = $3""",
            self._company,
            link.chat,
            link.conversation_id,
        )

    async def prune(self, days: int) -> int:
        """Drop done and failed jobs, and message links, older than `days` (a redelivery
        older than that is not expected: wagate keeps deliveries 30 days by default)."""
        async with self._pool.acquire() as conn, conn.transaction():
            jobs = await conn.fetchval(
                """WITH gone AS (DELETE FROM chatwoot_jobs
                     WHERE company_id = $1 AND status <> 'pending'
                       AND created_at < now() - make_interval(days => $2) RETURNING 1)
                   SELECT count(*) FROM gone""",
                self._company,
                days,
            )
            await conn.execute(
                """DELETE FROM chatwoot_messages
                    WHERE company_id = $1 AND created_at < now() - make_interval(days => $2)""",
                self._company,
                days,
            )
        return int(jobs)

    async def counts(self) -> dict[str, int]:
        """Jobs by status, for the bridge's health answer."""
        rows = await self._pool.fetch(
            """SELECT status, count(*) AS n FROM chatwoot_jobs
                WHERE company_id = $1 GROUP BY status""",
            self._company,
        )
        return {r["status"]: int(r["n"]) for r in rows}
