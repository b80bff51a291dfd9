"""`stored_messages` and `chats`: the message store (docs/conversations.md). The connector
writes them in the transaction of the event or send that brings each change, so a message
is stored once and in step with what the tenant was told; the gateway reads them as
`wagate_reader` with its tenant set (`as_tenant`), under the tables' row-level security;
the retention sweep and a purge delete in batches."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

from wagate.tables import Executor, Part, with_parts

PREVIEW_CHARS = 200
# a receipt never moves a message's status back (a late "delivered" after "read")
_STATUS_RANK = "ARRAY['sent', 'delivered', 'read', 'played']"


@dataclass(frozen=True)
class NewMessage:
    tenant_id: str
    chat: str
    message_id: str
    direction: str  # in | out
    sender: str  # the author's number; "" for the tenant's own
    kind: str
    body: str | None  # None: metadata only
    sent_at: datetime
    content: dict[str, Any] | None = None
    media: dict[str, Any] | None = None
    quoted_id: str | None = None
    # counts toward the chat's unread messages when incoming; a history sync's do not
    # (the phone's owner saw them long ago)
    unread: bool = True

    @property
    def chat_kind(self) -> str:
        return "group" if self.chat.endswith("@g.us") else "person"


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


async def add(db: Executor, m: NewMessage, *, with_: tuple[Part, ...] = ()) -> bool:
    """Store a message and bring its chat up to date, in one statement (with the writes
    `with_`, in the same one); False when it was stored before (a redelivery, a history
    sync of a message that came live)."""
    sql, args = adding(m, with_)
    return bool(await db.fetchval(sql, *args))


def adding(m: NewMessage, with_: tuple[Part, ...] = ()) -> tuple[str, tuple[Any, ...]]:
    """`add`'s statement and arguments, for a caller that runs it itself: one row, whose
    one column is 1 when the message is new."""
    return with_parts(_ADD, _add_args(m), with_)


_ADD = f"""WITH m AS (
              INSERT INTO stored_messages (tenant_id, chat, message_id, direction, sender,
                  kind, body, content, media, quoted_id, sent_at, status)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11,
                      CASE WHEN $4 = 'in' THEN 'received' ELSE 'sent' END)
              ON CONFLICT (tenant_id, chat, message_id) DO NOTHING
              RETURNING tenant_id, chat, message_id, kind, direction, body, sent_at),
            c AS (
              INSERT INTO chats AS c (tenant_id, chat, kind, last_at, last_message_id,
                  last_kind, last_direction, preview, unread)
              SELECT tenant_id, chat, $12, sent_at, message_id, kind, direction,
                     left(body, {PREVIEW_CHARS}),
                     CASE WHEN direction = 'in' AND $13 THEN 1 ELSE 0 END
              FROM m
              ON CONFLICT (tenant_id, chat) DO UPDATE SET
                unread = c.unread + EXCLUDED.unread,
                last_at = GREATEST(c.last_at, EXCLUDED.last_at),
                last_message_id = CASE WHEN EXCLUDED.last_at >= c.last_at
                    THEN EXCLUDED.last_message_id ELSE c.last_message_id END,
                last_kind = CASE WHEN EXCLUDED.last_at >= c.last_at
                    THEN EXCLUDED.last_kind ELSE c.last_kind END,
                last_direction = CASE WHEN EXCLUDED.last_at >= c.last_at
                    THEN EXCLUDED.last_direction ELSE c.last_direction END,
                preview = CASE WHEN EXCLUDED.last_at >= c.last_at
                    THEN EXCLUDED.preview ELSE c.preview END
              RETURNING 1)
           SELECT count(*) FROM m"""


def _add_args(m: NewMessage) -> tuple[object, ...]:
    return (
        m.tenant_id,
        m.chat,
        m.message_id,
        m.direction,
        m.sender,
        m.kind,
        m.body,
        _json(m.content),
        _json(m.media),
        m.quoted_id,
        m.sent_at,
        m.chat_kind,
        m.unread,
    )


async def add_each(db: Executor, messages: list[NewMessage]) -> None:
    """`add` each, in the caller's transaction, in one round trip (the statements are
    pipelined); how many were new is not told."""
    await db.executemany(_ADD, [_add_args(m) for m in messages])


async def add_all(db: Executor, messages: list[NewMessage]) -> int:
    """`add` each, in the caller's transaction; how many were new."""
    return sum([await add(db, m) for m in messages])


