"""What one connected session costs the connector, counted rather than timed: asyncio
tasks, scheduled timers, open sockets, traced Python memory and RSS per session, and the
sim network's sockets and RSS beside it. The connector runs inside this process (as in
`bench/session_churn.py --trace`) so its event loop can be counted; the figures are the
difference between two sizes, divided by the sessions between them, so what the process
holds anyway (the bench's own client, the connector's fixed tasks) cancels out. These
counts do not move with the machine's load, unlike CPU and rates.

Env: BENCH_COSTS_SIZES (100,1000): the sizes, ascending; BENCH_COSTS_TOP (8): allocation
sites printed, largest growth first.
"""

from __future__ import annotations

import asyncio
import gc
import os
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx

from bench.common import (
    PATIENT_COMMANDS,
    connect_sessions,
    emit,
    env_int,
    open_sockets,
    rss_bytes,
    table,
)
from bench.session_churn import connector_stack
from devstack.stack import Stack


@dataclass(frozen=True)
class Counts:
    sessions: int
    tasks: int
    timers: int
    sockets: int
    traced_bytes: int
    rss: int
    sim_sockets: int
    sim_rss: int


def _count(stack: Stack, sessions: int) -> Counts:
    gc.collect()
    loop = asyncio.get_running_loop()
    sim = stack.procs["sim"].pid
    return Counts(
        sessions=sessions,
        tasks=len(asyncio.all_tasks()),
        timers=len(loop._scheduled),  # type: ignore[attr-defined]  # the loop's timer heap
        sockets=open_sockets(os.getpid()),
        traced_bytes=tracemalloc.get_traced_memory()[0],
        rss=rss_bytes(os.getpid()),
        sim_sockets=open_sockets(sim),
        sim_rss=rss_bytes(sim),
    )


def _what(callback: Any) -> str:
    """A task's coroutine or a timer's callback, by name: what each one is for."""
    coro = getattr(callback, "get_coro", lambda: None)()
    if coro is not None:
        return str(getattr(coro, "__qualname__", coro))
    callback = getattr(callback, "__self__", callback)  # a bound method: its object
    owner = getattr(callback, "get_coro", None)  # a task's wake-up: the task
    if owner is not None:
        return "wakes " + _what(callback)
    return str(getattr(callback, "__qualname__", type(callback).__qualname__))


def _timer(handle: asyncio.TimerHandle) -> str:
    """A sleep's timer by the task asleep in it (its future's wake-up callback)."""
    args = getattr(handle, "_args", None) or ()
    if args and isinstance(args[0], asyncio.Future):
        for callback, _ in getattr(args[0], "_callbacks", None) or ():
            return "sleep in " + _what(callback)
    return _what(handle._callback)  # type: ignore[attr-defined]


def _print_kinds(stack_sessions: int) -> None:
    loop = asyncio.get_running_loop()
    tasks = Counter(_what(t) for t in asyncio.all_tasks())
    timers = Counter(_timer(h) for h in loop._scheduled)  # type: ignore[attr-defined]
    print(f"\nat {stack_sessions} sessions, tasks and timers by what they run (top 8)")
    for name, n in tasks.most_common(8):
        print(f"  task   {n:6}  {name}")
    for name, n in timers.most_common(8):
        print(f"  timer  {n:6}  {name}")


def _per_session(a: Counts, b: Counts) -> dict[str, float]:
    n = b.sessions - a.sessions
    return {
        "tasks": round((b.tasks - a.tasks) / n, 2),
        "timers": round((b.timers - a.timers) / n, 2),
        "sockets": round((b.sockets - a.sockets) / n, 2),
        "traced_kb": round((b.traced_bytes - a.traced_bytes) / n / 1024, 1),
        "rss_kb": round((b.rss - a.rss) / n / 1024, 1),
        "sim_sockets": round((b.sim_sockets - a.sim_sockets) / n, 2),
        "sim_rss_kb": round((b.sim_rss - a.sim_rss) / n / 1024, 1),
    }


def _print_sites(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, n: int) -> None:
    top = env_int("BENCH_COSTS_TOP", 8)
    by_file = after.compare_to(before, "filename")
    print(f"\ntraced memory per session by the file that allocated it ({n} sessions apart)")
    for stat in [s for s in by_file if s.size_diff > 0][:top]:
        print(f"  {stat.size_diff / n:8.0f} B  {stat.traceback[0].filename}")
    stats = after.compare_to(before, "traceback")
    print(f"\nwhere the traced memory per session went (largest first, {n} sessions apart)")
    for stat in [s for s in stats if s.size_diff > 0][:top]:
        print(f"\n  {stat.size_diff / n:.0f} B, {stat.count_diff / n:.1f} blocks a session")
        for line in stat.traceback.format(limit=4):
            print("     ", line)


async def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_COSTS_SIZES", "100,1000").split(",")]
    tracemalloc.start(6)
    counts: list[Counts] = []
    snapshots: list[tracemalloc.Snapshot] = []
    async with (
        connector_stack(True, **PATIENT_COMMANDS) as (stack, _),
        httpx.AsyncClient(timeout=60) as c,
    ):
        for size in sizes:
            await connect_sessions(stack, c, size - (counts[-1].sessions if counts else 0))
            await asyncio.sleep(2)  # handshakes and first health checks settle
            counts.append(_count(stack, size))
            print(counts[-1], flush=True)
            _print_kinds(size)
            snapshots.append(tracemalloc.take_snapshot())
    rows: list[dict[str, Any]] = []
    for (a, b), (s0, s1) in zip(
        zip(counts, counts[1:], strict=False),
        zip(snapshots, snapshots[1:], strict=False),
        strict=True,
    ):
        rows.append({"from": a.sessions, "to": b.sessions, **_per_session(a, b)})
        _print_sites(s0, s1, b.sessions - a.sessions)
    header = ["from", "to", "tasks", "timers", "sockets", "traced_kb", "rss_kb"]
    header += ["sim_sockets", "sim_rss_kb"]
    table(
        "per connected session (connector in-process; sim network a process)",
        header,
        [[r[h] for h in header] for r in rows],
    )
    emit("session_costs", {"totals": [c.__dict__ for c in counts], "per_session": rows})


if __name__ == "__main__":
    asyncio.run(main())
