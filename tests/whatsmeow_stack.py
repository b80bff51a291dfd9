"""What the tests of the whatsmeow engine in a real connector share: settings that keep
a failed attempt from being retried during a test, and the connector's count of busy
whatsmeow session threads."""

from __future__ import annotations

import asyncio
import time

import httpx

from devstack.stack import Stack

# one attempt per session per test round: the next one is ten minutes away. This
# machine's resolver drops some of many parallel lookups, which Go retries after 5 s: an
# `initialize` answers after 2 s at most, and the tests wait for the attempts themselves
NO_RETRY_SOON = {
    "WAGATE_RECONNECT_BASE": "600",
    "WAGATE_RECONNECT_CAP": "600",
    "WAGATE_INITIALIZE_WAIT": "2",
}


async def threads_busy(stack: Stack, c: httpx.AsyncClient) -> float:
    text = (await c.get(f"{stack.connector_ops}/metrics")).text
    for line in text.splitlines():
        if line.startswith("wagate_whatsmeow_sessions "):
            return float(line.split()[1])
    raise AssertionError("no wagate_whatsmeow_sessions in the connector's metrics")


async def wait_threads_free(stack: Stack, c: httpx.AsyncClient, timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while (busy := await threads_busy(stack, c)) != 0:
        assert time.monotonic() < deadline, f"{busy} whatsmeow session threads still busy"
        await asyncio.sleep(0.05)