# after a statement `m` that changed a message's body: the chat's preview follows when
# that message is the chat's last
_PREVIEW_FOLLOWS = f"""UPDATE chats c SET preview = left(m.body, {PREVIEW_CHARS}) FROM m
           WHERE c.tenant_id = m.tenant_id AND c.chat = m.chat
             AND c.last_message_id = m.message_id"""


async def edit(
    db: Executor, tenant_id: str, chat: str, message_id: str, text: str | None, at: datetime
) -> None:
    """The message's latest text, its earlier one kept in its edit history (`text` None:
    metadata only, the edit's time alone is kept); the chat's preview follows."""
    await db.execute(
        f"""WITH m AS (
              UPDATE stored_messages SET
                edits = edits || jsonb_build_array(
                    jsonb_strip_nulls(jsonb_build_object('text', body, 'at', $5::timestamptz))),
                body = $4, edited_at = $5
              WHERE tenant_id = $1 AND chat = $2 AND message_id = $3 AND revoked_at IS NULL
              RETURNING tenant_id, chat, message_id, body)
           {_PREVIEW_FOLLOWS}""",
        tenant_id,
        chat,
        message_id,
        text,
        at,
    )


async def revoke(db: Executor, tenant_id: str, chat: str, message_id: str, at: datetime) -> None:
    """Deleted for everyone: a tombstone keeps who, when and what kind, never the words."""
    await db.execute(
        f"""WITH m AS (
              UPDATE stored_messages SET revoked_at = $4, body = NULL, content = NULL,
                  edits = '[]', votes = NULL
              WHERE tenant_id = $1 AND chat = $2 AND message_id = $3
              RETURNING tenant_id, chat, message_id, body)
           {_PREVIEW_FOLLOWS}""",
        tenant_id,
        chat,
        message_id,
        at,
    )


async def react(
    db: Executor, tenant_id: str, chat: str, message_id: str, reactor: str, emoji: str
) -> None:
    """One reaction per reactor, as WhatsApp shows them; "" takes it back."""
    await db.execute(
        """UPDATE stored_messages SET reactions = CASE WHEN $5 = '' THEN reactions - $4
                  ELSE reactions || jsonb_build_object($4::text, $5::text) END
           WHERE tenant_id = $1 AND chat = $2 AND message_id = $3""",
        tenant_id,
        chat,
        message_id,
        reactor,
        emoji,
    )


async def vote(
    db: Executor, tenant_id: str, chat: str, poll_id: str, voter: str, options: list[str]
) -> None:
    """A voter's current choice replaces their earlier one ([]: withdrawn)."""
    await db.execute(
        """UPDATE stored_messages SET votes = CASE WHEN cardinality($5::text[]) = 0
                  THEN coalesce(votes, '{}') - $4
                  ELSE coalesce(votes, '{}') || jsonb_build_object($4::text, to_jsonb($5::text[]))
                  END
           WHERE tenant_id = $1 AND chat = $2 AND message_id = $3 AND revoked_at IS NULL""",
        tenant_id,
        chat,
        poll_id,
        voter,
        options,
    )


async def receipt(db: Executor, tenant_id: str, message_id: str, status: str, at: datetime) -> None:
    """`receipted` on its own."""
    part = receipted(Receipted(tenant_id, message_id, status, at))
    await db.execute(part.sql, *part.args)


def receipted(r: Receipted) -> Part:
    """A receipt for a message the tenant sent: kept in its history; its status moves on."""
    return Part(
        f"""UPDATE stored_messages SET
              statuses = statuses || jsonb_build_array(jsonb_build_object(
                  'status', $3::text, 'at', $4::timestamptz)),
              status = CASE WHEN array_position({_STATUS_RANK}, $3::text)
                                 > coalesce(array_position({_STATUS_RANK}, status), 0)
                            THEN $3 ELSE status END
           WHERE tenant_id = $1 AND message_id = $2 AND direction = 'out'""",
        (r.tenant_id, r.message_id, r.status, r.at),
    )


