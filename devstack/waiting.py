"""Waiting on a condition with a deadline, for tests that must see something happen in
another process: polled, because a log file or a Redis stream has no event to await."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def until(
    check: Callable[[], Awaitable[T | None]],
    what: str,
    timeout_s: float = 10,
    every_s: float = 0.02,
) -> T:
    """The first truthy answer of `check`, polled every `every_s` (a check that sends or
    counts against a limit polls slower); AssertionError naming `what` when none came
    within `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not (found := await check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        await asyncio.sleep(every_s)
    return found
