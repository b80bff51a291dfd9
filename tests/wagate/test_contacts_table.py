"""The contacts table and a chat's app state on a real PostgreSQL: row-level security
shows a reader its tenant's contacts alone; archive, pin, mute (to a time, forever) and
mark unread set and undo; a read mark clears "unread"; a purge leaves no contact."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest

from devstack.stack import database_url
from tests.inproc import migrated_database
from wagate.tables import contacts
from wagate.tables import message_store as ms

NOW = datetime.now(UTC)
FRIEND = "79005550123"


@pytest.fixture(scope="module")
async def pool() -> AsyncIterator[asyncpg.Pool]:
    async with migrated_database() as name:
        made = await asyncpg.create_pool(database_url(name), min_size=1, max_size=4)
        assert made is not None
        try:
            yield made
        finally:
            await made.close()


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