async def mark_read(db: Executor, tenant_id: str, chat: str, message_ids: list[str]) -> None:
    """Read marks sent through the API: the messages are read, the chat's unread count
    falls by as many as were unread, and a mark "unread" set by hand is gone (as on the
    phone, where opening the chat clears it)."""
    await db.execute(
        """WITH m AS (
              UPDATE stored_messages SET status = 'read'
              WHERE tenant_id = $1 AND chat = $2 AND message_id = ANY($3::text[])
                AND direction = 'in' AND status = 'received'
              RETURNING 1)
           UPDATE chats SET unread = greatest(unread - (SELECT count(*) FROM m), 0),
               marked_unread = false
           WHERE tenant_id = $1 AND chat = $2""",
        tenant_id,
        chat,
        message_ids,
    )


# a mute with no end: stored as 'infinity' (asyncpg's encoding of this), which asyncpg
# reads back as a naive datetime.max (`_chat` makes it this again)
MUTED_FOREVER = datetime.max.replace(tzinfo=UTC)


async def set_chat_state(
    db: Executor, tenant_id: str, chat: str, state: str, on: bool, muted_until: datetime | None
) -> bool:
    """Archive, pin, mute (until `muted_until`; None: forever) or mark a chat unread, or
    undo it (`state`: bus CHAT_STATES); False when the store has no such chat. Archiving
    unpins, as WhatsApp does (its archive patch carries the unpin)."""
    changed = await db.fetchval(
        """UPDATE chats SET
             archived = CASE WHEN $3 = 'archived' THEN $4 ELSE archived END,
             pinned = CASE WHEN $3 = 'pinned' THEN $4
                           WHEN $3 = 'archived' AND $4 THEN false ELSE pinned END,
             muted_until = CASE WHEN $3 <> 'muted' THEN muted_until
                                WHEN $4 THEN $5::timestamptz END,
             marked_unread = CASE WHEN $3 = 'unread' THEN $4 ELSE marked_unread END
           WHERE tenant_id = $1 AND chat = $2
           RETURNING 1""",
        tenant_id,
        chat,
        state,
        on,
        MUTED_FOREVER if muted_until is None else muted_until,
    )
    return changed is not None


@dataclass(frozen=True)
class Edited:
    tenant_id: str
    chat: str
    message_id: str
    text: str | None  # None: metadata only
    at: datetime


@dataclass(frozen=True)
class Revoked:
    tenant_id: str
    chat: str
    message_id: str
    at: datetime


@dataclass(frozen=True)
class Reacted:
    tenant_id: str
    chat: str
    message_id: str
    reactor: str
    emoji: str  # "": taken back


@dataclass(frozen=True)
class Voted:
    tenant_id: str
    chat: str
    poll_id: str
    voter: str
    options: list[str]


@dataclass(frozen=True)
class Receipted:
    tenant_id: str
    message_id: str
    status: str
    at: datetime


# one change to the store, as the connector's ingest and send paths make them
Change = NewMessage | Edited | Revoked | Reacted | Voted | Receipted


async def apply(db: Executor, change: Change) -> None:
    match change:
        case NewMessage():
            await add(db, change)
        case Edited(tenant_id, chat, message_id, text, at):
            await edit(db, tenant_id, chat, message_id, text, at)
        case Revoked(tenant_id, chat, message_id, at):
            await revoke(db, tenant_id, chat, message_id, at)
        case Reacted(tenant_id, chat, message_id, reactor, emoji):
            await react(db, tenant_id, chat, message_id, reactor, emoji)
        case Voted(tenant_id, chat, poll_id, voter, options):
            await vote(db, tenant_id, chat, poll_id, voter, options)
        case Receipted(tenant_id, message_id, status, at):
            await receipt(db, tenant_id, message_id, status, at)


# ---- reading (the gateway, as wagate_reader) ----------------------------------------


