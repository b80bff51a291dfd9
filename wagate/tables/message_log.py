"""`message_log`: every message a tenant sent or received. The connector writes it (a send
is claimed before it goes out and finished after, so a re-delivered command reuses its
message id; an incoming message is logged in its event's transaction); the gateway reads
it to answer a retried send whose first answer was lost."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from wagate.tables import Executor, Part


@dataclass(frozen=True)
class LoggedSend:
    message_id: str
    sent_at: datetime | None  # None: not (known to be) sent yet


@dataclass(frozen=True)
class SendClaim:
    """A send about to go out: its command, and the message id it will have if the
    command is new. The `chat` (a number or a group id) is the log's `peer` column."""

    tenant_id: str
    command_id: str
    chat: str
    message_id: str


async def claim_send(
    db: Executor, tenant_id: str, command_id: str, chat: str, message_id: str
) -> LoggedSend:
    """The log entry for this command: new (with `message_id`), or the earlier one when
    the command is re-delivered, so the earlier message id is reused."""
    row = await db.fetchrow(
        """INSERT INTO message_log (tenant_id, direction, command_id, message_id, peer, status)
           VALUES ($1, 'out', $2, $3, $4, 'pending')
           ON CONFLICT (command_id) DO UPDATE SET command_id = EXCLUDED.command_id
           RETURNING message_id, sent_at""",
        tenant_id,
        command_id,
        message_id,
        chat,
    )
    assert row is not None
    return LoggedSend(row["message_id"], row["sent_at"])


async def claim_sends(db: Executor, claims: Sequence[SendClaim]) -> list[LoggedSend]:
    """`claim_send` of each, in one statement (of distinct commands: the server refuses
    a statement that claims one command twice)."""
    rows = await db.fetch(
        """INSERT INTO message_log (tenant_id, direction, command_id, message_id, peer, status)
           SELECT c.tenant_id, 'out', c.command_id, c.message_id, c.peer, 'pending'
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
                AS c (tenant_id, command_id, message_id, peer)
           ON CONFLICT (command_id) DO UPDATE SET command_id = EXCLUDED.command_id
           RETURNING command_id, message_id, sent_at""",
        [c.tenant_id for c in claims],
        [c.command_id for c in claims],
        [c.message_id for c in claims],
        [c.chat for c in claims],
    )
    logged = {r["command_id"]: LoggedSend(r["message_id"], r["sent_at"]) for r in rows}
    return [logged[c.command_id] for c in claims]


def finished_send(command_id: str, message_id: str, sent_at: datetime) -> Part:
    """Sent: with the id WhatsApp knows it by (an engine that cannot send under the
    logged id reports its own), so a repeated command answers with the real one."""
    return Part(
        """UPDATE message_log SET status = 'sent', message_id = $2, sent_at = $3
           WHERE command_id = $1""",
        (command_id, message_id, sent_at),
    )


async def finish_send(db: Executor, command_id: str, message_id: str, sent_at: datetime) -> None:
    """`finished_send` on its own."""
    part = finished_send(command_id, message_id, sent_at)
    await db.execute(part.sql, *part.args)


async def forget_send(db: Executor, command_id: str) -> None:
    """The message certainly did not go out: the same command may be tried again."""
    await db.execute(
        "DELETE FROM message_log WHERE command_id = $1 AND status = 'pending'", command_id
    )


async def has_peer(db: Executor, tenant_id: str, peer: str, except_command: str) -> bool:
    """Whether the tenant ever wrote to or heard from `peer`, the claim of the command
    `except_command` aside."""
    return bool(
        await db.fetchval(
            """SELECT EXISTS (SELECT 1 FROM message_log WHERE tenant_id = $1 AND peer = $2
                              AND command_id IS DISTINCT FROM $3)""",
            tenant_id,
            peer,
            except_command,
        )
    )


async def sent_by_command(db: Executor, command_id: str) -> LoggedSend | None:
    """The message a bus command sent, if it went out."""
    row = await db.fetchrow(
        "SELECT message_id, sent_at FROM message_log WHERE command_id = $1 AND status = 'sent'",
        command_id,
    )
    return None if row is None else LoggedSend(row["message_id"], row["sent_at"])


async def find_message(db: Executor, tenant_id: str, message_id: str) -> tuple[str, str] | None:
    """(direction, writer) of a message this tenant sent or received, or None: the writer
    of an incoming one is its author (a group's member) or else its peer."""
    row = await db.fetchrow(
        """SELECT direction, coalesce(author, peer) AS peer FROM message_log
           WHERE tenant_id = $1 AND message_id = $2 AND (direction = 'in' OR status = 'sent')
           ORDER BY id DESC LIMIT 1""",
        tenant_id,
        message_id,
    )
    return None if row is None else (row["direction"], row["peer"])


