"""connector/group_commit.py in-process: who waits, who goes together, who gets what; and
its Pipeline on a real PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import asyncpg
import pytest

from connector.group_commit import GroupCommit, Pipeline
from tests.inproc import migrated_pool


class Writes:
    """A fake table: records each statement (its items), holds the first one open until
    `release` is set, refuses a batch holding the item "bad" as the server would."""

    def __init__(self) -> None:
        self.statements: list[list[str]] = []
        self.release = asyncio.Event()
        self.entered = asyncio.Event()
        self.returning: Callable[[str], None] = lambda item: None  # as a write returns

    async def _hold(self, items: list[str]) -> None:
        self.statements.append(items)
        self.entered.set()
        await self.release.wait()

    async def one(self, item: str) -> str:
        await self._hold([item])
        self.returning(item)
        if item == "bad":
            raise asyncpg.UniqueViolationError("bad row")
        return item.upper()

    async def many(self, items: Sequence[str]) -> list[str]:
        await self._hold(list(items))
        if "bad" in items:
            raise asyncpg.UniqueViolationError("a row of the batch")
        if "lost" in items:
            raise ConnectionResetError("connection lost")
        return [item.upper() for item in items]


async def _queued(
    writes: Writes, commit: GroupCommit[str, str], items: list[str]
) -> list[asyncio.Task[str]]:
    """The first item in flight, held; the others queued behind it, in order."""
    first = asyncio.create_task(commit(items[0]))
    await writes.entered.wait()
    rest = []
    for item in items[1:]:
        rest.append(asyncio.create_task(commit(item)))
        await asyncio.sleep(0)  # each reaches the queue in its turn
    return [first, *rest]


async def test_an_idle_caller_writes_alone_at_once() -> None:
    writes = Writes()
    writes.release.set()
    commit = GroupCommit(writes.one, writes.many)
    assert await commit("a") == "A"
    assert await commit("b") == "B"
    assert writes.statements == [["a"], ["b"]]


async def test_callers_during_a_write_go_together_each_with_its_own_result() -> None:
    writes = Writes()
    commit = GroupCommit(writes.one, writes.many)
    tasks = await _queued(writes, commit, ["a", "b", "c", "d"])
    writes.release.set()
    assert await asyncio.gather(*tasks) == ["A", "B", "C", "D"]
    assert writes.statements == [["a"], ["b", "c", "d"]]
    assert await commit("e") == "E"  # idle again: alone
    assert writes.statements[-1] == ["e"]


async def test_a_refused_batch_is_written_one_at_a_time() -> None:
    writes = Writes()
    commit = GroupCommit(writes.one, writes.many)
    tasks = await _queued(writes, commit, ["a", "b", "bad", "c"])
    writes.release.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert results[:2] == ["A", "B"] and results[3] == "C"
    assert isinstance(results[2], asyncpg.UniqueViolationError)
    assert writes.statements == [["a"], ["b", "bad", "c"], ["b"], ["bad"], ["c"]]


async def test_a_batch_lost_with_its_connection_fails_every_caller_of_it() -> None:
    writes = Writes()
    commit = GroupCommit(writes.one, writes.many)
    tasks = await _queued(writes, commit, ["a", "b", "lost"])
    writes.release.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert results[0] == "A"
    assert all(isinstance(r, ConnectionResetError) for r in results[1:])
    assert writes.statements == [["a"], ["b", "lost"]]  # not written again: it may be in


async def test_a_cancelled_waiting_caller_leaves_the_queue() -> None:
    writes = Writes()
    commit = GroupCommit(writes.one, writes.many)
    first, gone, kept = await _queued(writes, commit, ["a", "gone", "kept"])
    gone.cancel()
    writes.release.set()
    assert await first == "A" and await kept == "KEPT"
    with pytest.raises(asyncio.CancelledError):
        await gone
    assert writes.statements == [["a"], ["kept"]]


async def test_a_caller_cancelled_in_flight_does_not_stop_the_queue() -> None:
    writes = Writes()
    commit = GroupCommit(writes.one, writes.many)
    first, second, third = await _queued(writes, commit, ["a", "b", "c"])
    first.cancel()  # its own write is cancelled with it; the queued go on
    writes.release.set()
    assert await asyncio.gather(second, third) == ["B", "C"]
    assert writes.statements == [["a"], ["b", "c"]]


async def test_a_caller_queued_alone_writes_its_own_when_its_turn_comes() -> None:
    writes = Writes()
    commit = GroupCommit(writes.one, writes.many)
    tasks = await _queued(writes, commit, ["a", "b"])
    writes.release.set()
    assert await asyncio.gather(*tasks) == ["A", "B"]
    assert writes.statements == [["a"], ["b"]]


async def test_a_caller_cancelled_as_its_turn_comes_passes_it_on() -> None:
    writes = Writes()
    commit = GroupCommit(writes.one, writes.many)
    first, second = await _queued(writes, commit, ["a", "b"])
    # the cancel lands after `a` returned and handed `b` its turn, before `b` runs
    writes.returning = lambda item: asyncio.get_running_loop().call_soon(second.cancel)
    writes.release.set()
    assert await first == "A"
    with pytest.raises(asyncio.CancelledError):
        await second
    assert await asyncio.wait_for(commit("c"), 2) == "C"  # nothing left busy
    assert writes.statements == [["a"], ["c"]]


# ---- Pipeline, on a real PostgreSQL -------------------------------------------------------

# a write returning one row: its key and its transaction (the first caller's waits `$3`
# seconds, so the others queue behind it)
_WRITE = """INSERT INTO pipelined (k, v) SELECT $1, 10 / $2 FROM pg_sleep($3)
            RETURNING k, txid_current() AS tx"""


@pytest.fixture(scope="module")
async def pool() -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool() as made:
        await made.execute("CREATE TABLE pipelined (k text PRIMARY KEY, v int NOT NULL)")
        yield made


async def _written_together(pipeline: Pipeline, rows: list[tuple[str, int]]) -> list[Any]:
    first = asyncio.create_task(pipeline.fetchrow((_WRITE, ("first", 1, 0.3))))
    await asyncio.sleep(0.1)  # in flight
    rest = [pipeline.fetchrow((_WRITE, (k, v, 0.0))) for k, v in rows]
    return await asyncio.gather(first, *rest, return_exceptions=True)


async def test_statements_that_come_together_go_in_one_transaction(pool: asyncpg.Pool) -> None:
    pipeline = Pipeline(pool)
    first, *rest = await _written_together(pipeline, [("a", 1), ("b", 2), ("c", 5)])
    assert [r["k"] for r in (first, *rest)] == ["first", "a", "b", "c"]
    assert len({r["tx"] for r in rest}) == 1 and first["tx"] != rest[0]["tx"]
    assert await pool.fetchval("SELECT sum(v) FROM pipelined WHERE k IN ('a','b','c')") == 17


async def test_a_bad_row_fails_its_caller_only(pool: asyncpg.Pool) -> None:
    pipeline = Pipeline(pool)
    _, x, bad, y = await _written_together(pipeline, [("x", 1), ("bad", 0), ("y", 1)])
    assert isinstance(bad, asyncpg.DivisionByZeroError)
    assert (x["k"], y["k"]) == ("x", "y") and x["tx"] != y["tx"]  # written one by one
    kept = await pool.fetch("SELECT k FROM pipelined WHERE k IN ('x', 'bad', 'y') ORDER BY k")
    assert [r["k"] for r in kept] == ["x", "y"]