async def as_tenant(conn: asyncpg.Connection, tenant_id: str) -> None:
    """For the rest of the caller's transaction, row-level security lets this connection
    see `tenant_id`'s rows and no others. Statements are planned for this tenant each
    time: a prepared statement's generic plan fits a typical tenant and costs a big one
    a scan of all its rows (a search took 130 ms instead of 10 for a tenant of 100,000
    messages among 1,000 of 1,000: bench/message_store.py)."""
    await conn.execute(
        "SELECT set_config('role', 'wagate_reader', true), "
        "set_config('wagate.tenant_id', $1, true), "
        "set_config('plan_cache_mode', 'force_custom_plan', true)",
        tenant_id,
    )


@dataclass(frozen=True)
class Chat:
    chat: str
    kind: str
    name: str | None
    last_at: datetime
    last_message_id: str
    last_kind: str
    last_direction: str
    preview: str | None
    unread: int
    archived: bool
    pinned: bool
    muted_until: datetime | None  # MUTED_FOREVER: no end
    marked_unread: bool


@dataclass(frozen=True)
class StoredMessage:
    id: int  # the store's own order, for cursors
    chat: str
    message_id: str
    direction: str
    sender: str
    kind: str
    body: str | None
    content: Any
    media: Any
    quoted_id: str | None
    sent_at: datetime
    edited_at: datetime | None
    edits: Any
    revoked_at: datetime | None
    reactions: Any
    votes: Any
    status: str
    statuses: Any


_CHAT_COLUMNS = """chat, kind, name, last_at, last_message_id, last_kind, last_direction,
                   preview, unread, archived, pinned, muted_until, marked_unread"""
_MESSAGE_COLUMNS = """id, chat, message_id, direction, sender, kind, body, content, media,
                      quoted_id, sent_at, edited_at, edits, revoked_at, reactions, votes,
                      status, statuses"""
_JSON_COLUMNS = ("content", "media", "edits", "reactions", "votes", "statuses")


def _chat(row: asyncpg.Record) -> Chat:
    values = dict(row.items())
    muted = values["muted_until"]
    if muted is not None and muted.tzinfo is None:  # 'infinity'
        values["muted_until"] = MUTED_FOREVER
    return Chat(**values)


def _message(row: asyncpg.Record) -> StoredMessage:
    values = dict(row.items())
    for column in _JSON_COLUMNS:
        if values[column] is not None:
            values[column] = json.loads(values[column])
    return StoredMessage(**values)


async def chats_page(
    db: Executor, tenant_id: str, after: tuple[datetime, str] | None, limit: int
) -> list[Chat]:
    """The tenant's chats, the most recently active first, from after `after` (the
    (last activity, chat) of the previous page's last one)."""
    at, chat = after if after is not None else (None, None)
    rows = await db.fetch(
        f"""SELECT {_CHAT_COLUMNS} FROM chats
            WHERE tenant_id = $1
              AND ($2::timestamptz IS NULL OR last_at <= $2 AND (last_at < $2 OR chat < $3))
            ORDER BY last_at DESC, chat DESC LIMIT $4""",
        tenant_id,
        at,
        chat,
        limit,
    )
    return [_chat(r) for r in rows]


async def find_chat(db: Executor, tenant_id: str, chat: str) -> Chat | None:
    row = await db.fetchrow(
        f"SELECT {_CHAT_COLUMNS} FROM chats WHERE tenant_id = $1 AND chat = $2", tenant_id, chat
    )
    return None if row is None else _chat(row)


async def has_chat(db: Executor, tenant_id: str, chat: str) -> bool:
    found = await db.fetchval(
        "SELECT 1 FROM chats WHERE tenant_id = $1 AND chat = $2", tenant_id, chat
    )
    return found is not None


@dataclass(frozen=True)
class Oldest:
    message_id: str
    from_me: bool
    sent_at: datetime


async def oldest_message(db: Executor, tenant_id: str, chat: str) -> Oldest | None:
    """The chat's first stored message: an on-demand history request asks for what came
    before it."""
    row = await db.fetchrow(
        """SELECT message_id, direction = 'out' AS from_me, sent_at FROM stored_messages
           WHERE tenant_id = $1 AND chat = $2 ORDER BY sent_at, id LIMIT 1""",
        tenant_id,
        chat,
    )
    return None if row is None else Oldest(row["message_id"], row["from_me"], row["sent_at"])


