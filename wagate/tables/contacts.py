"""`contacts`: the people a tenant's account has talked with, by number (or LID), with
the push name their messages carried and their address-book name where the phone's app
state gave it (docs/conversations.md). Written by the connector in the transaction that
stores the message bringing a name; read by the gateway as `wagate_reader` with its
tenant set (wagate/tables/message_store.py `as_tenant`), under row-level security."""

from __future__ import annotations

from dataclasses import dataclass

from wagate.tables import Executor

MAX_NAME_CHARS = 256  # what is kept of a name, however long the one sent


@dataclass(frozen=True)
class Seen:
    """A person seen in a message: their number (or LID), LID and push name ("" when not
    sent: what was known stays)."""

    tenant_id: str
    contact: str
    lid: str
    push_name: str


async def seen(db: Executor, s: Seen) -> None:
    await db.execute(_SEEN, s.tenant_id, s.contact, s.lid, s.push_name)


async def seen_all(db: Executor, people: list[Seen]) -> None:
    """`seen` of each, in order, in one round trip (the statements are pipelined)."""
    await db.executemany(_SEEN, [(s.tenant_id, s.contact, s.lid, s.push_name) for s in people])


_SEEN = f"""INSERT INTO contacts AS c (tenant_id, contact, lid, push_name)
            VALUES ($1, $2, nullif($3, ''), nullif(left($4, {MAX_NAME_CHARS}), ''))
            ON CONFLICT (tenant_id, contact) DO UPDATE SET
              lid = coalesce(EXCLUDED.lid, c.lid),
              push_name = coalesce(EXCLUDED.push_name, c.push_name),
              updated_at = now()
            WHERE EXCLUDED.lid IS DISTINCT FROM c.lid AND EXCLUDED.lid IS NOT NULL
               OR EXCLUDED.push_name IS DISTINCT FROM c.push_name
                  AND EXCLUDED.push_name IS NOT NULL"""


async def named(db: Executor, tenant_id: str, contact: str, lid: str, name: str) -> None:
    """The account's address book names the person `name` ("": no longer named there)."""
    await db.execute(
        f"""INSERT INTO contacts AS c (tenant_id, contact, lid, name)
            VALUES ($1, $2, nullif($3, ''), nullif(left($4, {MAX_NAME_CHARS}), ''))
            ON CONFLICT (tenant_id, contact) DO UPDATE SET name = EXCLUDED.name,
                lid = coalesce(EXCLUDED.lid, c.lid), updated_at = now()""",
        tenant_id,
        contact,
        lid,
        name,
    )


@dataclass(frozen=True)
class GroupNamed:
    """A group's subject, as a group update gave it: the name its chat is listed by. Kept
    here beside the people (a group's row is never listed as a contact) because the update
    may come before the group's first message, when it has no chat yet."""

    tenant_id: str
    group_id: str
    subject: str


async def group_named(db: Executor, g: GroupNamed) -> None:
    await db.execute(
        f"""INSERT INTO contacts AS c (tenant_id, contact, name)
            VALUES ($1, $2, left($3, {MAX_NAME_CHARS}))
            ON CONFLICT (tenant_id, contact) DO UPDATE SET name = EXCLUDED.name,
                updated_at = now()""",
        g.tenant_id,
        g.group_id,
        g.subject,
    )


@dataclass(frozen=True)
class Contact:
    contact: str
    lid: str | None
    push_name: str | None
    name: str | None


def _like(words: str) -> str:
    """`words` as a LIKE pattern that matches them anywhere, literally."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def page(
    db: Executor, tenant_id: str, after: str | None, q: str | None, limit: int
) -> list[Contact]:
    """The tenant's contacts in number order from after `after`; `q`: only those whose
    number, LID, push name or address-book name has it (case-insensitive)."""
    rows = await db.fetch(
        """SELECT contact, lid, push_name, name FROM contacts
           WHERE tenant_id = $1 AND ($2::text IS NULL OR contact > $2)
             AND contact NOT LIKE '%@g.us'
             AND ($3::text IS NULL OR contact ILIKE $3 OR lid ILIKE $3
                  OR push_name ILIKE $3 OR name ILIKE $3)
           ORDER BY contact LIMIT $4""",
        tenant_id,
        after,
        None if q is None else _like(q),
        limit,
    )
    return [Contact(**dict(r.items())) for r in rows]


async def names(db: Executor, tenant_id: str, contacts: list[str]) -> dict[str, str]:
    """The name each of `contacts` (people or groups) is shown by, where one is known: the
    address book's (a group's subject), else the push name."""
    rows = await db.fetch(
        """SELECT contact, coalesce(name, push_name) AS shown FROM contacts
           WHERE tenant_id = $1 AND contact = ANY($2::text[])
             AND coalesce(name, push_name) IS NOT NULL""",
        tenant_id,
        contacts,
    )
    return {r["contact"]: r["shown"] for r in rows}


async def purge_tenant(db: Executor, tenant_id: str) -> None:
    await db.execute("DELETE FROM contacts WHERE tenant_id = $1", tenant_id)
