"""Two writes made as one statement (`wagate.tables.with_parts`) on a real PostgreSQL: a
send's log entry finished together with its stored message, and a receipt's status moved
with its event's outbox rows; when either write fails, neither is made. And sends claimed
together in one statement."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest

from tests.inproc import migrated_pool
from wagate.tables import Part, message_log, tenants, with_parts
from wagate.tables import message_store as ms
from wagate.tables.message_log import SendClaim

NOW = datetime.now(UTC)
FRIEND = "79005550123"


@pytest.fixture(scope="module")
async def pool() -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool() as made:
        yield made


def sent(tenant: str, message_id: str) -> ms.NewMessage:
    return ms.NewMessage(tenant, FRIEND, message_id, "out", "", "text", "hello", NOW)


def test_parts_are_numbered_after_the_statements_own_arguments() -> None:
    sql, args = with_parts(
        "WITH m AS (INSERT INTO a VALUES ($1)) SELECT $2",
        (1, 2),
        (
            Part("UPDATE b SET x = $1 WHERE y = $2", (3, 4)),
            Part("DELETE FROM c WHERE z = $1", (5,)),
        ),
    )
    assert args == (1, 2, 3, 4, 5)
    assert "UPDATE b SET x = $3 WHERE y = $4" in sql and "DELETE FROM c WHERE z = $5" in sql
    assert (
        sql.startswith("WITH part_0 AS (") and "m AS (INSERT INTO a VALUES ($1)) SELECT $2" in sql
    )


async def test_a_finished_send_and_its_stored_message_go_together(pool: asyncpg.Pool) -> None:
    await tenants.ensure_tenant(pool, "t-parts")
    claimed = await message_log.claim_send(pool, "t-parts", "cmd-1", FRIEND, "OUT1")
    assert claimed.sent_at is None
    finished = message_log.finished_send("cmd-1", "OUT1", NOW)
    assert await ms.add(pool, sent("t-parts", "OUT1"), with_=(finished,))
    again = await message_log.claim_send(pool, "t-parts", "cmd-1", FRIEND, "OTHER")
    assert (again.message_id, again.sent_at) == ("OUT1", NOW)
    kept = await ms.message(pool, "t-parts", "OUT1")
    assert kept is not None and kept.body == "hello"


async def test_when_one_write_fails_neither_is_made(pool: asyncpg.Pool) -> None:
    await tenants.ensure_tenant(pool, "t-parts-fail")
    await message_log.claim_send(pool, "t-parts-fail", "cmd-2", FRIEND, "OUT2")
    # a finish that fails on the server, while the row is written: the whole statement is undone
    broken = Part(
        "UPDATE message_log SET status = 'sent', sent_at = now() + make_interval(secs => 1 / $2)"
        " WHERE command_id = $1",
        ("cmd-2", 0),
    )
    with pytest.raises(asyncpg.DivisionByZeroError):
        await ms.add(pool, sent("t-parts-fail", "OUT2"), with_=(broken,))
    assert await ms.message(pool, "t-parts-fail", "OUT2") is None
    still = await message_log.claim_send(pool, "t-parts-fail", "cmd-2", FRIEND, "X")
    assert still.sent_at is None


# ---- claims in one statement (group commit: connector/group_commit.py) ------------------


async def test_claims_together_each_new_or_its_earlier_message(pool: asyncpg.Pool) -> None:
    for tenant in ("t-claims-a", "t-claims-b"):
        await tenants.ensure_tenant(pool, tenant)
    await message_log.claim_send(pool, "t-claims-a", "cmd-old", FRIEND, "OLD")
    await message_log.finish_send(pool, "cmd-old", "OLD-SENT", NOW)
    claims = [
        SendClaim("t-claims-b", "cmd-b", FRIEND, "B1"),
        SendClaim("t-claims-a", "cmd-old", FRIEND, "NEW-ID"),  # re-delivered: the earlier one
        SendClaim("t-claims-a", "cmd-a", "120363000000000001@g.us", "A1"),
    ]
    logged = await message_log.claim_sends(pool, claims)
    assert [(s.message_id, s.sent_at) for s in logged] == [
        ("B1", None),
        ("OLD-SENT", NOW),
        ("A1", None),
    ]
    again = await message_log.claim_send(pool, "t-claims-a", "cmd-a", FRIEND, "OTHER")
    assert (again.message_id, again.sent_at) == ("A1", None)


async def test_claims_of_one_command_twice_are_refused_whole(pool: asyncpg.Pool) -> None:
    twice = [
        SendClaim("t-claims-a", "cmd-2x", FRIEND, "X1"),
        SendClaim("t-claims-a", "cmd-2x", FRIEND, "X2"),
    ]
    with pytest.raises(asyncpg.PostgresError):  # group commit then claims one at a time
        await message_log.claim_sends(pool, twice)
    assert await pool.fetchval("SELECT count(*) FROM message_log WHERE command_id = 'cmd-2x'") == 0
