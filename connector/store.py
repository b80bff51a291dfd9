"""The connector's PostgreSQL access: session rows, engine credentials, the message log.
The statements of the tables the gateway also touches live in wagate/tables/; the
engine credentials (`session_credentials`) are the connector's alone and live here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

from connector.engine import ChatStateChanged, ContactNamed, EngineError
from connector.group_commit import GroupCommit, Pipeline
from connector.pacing import NEW_CHAT_LIMIT_REACHED, wait_for_start
from wagate.bus import Event
from wagate.sealing import Sealer, SealError
from wagate.tables import (
    contacts,
    event_quarantine,
    message_log,
    message_store,
    pacing,
    polls,
    sessions,
    tenant_calls,
    tenants,
)
from wagate.tables.message_log import LoggedMessage, LoggedSend, SendClaim
from wagate.tables.pacing import Pacing
from wagate.tables.sessions import StoredSession

__all__ = ["Dialing", "LoggedSend", "Store", "StoredSession"]


@dataclass(frozen=True)
class Dialing:
    """What a session's connection starts with, read before it connects."""

    credentials: dict[str, Any] | None  # None: none yet, it pairs
    online: bool  # marked available at WhatsApp on connect
    history: str  # how much history the phone sends, said when pairing
    proxy: str | None  # the tenant's proxy URL, opened; None: directly
    proxy_unreadable: str | None = None  # why no key opens its proxy: it must not connect


