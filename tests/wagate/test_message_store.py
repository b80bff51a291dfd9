"""The message store's tables on a real PostgreSQL: a message stored once however often
it comes, edits, revokes, reactions, votes and receipts applied to it, unread counts, the
retention sweep, a purge, and row-level security as a second wall; the contacts beside
them; a chat's app state (archive, pin, mute to a time or forever, mark unread) set and
undone, and "unread" cleared by a read mark."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from tests.inproc import migrated_pool
from wagate.tables import contacts, tenants
from wagate.tables import message_store as ms

NOW = datetime.now(UTC)
FRIEND = "79005550123"


@pytest.fixture(scope="module")
async def pool() -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool() as made:
        yield made


def incoming(tenant: str, message_id: str, at: datetime, body: str | None = "hi") -> ms.NewMessage:
    return ms.NewMessage(tenant, FRIEND, message_id, "in", FRIEND, "text", body, at)


async def test_a_redelivered_message_is_stored_once_and_counted_unread_once(
    pool: asyncpg.Pool,
) -> None:
    await tenants.ensure_tenant(pool, "t-once")
    assert await ms.add(pool, incoming("t-once", "M1", NOW))
    assert not await ms.add(pool, incoming("t-once", "M1", NOW))
    (chat,) = await ms.chats_page(pool, "t-once", None, 10)
    assert (chat.unread, chat.last_message_id, chat.preview) == (1, "M1", "hi")
    await ms.mark_read(pool, "t-once", FRIEND, ["M1", "M1", "unknown"])
    (chat,) = await ms.chats_page(pool, "t-once", None, 10)
    assert chat.unread == 0
    await ms.mark_read(pool, "t-once", FRIEND, ["M1"])  # marked again: no lower than 0
    (chat,) = await ms.chats_page(pool, "t-once", None, 10)
    assert chat.unread == 0


async def test_edits_revokes_reactions_votes_and_receipts(pool: asyncpg.Pool) -> None:
    t = "t-changes"
    await tenants.ensure_tenant(pool, t)
    await ms.add(pool, incoming(t, "E1", NOW))
    await ms.apply(pool, ms.Edited(t, FRIEND, "E1", "hello", NOW + timedelta(seconds=1)))
    await ms.apply(pool, ms.Reacted(t, FRIEND, "E1", FRIEND, "👍"))
    edited = await ms.message(pool, t, "E1")
    assert edited is not None and edited.body == "hello"
    assert [e["text"] for e in edited.edits] == ["hi"] and edited.reactions == {FRIEND: "👍"}
    await ms.apply(pool, ms.Reacted(t, FRIEND, "E1", FRIEND, ""))
    await ms.apply(pool, ms.Revoked(t, FRIEND, "E1", NOW + timedelta(seconds=2)))
    gone = await ms.message(pool, t, "E1")
    assert gone is not None and gone.revoked_at is not None
    assert (gone.body, gone.edits, gone.reactions) == (None, [], {})
    (chat,) = await ms.chats_page(pool, t, None, 10)
    assert chat.preview is None  # the tombstone shows no words in the chat list either

    poll = ms.NewMessage(t, FRIEND, "P1", "out", "", "poll", None, NOW, content={"q": 1})
    await ms.add(pool, poll)
    await ms.apply(pool, ms.Voted(t, FRIEND, "P1", FRIEND, ["a", "b"]))
    await ms.apply(pool, ms.Voted(t, FRIEND, "P1", "79000000001", ["a"]))
    await ms.apply(pool, ms.Voted(t, FRIEND, "P1", "79000000001", []))
    for status in ("read", "delivered"):  # a late "delivered" does not undo "read"
        await ms.apply(pool, ms.Receipted(t, "P1", status, NOW))
    voted = await ms.message(pool, t, "P1")
    assert voted is not None and voted.votes == {FRIEND: ["a", "b"]}
    assert voted.status == "read"
    assert [s["status"] for s in voted.statuses] == ["read", "delivered"]


async def test_threads_page_both_ways_and_search_finds_words(pool: asyncpg.Pool) -> None:
    t = "t-thread"
    await tenants.ensure_tenant(pool, t)
    for i in range(5):
        at = NOW + timedelta(seconds=i)
        await ms.add(pool, incoming(t, f"T{i}", at, f"word{i} common"))
    newest = await ms.thread_page(pool, t, ms.ThreadQuery(FRIEND, None, True, None, None, 2))
    assert [m.message_id for m in newest] == ["T3", "T4"]
    first = newest[0]
    older = ms.ThreadQuery(FRIEND, (first.sent_at, first.id), True, None, None, 10)
    assert [m.message_id for m in await ms.thread_page(pool, t, older)] == ["T0", "T1", "T2"]
    newer = ms.ThreadQuery(FRIEND, (first.sent_at, first.id), False, None, None, 10)
    assert [m.message_id for m in await ms.thread_page(pool, t, newer)] == ["T4"]
    async with pool.acquire() as conn, conn.transaction():
        await ms.as_tenant(conn, t)  # search is a reader's: it needs the tenant set
        found = await ms.search(conn, t, "word3", None, 10)
        assert [m.message_id for m in found] == ["T3"]
        assert len(await ms.search(conn, t, "common", None, 10)) == 5
        older_hits = await ms.search(conn, t, "common", (found[0].sent_at, found[0].id), 10)
        assert [m.message_id for m in older_hits] == ["T2", "T1", "T0"]
        for odd in ("", "!!!", '"unclosed', "-", "a & b | !c", "x" * 5000, "\ufffd"):
            await ms.search(conn, t, odd, None, 10)  # any string is a query


async def test_retention_sweeps_old_messages_and_a_purge_everything(pool: asyncpg.Pool) -> None:
    t = "t-retention"
    await tenants.ensure_tenant(pool, t)
    await tenants.update(pool, t, tenants.TenantChanges(message_retention_days=1))
    await ms.add(pool, incoming(t, "OLD", NOW - timedelta(days=2)))
    await ms.add(pool, incoming(t, "NEW", NOW))
    while await ms.sweep_expired(pool, 1):
        pass
    assert await ms.message(pool, t, "OLD") is None
    assert await ms.message(pool, t, "NEW") is not None
    while await ms.purge_tenant(pool, t, 1):
        pass
    assert await ms.message(pool, t, "NEW") is None
    assert await ms.chats_page(pool, t, None, 10) == []


async def test_row_level_security_shows_a_reader_its_tenant_alone(pool: asyncpg.Pool) -> None:
    for t in ("t-rls-a", "t-rls-b"):
        await tenants.ensure_tenant(pool, t)
        await ms.add(pool, incoming(t, f"R-{t}", NOW))
    async with pool.acquire() as conn:
        async with conn.transaction():
            await conn.execute("SET LOCAL ROLE wagate_reader")  # no tenant set
            for table in ("stored_messages", "chats"):
                assert await conn.fetchval(f"SELECT count(*) FROM {table}") == 0, table
            assert await ms.search(conn, "t-rls-a", "hi", None, 10) == []
        async with conn.transaction():
            await ms.as_tenant(conn, "t-rls-a")
            ids = await conn.fetch("SELECT message_id FROM stored_messages")
            assert [r["message_id"] for r in ids] == ["R-t-rls-a"]
            # even a statement that names the other tenant sees none of its rows
            assert await ms.message(conn, "t-rls-b", "R-t-rls-b") is None
            assert await ms.chats_page(conn, "t-rls-b", None, 10) == []
            assert await ms.search(conn, "t-rls-b", "hi", None, 10) == []
            assert [m.message_id for m in await ms.search(conn, "t-rls-a", "hi", None, 10)] == [
                "R-t-rls-a"
            ]
        # the setting and the role end with the transaction
        assert await ms.message(conn, "t-rls-b", "R-t-rls-b") is not None


async def test_pages_split_between_messages_of_the_same_instant(pool: asyncpg.Pool) -> None:
    t = "t-same-instant"
    for i in range(3):  # WhatsApp's timestamps are in seconds: ties are common
        await ms.add(pool, incoming(t, f"S{i}", NOW))
    seen: list[str] = []
    position = None
    while True:
        page = await ms.thread_page(pool, t, ms.ThreadQuery(FRIEND, position, True, None, None, 1))
        if not page:
            break
        seen.extend(m.message_id for m in page)
        position = (page[0].sent_at, page[0].id)
    assert seen == ["S2", "S1", "S0"]
    newer = await ms.thread_page(pool, t, ms.ThreadQuery(FRIEND, position, False, None, None, 5))
    assert [m.message_id for m in newer] == ["S1", "S2"]


async def test_a_reader_sees_its_tenants_contacts_alone(pool: asyncpg.Pool) -> None:
    for t in ("t-c-a", "t-c-b"):
        await contacts.seen(pool, contacts.Seen(t, FRIEND, "", f"name in {t}"))
    async with pool.acquire() as conn:
        async with conn.transaction():
            await conn.execute("SET LOCAL ROLE wagate_reader")  # no tenant set
            assert await conn.fetchval("SELECT count(*) FROM contacts") == 0
        async with conn.transaction():
            await ms.as_tenant(conn, "t-c-a")
            # even a statement that names the other tenant sees none of its rows
            assert await contacts.page(conn, "t-c-b", None, None, 10) == []
            assert await contacts.names(conn, "t-c-b", [FRIEND]) == {}
            assert await contacts.names(conn, "t-c-a", [FRIEND]) == {FRIEND: "name in t-c-a"}
    await contacts.purge_tenant(pool, "t-c-a")
    assert await contacts.page(pool, "t-c-a", None, None, 10) == []
    assert len(await contacts.page(pool, "t-c-b", None, None, 10)) == 1


async def test_chat_state_sets_and_undoes_each_flag(pool: asyncpg.Pool) -> None:
    t = "t-state"
    await ms.add(pool, ms.NewMessage(t, FRIEND, "S1", "in", FRIEND, "text", None, NOW))
    assert not await ms.set_chat_state(pool, t, "79000000000", "archived", True, None)
    until = datetime(2030, 1, 1, tzinfo=UTC)
    await ms.set_chat_state(pool, t, FRIEND, "pinned", True, None)
    await ms.set_chat_state(pool, t, FRIEND, "archived", True, None)  # unpins
    chat = await ms.find_chat(pool, t, FRIEND)
    assert chat is not None and (chat.archived, chat.pinned) == (True, False)
    for state, on, muted in [
        ("archived", True, None),
        ("pinned", True, None),
        ("muted", True, until),
        ("unread", True, None),
    ]:
        assert await ms.set_chat_state(pool, t, FRIEND, state, on, muted)
    chat = await ms.find_chat(pool, t, FRIEND)
    assert chat is not None
    assert (chat.archived, chat.pinned, chat.muted_until, chat.marked_unread) == (
        True,
        True,
        until,
        True,
    )
    await ms.set_chat_state(pool, t, FRIEND, "muted", True, None)  # forever
    await ms.set_chat_state(pool, t, FRIEND, "pinned", False, None)
    await ms.mark_read(pool, t, FRIEND, ["S1"])  # opening the chat clears "unread"
    chat = await ms.find_chat(pool, t, FRIEND)
    assert chat is not None
    assert (chat.archived, chat.pinned, chat.muted_until, chat.marked_unread) == (
        True,
        False,
        ms.MUTED_FOREVER,
        False,
    )
    await ms.set_chat_state(pool, t, FRIEND, "muted", False, None)
    chat = await ms.find_chat(pool, t, FRIEND)
    assert chat is not None and chat.muted_until is None
