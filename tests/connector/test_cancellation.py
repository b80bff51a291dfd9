"""A long-lived task that is cancelled ends: shutdown cancels the connector's loops and
waits for them, so a loop that swallows its cancellation holds the process up (seen as a
connector that did not exit within 30 s of SIGTERM, about one stack in three).

Two ways Python 3.11 swallows a cancellation, both met here: `asyncio.wait_for` returns
the inner result when the awaited thing completes in the same loop turn as the cancel
(fixed only in 3.12), and `suppress(CancelledError)` around `await task` after
`task.cancel()` also eats the caller's own cancellation."""

from __future__ import annotations

import asyncio
import math
from typing import Any

import pytest

from connector.engine import EngineEvent
from connector.engines.sim import SimEngine, SimEngineKind
from connector.webhooks.dispatcher import Dispatcher
from wagate.deadlines import cancel_all


async def _cancel_as_woken(wake: asyncio.Event, waiting: asyncio.Task[Any]) -> None:
    for _ in range(3):  # let it reach its wait
        await asyncio.sleep(0)
    wake.set()  # the wake-up and the cancel land in one loop turn
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        async with asyncio.timeout(2):
            await waiting


async def test_a_dispatcher_woken_as_it_is_cancelled_stops() -> None:
    wake = asyncio.Event()
    dispatcher = Dispatcher(
        None,  # type: ignore[arg-type]  # its sleep touches none of these
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        wake=wake,
        wake_relay=lambda: None,
        concurrency=1,
        poll_interval_s=30,
        retention_days=1,
    )
    dispatcher._next_due = math.inf
    await _cancel_as_woken(wake, asyncio.create_task(dispatcher._sleep()))


async def test_a_cancelled_caller_of_the_sim_engines_stop_stays_cancelled() -> None:
    async def sink(event: EngineEvent) -> None:
        pass

    engine = SimEngine("co-cancel", sink, SimEngineKind("ws://127.0.0.1:9/unused"))

    async def reader() -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            await asyncio.sleep(0.05)  # a reader takes a moment to end

    engine._reader = asyncio.create_task(reader())
    went_on: list[str] = []

    async def caller() -> None:
        await engine.stop()
        went_on.append("the caller went on after being cancelled")

    task = asyncio.create_task(caller())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert went_on == []


async def test_shutdown_ends_a_loop_that_lost_its_first_cancellation() -> None:
    """A library that loses a cancellation (redis-py writes through `wait_for`) must not
    leave the loop that called it running after the connector's shutdown."""
    turns = 0

    async def loop_with_a_leaky_library() -> None:
        nonlocal turns
        while True:
            turns += 1
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                if turns == 1:
                    continue  # the library ate it, as wait_for can
                raise

    task = asyncio.create_task(loop_with_a_leaky_library())
    await asyncio.sleep(0)
    assert await cancel_all([task], 2) == set()
    assert task.cancelled()