class Store:
    def __init__(self, pool: asyncpg.Pool, sealer: Sealer) -> None:
        self._pool = pool
        self._sealer = sealer
        # the sessions' sends in flight together share their claims' round trips, and
        # their finishes' (connector/group_commit.py)
        self._claims = GroupCommit(self._claim_one, self._claim_many)
        self._writes = Pipeline(pool)

    async def ensure_session(self, tenant_id: str, default_engine: str) -> str:
        """The tenant's session row, made if missing, on the tenant's engine (or the
        default); returns the engine the session runs on."""
        async with self._pool.acquire() as conn, conn.transaction():
            return await sessions.ensure_session(conn, tenant_id, default_engine)

    async def save_state(
        self,
        conn: asyncpg.Connection,
        tenant_id: str,
        state: str,
        reason: str | None,
        changed_at: datetime,
        phone: str | None,
        reconnect_attempts: int,
    ) -> None:
        """In the caller's transaction: the state row changes with its event."""
        await sessions.save_state(
            conn, tenant_id, state, reason, changed_at, phone, reconnect_attempts
        )

    async def load_sessions(self) -> list[StoredSession]:
        return await sessions.load_all(self._pool)

    async def load_credentials(self, tenant_id: str) -> dict[str, Any] | None:
        row = await self._pool.fetchrow(
            "SELECT sealed, credentials FROM session_credentials WHERE tenant_id = $1",
            tenant_id,
        )
        if row is None:
            return None
        if row["sealed"] is not None:
            return self._sealer.open(row["sealed"])
        # a row from before sealing: seal it now, so plain credentials do not linger
        credentials = dict(json.loads(row["credentials"]))
        await self._write_credentials(tenant_id, None, credentials)
        return credentials

    async def dialing(self, tenant_id: str) -> Dialing:
        """What the session's next connection needs, read for it alone."""
        credentials = await self.load_credentials(tenant_id)
        # how much history the phone sends is said when pairing, and only then
        history = "all" if credentials else await self.history_sync(tenant_id)
        online = await self.marks_online(tenant_id)
        try:
            proxy, unreadable = await self.proxy(tenant_id), None
        except SealError as e:
            proxy, unreadable = None, str(e)
        return Dialing(credentials, online, history, proxy, unreadable)

    async def dialings(self, tenant_ids: list[str]) -> dict[str, Dialing]:
        """What each of these sessions' next connection needs, read in one statement (a
        restore connects thousands: three reads each were most of what one cost). A
        session left out (no credentials, plain ones from before sealing, or credentials
        no key opens) reads its own when it connects, as a session otherwise does."""
        found: dict[str, Dialing] = {}
        for row in await sessions.dialings(self._pool, tenant_ids):
            if row.sealed is None:
                continue
            try:
                credentials = self._sealer.open(row.sealed)
            except SealError:
                continue
            proxy, unreadable = self._opened_proxy(row.proxy_sealed)
            found[row.tenant_id] = Dialing(credentials, row.mark_online, "all", proxy, unreadable)
        return found

    def _opened_proxy(self, sealed: str | None) -> tuple[str | None, str | None]:
        """(the proxy URL, None), or (None, why) when no key opens it."""
        try:
            return (None if sealed is None else self._sealer.open_text(sealed)), None
        except SealError as e:
            return None, str(e)

    async def save_credentials(
        self, tenant_id: str, engine: str, credentials: dict[str, Any]
    ) -> None:
        await self._write_credentials(tenant_id, engine, credentials)

    async def _write_credentials(
        self, tenant_id: str, engine: str | None, credentials: dict[str, Any]
    ) -> None:
        await self._pool.execute(
            """INSERT INTO session_credentials (tenant_id, engine, sealed, credentials)
               VALUES ($1, COALESCE($2, 'unknown'), $3, NULL)
               ON CONFLICT (tenant_id) DO UPDATE
                   SET engine = COALESCE($2, session_credentials.engine), sealed = $3,
                       credentials = NULL, updated_at = now()""",
            tenant_id,
            engine,
            self._sealer.seal(credentials),
        )

    async def reseal_all(self) -> int:
        """Re-seal every stored credential under the newest key (after a key rotation)."""
        count = 0
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                "SELECT tenant_id, sealed, credentials FROM session_credentials FOR UPDATE"
            )
            for row in rows:
                sealed = (
                    self._sealer.reseal(row["sealed"])
                    if row["sealed"] is not None
                    else self._sealer.seal(dict(json.loads(row["credentials"])))
                )
                await conn.execute(
                    """UPDATE session_credentials SET sealed = $2, credentials = NULL,
                       updated_at = now() WHERE tenant_id = $1""",
                    row["tenant_id"],
                    sealed,
                )
                count += 1
        return count

    async def set_wanted(self, tenant_id: str, wanted: bool) -> None:
        await sessions.set_wanted(self._pool, tenant_id, wanted)

    async def delete_session(self, tenant_id: str) -> None:
        """Forget the session and its credentials; the message log stays for audit."""
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("DELETE FROM session_credentials WHERE tenant_id = $1", tenant_id)
            await sessions.delete_session(conn, tenant_id)

    async def wipe_credentials(self, tenant_id: str) -> None:
        await self._pool.execute("DELETE FROM session_credentials WHERE tenant_id = $1", tenant_id)

    # ---- message log (wagate/tables/message_log.py) -----------------------------------

    async def claim_send(
        self, tenant_id: str, command_id: str, chat: str, message_id: str
    ) -> LoggedSend:
        return await self._claims(SendClaim(tenant_id, command_id, chat, message_id))

    async def _claim_one(self, claim: SendClaim) -> LoggedSend:
        return await message_log.claim_send(
            self._pool, claim.tenant_id, claim.command_id, claim.chat, claim.message_id
        )

    async def _claim_many(self, claims: Sequence[SendClaim]) -> list[LoggedSend]:
        return await message_log.claim_sends(self._pool, claims)

    async def finish_send(
        self,
        command_id: str,
        message_id: str,
        sent_at: datetime,
        stored: message_store.Change | None = None,
    ) -> None:
        """Sent; `stored`: what the message store keeps of it, in the same transaction (a
        new message's, the common case, in the same statement)."""
        if stored is None:
            await message_log.finish_send(self._pool, command_id, message_id, sent_at)
            return
        if isinstance(stored, message_store.NewMessage):
            finished = message_log.finished_send(command_id, message_id, sent_at)
            await self._writes.fetchrow(message_store.adding(stored, (finished,)))
            return
        async with self._pool.acquire() as conn, conn.transaction():
            await message_log.finish_send(conn, command_id, message_id, sent_at)
            await message_store.apply(conn, stored)

    async def forget_send(self, command_id: str) -> None:
        await message_log.forget_send(self._pool, command_id)

    async def find_message(self, tenant_id: str, message_id: str) -> tuple[str, str] | None:
        return await message_log.find_message(self._pool, tenant_id, message_id)

    async def log_incoming(
        self,
        conn: asyncpg.Connection,
        tenant_id: str,
        message_id: str,
        peer: str,
        at: datetime,
        author: str | None = None,
    ) -> bool:
        """In the caller's transaction (the one that publishes its event)."""
        return await message_log.log_incoming(conn, tenant_id, message_id, peer, at, author=author)

    async def log_incoming_all(
        self,
        conn: asyncpg.Connection,
        tenant_id: str,
        messages: list[tuple[str, str, datetime, str | None]],
    ) -> set[str]:
        """`log_incoming` of many (id, peer, time, author); the ids new to the log."""
        return await message_log.log_incoming_all(conn, tenant_id, messages)

    # ---- messaging ----------------------------------------------------------

    async def logged_message(self, tenant_id: str, message_id: str) -> LoggedMessage | None:
        return await message_log.logged_message(self._pool, tenant_id, message_id)

    async def unread_up_to(
        self, tenant_id: str, peer: str, message_id: str, limit: int
    ) -> list[tuple[str, str]] | None:
        return await message_log.unread_up_to(self._pool, tenant_id, peer, message_id, limit)

    async def incoming_of(
        self, tenant_id: str, peer: str, message_ids: list[str]
    ) -> list[tuple[str, str]]:
        return await message_log.incoming_of(self._pool, tenant_id, peer, message_ids)

    async def log_incoming_action(
        self, conn: asyncpg.Connection, tenant_id: str, message_id: str, peer: str, at: datetime
    ) -> bool:
        """In the caller's transaction (the one that publishes its event)."""
        return await message_log.log_incoming_action(conn, tenant_id, message_id, peer, at)

    async def mark_read(self, tenant_id: str, chat: str, message_ids: list[str]) -> None:
        """The log's marks and the stored messages' status and chat's unread count."""
        async with self._pool.acquire() as conn, conn.transaction():
            await message_log.mark_read(conn, tenant_id, message_ids)
            await message_store.mark_read(conn, tenant_id, chat, message_ids)

    # ---- message store (wagate/tables/message_store.py) ---------------------------------

    async def message_store_mode(self, tenant_id: str) -> str:
        return await tenants.message_store(self._pool, tenant_id)

    async def store_change(self, conn: asyncpg.Connection, change: message_store.Change) -> None:
        """In the caller's transaction (the one that records the message or its event)."""
        await message_store.apply(conn, change)

    async def store_new(
        self, conn: asyncpg.Connection, messages: list[message_store.NewMessage]
    ) -> None:
        """In the caller's transaction (the one that records the messages)."""
        await message_store.add_each(conn, messages)

    async def store_messages(self, messages: list[message_store.NewMessage]) -> int:
        """In one transaction of their own (a history batch); how many were new."""
        async with self._pool.acquire() as conn, conn.transaction():
            return await message_store.add_all(conn, messages)

    async def history_sync(self, tenant_id: str) -> str:
        return await tenants.history_sync(self._pool, tenant_id)

    async def contacts_seen(self, conn: asyncpg.Connection, people: list[contacts.Seen]) -> None:
        """In the caller's transaction (the one that stores the messages that named them)."""
        await contacts.seen_all(conn, people)

    async def group_named(self, conn: asyncpg.Connection, named: contacts.GroupNamed) -> None:
        """In the caller's transaction (the one that publishes the group update)."""
        await contacts.group_named(conn, named)

    async def set_chat_state(self, tenant_id: str, change: ChatStateChanged) -> bool:
        """A chat's app state as the account now shows it; False: no such stored chat."""
        ms = change.muted_until_ms
        until = datetime.fromtimestamp(ms / 1000, UTC) if ms else None  # 0: forever
        return await message_store.set_chat_state(
            self._pool, tenant_id, change.chat, change.state, change.on, until
        )

    async def contact_named(self, tenant_id: str, named: ContactNamed) -> None:
        who = named.phone or named.lid
        await contacts.named(self._pool, tenant_id, who, named.lid, named.name)

    async def group_named_now(self, named: contacts.GroupNamed) -> None:
        await contacts.group_named(self._pool, named)

    async def wants_presence(self, tenant_id: str) -> bool:
        return await tenants.presence_events(self._pool, tenant_id)

    async def marks_online(self, tenant_id: str) -> bool:
        return await tenants.mark_online(self._pool, tenant_id)

    async def proxy(self, tenant_id: str) -> str | None:
        """The tenant's proxy URL, opened (credentials and all); None: connect directly.
        SealError when no key opens it."""
        sealed = await tenants.sealed_proxy(self._pool, tenant_id)
        return None if sealed is None else self._sealer.open_text(sealed)

    async def reseal_proxies(self) -> int:
        """Every stored proxy URL under the newest key; how many there were."""
        async with self._pool.acquire() as conn, conn.transaction():
            stored = await tenants.lock_sealed_proxies(conn)
            for tenant_id, sealed in stored:
                await tenants.store_sealed_proxy(conn, tenant_id, self._sealer.reseal(sealed))
        return len(stored)

    async def call_answering(self, tenant_id: str) -> tenant_calls.CallAnswering:
        return await tenant_calls.get(self._pool, tenant_id)

    async def pacing_of(self, tenant_id: str) -> Pacing:
        return await pacing.get(self._pool, tenant_id)

    async def start_chat(
        self, tenant_id: str, chat: str, command_id: str, now: datetime, caps: Pacing
    ) -> bool:
        """Count a first message to `chat` against the tenant's caps, one count at a time:
        False for a chat not new; True when started now; EngineError over a cap."""
        async with self._pool.acquire() as conn, conn.transaction():
            await pacing.lock_starts(conn, tenant_id)
            if await pacing.started(conn, tenant_id, chat) or await message_log.has_peer(
                conn, tenant_id, chat, command_id
            ):
                return False
            wait = wait_for_start(
                caps, await pacing.starts_since(conn, tenant_id, now - pacing.DAY), now
            )
            if wait is not None:
                raise EngineError(
                    NEW_CHAT_LIMIT_REACHED,
                    "the tenant started as many new chats as its pacing allows for now",
                    wait,
                )
            return await pacing.add_start(conn, tenant_id, chat, now)

    async def unstart_chat(self, tenant_id: str, chat: str) -> None:
        await pacing.remove_start(self._pool, tenant_id, chat)

    async def save_poll(self, tenant_id: str, poll_id: str, options: list[str]) -> None:
        await polls.save(self._pool, tenant_id, poll_id, options)

    async def poll_options(self, tenant_id: str, poll_id: str) -> list[str] | None:
        return await polls.options(self._pool, tenant_id, poll_id)

    # ---- events set aside (wagate/tables/event_quarantine.py) ---------------------------

    async def set_aside(
        self, conn: asyncpg.Connection, event: Event, error: str, tries: int
    ) -> bool:
        """In the caller's transaction (the one that publishes its `error` event); False
        when the event was set aside before."""
        return await event_quarantine.add(conn, event, error, tries)