async def log_incoming(
    db: Executor,
    tenant_id: str,
    message_id: str,
    peer: str,
    at: datetime,
    status: str = "received",
    author: str | None = None,
) -> bool:
    """Record an incoming message (in the transaction that publishes its event); False if
    it was already recorded (the network re-sent it). `status` "action": a reaction,
    edit, revoke or vote, a message of its own at WhatsApp with nothing to read or react
    to (log_incoming_action). `peer` is the chat; `author` the member who wrote it in a
    group (None in a 1:1 chat, where the peer wrote it)."""
    inserted = await db.fetchval(
        """INSERT INTO message_log (tenant_id, direction, message_id, peer, status, sent_at,
                                    author)
           VALUES ($1, 'in', $2, $3, $5, $4, $6)
           ON CONFLICT (tenant_id, message_id) WHERE direction = 'in' DO NOTHING
           RETURNING id""",
        tenant_id,
        message_id,
        peer,
        at,
        status,
        author,
    )
    return inserted is not None


async def log_incoming_all(
    db: Executor, tenant_id: str, messages: list[tuple[str, str, datetime, str | None]]
) -> set[str]:
    """`log_incoming` of many (message id, peer, time, author) in one statement; the ids
    that were not recorded before."""
    rows = await db.fetch(
        """INSERT INTO message_log (tenant_id, direction, message_id, peer, status, sent_at,
                                    author)
           SELECT $1, 'in', m.id, m.peer, 'received', m.at, m.author
           FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[])
                AS m (id, peer, at, author)
           ON CONFLICT (tenant_id, message_id) WHERE direction = 'in' DO NOTHING
           RETURNING message_id""",
        tenant_id,
        [m[0] for m in messages],
        [m[1] for m in messages],
        [m[2] for m in messages],
        [m[3] for m in messages],
    )
    return {row["message_id"] for row in rows}


# ---- messaging ----------------------------------------------------------------


@dataclass(frozen=True)
class LoggedMessage:
    direction: str  # out | in
    peer: str  # the chat: the recipient of one sent, the sender of one received, a group
    sent_at: datetime | None
    author: str = ""  # who wrote one received: a group's member, or else the peer


async def logged_message(db: Executor, tenant_id: str, message_id: str) -> LoggedMessage | None:
    """A message this tenant sent (and that went out) or received, or None."""
    row = await db.fetchrow(
        """SELECT direction, peer, sent_at, coalesce(author, peer) AS author FROM message_log
           WHERE tenant_id = $1 AND message_id = $2
             AND ((direction = 'in' AND status <> 'action') OR status = 'sent')
           ORDER BY id DESC LIMIT 1""",
        tenant_id,
        message_id,
    )
    if row is None:
        return None
    return LoggedMessage(row["direction"], row["peer"], row["sent_at"], row["author"])


async def unread_up_to(
    db: Executor, tenant_id: str, peer: str, message_id: str, limit: int
) -> list[tuple[str, str]] | None:
    """The incoming messages of chat `peer` up to `message_id` (included) not marked read
    yet, oldest first, at most `limit` (the newest), each with its writer; None when
    `message_id` is not an incoming message of `peer`."""
    last = await db.fetchval(
        """SELECT id FROM message_log WHERE tenant_id = $1 AND message_id = $2
           AND direction = 'in' AND status <> 'action' AND peer = $3""",
        tenant_id,
        message_id,
        peer,
    )
    if last is None:
        return None
    rows = await db.fetch(
        """SELECT message_id, coalesce(author, peer) AS author FROM message_log
           WHERE tenant_id = $1 AND direction = 'in' AND peer = $2 AND id <= $3
             AND status = 'received'
           ORDER BY id DESC LIMIT $4""",
        tenant_id,
        peer,
        last,
        limit,
    )
    return [(r["message_id"], r["author"]) for r in reversed(rows)]


async def incoming_of(
    db: Executor, tenant_id: str, peer: str, message_ids: list[str]
) -> list[tuple[str, str]]:
    """Which of `message_ids` are incoming messages of chat `peer`, in the given order,
    each once, with its writer."""
    rows = await db.fetch(
        """SELECT message_id, coalesce(author, peer) AS author FROM message_log
           WHERE tenant_id = $1 AND direction = 'in'
           AND status <> 'action' AND peer = $2 AND message_id = ANY($3::text[])""",
        tenant_id,
        peer,
        message_ids,
    )
    known = {r["message_id"]: r["author"] for r in rows}
    return [(m, known[m]) for m in dict.fromkeys(message_ids) if m in known]


async def log_incoming_action(
    db: Executor, tenant_id: str, message_id: str, peer: str, at: datetime
) -> bool:
    """Record an incoming reaction, edit, revoke or vote in its event's transaction;
    False if it was already recorded."""
    return await log_incoming(db, tenant_id, message_id, peer, at, status="action")


async def mark_read(db: Executor, tenant_id: str, message_ids: list[str]) -> None:
    await db.execute(
        """UPDATE message_log SET status = 'read' WHERE tenant_id = $1 AND direction = 'in'
           AND status = 'received' AND message_id = ANY($2::text[])""",
        tenant_id,
        message_ids,
    )
