"""Connector memory across session churn: initialize, link (a sim phone scans the QR),
connected, delete, a few thousand times, and what stays behind.

Two modes:

- default: the whole stack as processes (sim, connector, gateway); the connector's RSS
  after a warm-up and after each further round of cycles, so growth per 1,000 cycles
  (the figure the issue reported: 20 MiB over 1,200 cycles);
- `--trace`: the connector runs inside this process under tracemalloc, and the allocations
  that grew between the snapshots after each round are printed by where they were made
  (the tool that finds what is kept per deleted session).

Env: BENCH_CHURN_WARMUP (300) cycles before the baseline, BENCH_CHURN_ROUNDS (3) rounds of
BENCH_CHURN_CYCLES (600), BENCH_CHURN_PARALLEL (10) cycles at a time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import time
import tracemalloc
from collections.abc import AsyncIterator

import httpx
from redis.asyncio import Redis

from bench.common import BENCH_ENV, emit, env_int, rss_bytes, table
from connector.main import run_connector
from devstack.stack import Stack, deployment
from wagate.config import Settings

_MIB = 1024 * 1024


async def _cycle(stack: Stack, c: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    await stack.connect_session(c, tenant)
    r = await stack.call(c, "DELETE", tenant)
    assert r.status_code == 200 and r.json()["deleted"] is True, r.text


async def _cycles(stack: Stack, c: httpx.AsyncClient, count: int, parallel: int) -> None:
    slots = asyncio.Semaphore(parallel)

    async def one() -> None:
        async with slots:
            await _cycle(stack, c)

    await asyncio.gather(*(one() for _ in range(count)))


@contextlib.asynccontextmanager
async def connector_stack(trace: bool, **overrides: str) -> AsyncIterator[tuple[Stack, int]]:
    """The stack, and the pid whose memory counts (the connector's; with `trace`, this
    process, where the connector then runs)."""
    parts = ("sim", "gateway") if trace else ("sim", "connector", "gateway")
    async with deployment(parts, **{**BENCH_ENV, **overrides}) as stack:
        if not trace:
            yield stack, stack.procs["connector"].pid
            return
        stop = asyncio.Event()
        connector = asyncio.create_task(run_connector(Settings.from_env(stack.env), stop))
        redis = Redis.from_url(stack.env["REDIS_URL"])
        heartbeat = f"{stack.env['WAGATE_REDIS_PREFIX']}:connector:heartbeat"
        while not await redis.exists(heartbeat):
            assert not connector.done(), connector
            await asyncio.sleep(0.1)
        await redis.aclose()
        try:
            yield stack, os.getpid()
        finally:
            stop.set()
            await connector


def _settled_rss(pid: int) -> int:
    gc.collect()
    return rss_bytes(pid)


def _print_growth(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, top: int) -> None:
    ignore = [
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
        tracemalloc.Filter(False, "*/bench/*"),
        tracemalloc.Filter(False, "*/httpx/*"),
        tracemalloc.Filter(False, "*/httpcore/*"),
    ]
    stats = after.filter_traces(ignore).compare_to(before.filter_traces(ignore), "traceback")
    grown = [s for s in stats if s.size_diff > 0][:top]
    for stat in grown:
        print(f"\n+{stat.size_diff / 1024:.1f} KiB in +{stat.count_diff} blocks")
        for line in stat.traceback.format(limit=8):
            print("   ", line)


async def main(trace: bool) -> None:
    warmup = env_int("BENCH_CHURN_WARMUP", 300)
    rounds = env_int("BENCH_CHURN_ROUNDS", 3)
    per_round = env_int("BENCH_CHURN_CYCLES", 600)
    parallel = env_int("BENCH_CHURN_PARALLEL", 10)
    if trace:
        tracemalloc.start(12)
    rows = []
    async with connector_stack(trace) as (stack, pid), httpx.AsyncClient(timeout=30) as c:
        await _cycles(stack, c, warmup, parallel)
        await asyncio.sleep(1)  # closed sockets finish closing
        base = _settled_rss(pid)
        snapshot = tracemalloc.take_snapshot() if trace else None
        rows.append([warmup, 0, round(base / _MIB, 1), 0.0, None])
        done = 0
        for _ in range(rounds):
            started = time.perf_counter()
            await _cycles(stack, c, per_round, parallel)
            seconds = time.perf_counter() - started
            done += per_round
            await asyncio.sleep(1)
            rss = _settled_rss(pid)
            rows.append(
                [
                    warmup + done,
                    done,
                    round(rss / _MIB, 1),
                    round((rss - base) / _MIB / done * 1000, 2),
                    round(per_round / seconds, 1),
                ]
            )
            if snapshot is not None:
                latest = tracemalloc.take_snapshot()
                print(f"\n=== grown over the {per_round} cycles up to {warmup + done}")
                _print_growth(snapshot, latest, 12)
                snapshot = latest
    table(
        "connector memory across initialize/link/delete cycles"
        + (" (in-process, traced)" if trace else ""),
        ["cycles", "after baseline", "RSS MiB", "MiB per 1000", "cycles/s"],
        rows,
    )
    emit(
        "session_churn",
        {
            "traced": trace,
            "warmup": warmup,
            "rounds": [
                {"cycles": r[0], "rss_mib": r[2], "growth_mib_per_1000": r[3]} for r in rows
            ],
        },
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trace", action="store_true", help="tracemalloc, connector in-process")
    args = parser.parse_args()
    asyncio.run(main(args.trace))