@dataclass(frozen=True)
class ThreadQuery:
    chat: str
    position: tuple[datetime, int] | None  # a cursor's (sent_at, id); None: the newest
    older: bool  # True: the page before `position`; False: the page after it
    kinds: list[str] | None
    direction: str | None
    limit: int


async def thread_page(db: Executor, tenant_id: str, q: ThreadQuery) -> list[StoredMessage]:
    """A page of a chat's messages, in the order they were sent."""
    at, after_id = q.position if q.position is not None else (None, None)
    # a row comparison, (sent_at, id) < ($3, $4), is no index condition under row-level
    # security (record_lt is not leakproof): spelt out, sent_at bounds the index scan
    compare, order = ("<", "DESC") if q.older else (">", "ASC")
    rows = await db.fetch(
        f"""SELECT {_MESSAGE_COLUMNS} FROM stored_messages
            WHERE tenant_id = $1 AND chat = $2
              AND ($3::timestamptz IS NULL OR sent_at {compare}= $3
                   AND (sent_at {compare} $3 OR id {compare} $4))
              AND ($5::text[] IS NULL OR kind = ANY($5))
              AND ($6::text IS NULL OR direction = $6)
            ORDER BY sent_at {order}, id {order} LIMIT $7""",
        tenant_id,
        q.chat,
        at,
        after_id,
        q.kinds,
        q.direction,
        q.limit,
    )
    found = [_message(r) for r in rows]
    return found[::-1] if q.older else found


async def message(db: Executor, tenant_id: str, message_id: str) -> StoredMessage | None:
    row = await db.fetchrow(
        f"""SELECT {_MESSAGE_COLUMNS} FROM stored_messages
            WHERE tenant_id = $1 AND message_id = $2 ORDER BY id DESC LIMIT 1""",
        tenant_id,
        message_id,
    )
    return None if row is None else _message(row)


async def search(
    db: Executor, tenant_id: str, words: str, before: tuple[datetime, int] | None, limit: int
) -> list[StoredMessage]:
    """Messages whose text or caption has `words` (web search syntax: "a phrase", or,
    -not), newest first. Any string is a query: one with no words finds nothing. The
    matching is done by `search_stored_messages` (migration 011), which applies the
    tenant setting itself so that the full-text index can be used; its ids are then read
    under row-level security like every other read."""
    at, before_id = before if before is not None else (None, None)
    rows = await db.fetch(
        f"""SELECT {_MESSAGE_COLUMNS} FROM stored_messages
            WHERE tenant_id = $1
              AND id IN (SELECT search_stored_messages($2, $3, $4, $5))
            ORDER BY sent_at DESC, id DESC""",
        tenant_id,
        words,
        at,
        before_id,
        limit,
    )
    return [_message(r) for r in rows]


# ---- retention and purge --------------------------------------------------------------


async def sweep_expired(db: Executor, limit: int) -> int:
    """Delete up to `limit` messages older than their tenant's retention; how many went.
    Chats keep their row (their last activity and name) until a purge."""
    deleted = await db.fetchval(
        """WITH gone AS (
              DELETE FROM stored_messages WHERE id IN (
                SELECT m.id FROM stored_messages m JOIN tenants t USING (tenant_id)
                WHERE m.sent_at < now() - make_interval(days => t.message_retention_days)
                ORDER BY m.sent_at LIMIT $1)
              RETURNING 1)
           SELECT count(*) FROM gone""",
        limit,
    )
    return int(deleted or 0)


async def purge_tenant(db: Executor, tenant_id: str, limit: int) -> int:
    """Delete up to `limit` of the tenant's messages (and, once none is left, its chats);
    how many messages went."""
    deleted = await db.fetchval(
        """WITH gone AS (
              DELETE FROM stored_messages WHERE id IN (
                SELECT id FROM stored_messages WHERE tenant_id = $1 LIMIT $2)
              RETURNING 1)
           SELECT count(*) FROM gone""",
        tenant_id,
        limit,
    )
    if not deleted:
        await db.execute("DELETE FROM chats WHERE tenant_id = $1", tenant_id)
    return int(deleted or 0)
