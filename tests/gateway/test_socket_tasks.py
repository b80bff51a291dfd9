"""An event socket's tasks end within a bound, and one that outlives it (code we do not
own can swallow cancellations) leaves no error in the log when it ends later."""

from __future__ import annotations

import asyncio
import gc
import logging
import time

import pytest

from gateway import events_ws


async def test_a_task_outliving_the_bound_is_left_without_an_error_log(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(events_ws, "_TASKS_END_WITHIN_S", 0.2)
    until = time.monotonic() + 0.5

    async def stubborn() -> None:
        while time.monotonic() < until:
            try:
                await asyncio.sleep(0.01)
            except asyncio.CancelledError:
                pass  # swallowed, as a library can
        raise RuntimeError("the socket is gone")

    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        await events_ws._end({task}, "co-test")
        assert time.monotonic() - started < 0.4  # the bound, not the task, ends the wait
        await asyncio.wait([task])
        await asyncio.sleep(0)  # its done callbacks
        del task
        gc.collect()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    assert "1 tasks ignored cancellation" in caplog.text
