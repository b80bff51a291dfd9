"""A history sync of many messages into the message store: a sim phone with
BENCH_HISTORY_MESSAGES (50,000) old messages in BENCH_HISTORY_CHATS (10) chats links;
the time from the QR scan to the last `history_sync` done, messages stored per second,
and the connector's RSS before and at its peak during the sync, sampled every 50 ms.
The sync is streamed batch by batch, so the peak must not grow with the sync's size.

Baseline: the same for a sync a tenth the size (BENCH_HISTORY_BASELINE, 5,000), in the
same run, on the same connector: the peak's growth over it is what the size costs.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx

from bench.common import emit, env_int, rss_bytes, running_stack, table
from devstack.stack import Stack

_MIB = 1024 * 1024


@contextlib.asynccontextmanager
async def _peak_rss(pid: int) -> AsyncIterator[list[int]]:
    """[peak] of the process's RSS while inside, sampled every 50 ms."""
    peak = [rss_bytes(pid)]

    async def sample() -> None:
        while True:
            peak[0] = max(peak[0], rss_bytes(pid))
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    try:
        yield peak
    finally:
        sampler.cancel()
        peak[0] = max(peak[0], rss_bytes(pid))


def _chats(friends: list[str], total: int) -> list[dict[str, Any]]:
    per_chat = total // len(friends)
    text = "an old message of a typical length, some forty to eighty characters"
    return [
        {
            "chat": f,
            "messages": [{"text": f"{text} {i}", "fromMe": i % 3 == 0} for i in range(per_chat)],
        }
        for f in friends
    ]


async def _one_sync(
    stack: Stack, c: httpx.AsyncClient, pid: int, total: int, chats: int
) -> list[Any]:
    tenant = stack.new_tenant()
    created = {"companyId": tenant, "messageStore": "full"}
    assert (
        await c.post(f"{stack.api}/tenants", headers=stack.admin(), json=created)
    ).status_code == 201
    friends = [await stack.new_phone(c) for _ in range(chats)]
    phone = await stack.new_phone(c)
    r = await c.post(f"{stack.sim}/phones/{phone}/history", json={"chats": _chats(friends, total)})
    assert r.status_code == 200, r.text
    r = await c.post(f"{stack.api}/sessions/{tenant}/initialize", headers=stack.auth(tenant))
    before = rss_bytes(pid)
    stored = 0
    async with stack.events(tenant) as events, _peak_rss(pid) as peak:
        started = time.perf_counter()
        link = await c.post(f"{stack.sim}/phones/{phone}/link", json={"qr": r.json()["qr"]})
        assert link.status_code == 200, link.text
        done = 0
        while done < 2:  # the bootstrap and the recent sync
            event = await events.until("history_sync", timeout_s=600)
            if event["data"]["status"] == "done":
                done, stored = done + 1, stored + event["data"]["stored"]
        seconds = time.perf_counter() - started
    return [
        total,
        stored,
        round(seconds, 1),
        round(stored / seconds),
        round(before / _MIB, 1),
        round(peak[0] / _MIB, 1),
    ]


async def main() -> None:
    total = env_int("BENCH_HISTORY_MESSAGES", 50_000)
    baseline = env_int("BENCH_HISTORY_BASELINE", 5_000)
    chats = env_int("BENCH_HISTORY_CHATS", 10)
    async with running_stack() as stack, httpx.AsyncClient(timeout=120) as c:
        pid = stack.procs["connector"].pid
        rows = [await _one_sync(stack, c, pid, n, chats) for n in (baseline, total)]
    header = ["messages", "stored", "seconds", "stored/s", "RSS before MiB", "RSS peak MiB"]
    table("a history sync into the message store (connector RSS)", header, rows)
    emit(
        "history_sync",
        {
            "runs": [
                dict(
                    zip(
                        (
                            "messages",
                            "stored",
                            "seconds",
                            "per_s",
                            "rss_before_mib",
                            "rss_peak_mib",
                        ),
                        r,
                        strict=True,
                    )
                )
                for r in rows
            ],
            "peak_growth_mib": round(rows[1][5] - rows[0][5], 1),
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
