"""Sessions per connector: memory and idle CPU for N connected sim sessions, time to
connect them all, and time to restore them all after a connector restart (from the
restart to the first restored connection, and to the last), with the peak number of
connections the restore opened in any one second and the shortest time between two of
them (the herd it avoids). The sessions are linked through the QR, as a tenant links
one, 100 at a time; the restore is the connector's own, against the sim's socket.
Beside the connector, the sim network's RSS and idle CPU (it holds a socket a session
too), and each process's open sockets.

Env: BENCH_SESSIONS (100@20,1000@100): runs of N sessions restored at R a second;
BENCH_IDLE_SECONDS (20); BENCH_RESTORE_BASELINE: another checkout (main before a
change) whose connector restores the same sessions in turn with this one's, twice
each, for a before/after in one run. 10,000 (`BENCH_SESSIONS=10000@100`) needs some 20,000 open
files in each of the connector and the sim: the soft limit is raised to the hard one
here, and the stack's processes inherit it. `bench/session_costs.py` counts what one
session costs (tasks, timers, sockets, bytes) rather than timing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench.common import (
    PATIENT_COMMANDS,
    cpu_seconds,
    emit,
    env_float,
    now,
    open_sockets,
    profiled,
    rss_bytes,
    running_stack,
    table,
    wait_all_connected,
)
from devstack.stack import Stack

# sessions linked at once while setting up (the restore is what is measured)
LINK_PARALLEL = 100


def _open_files_limit(wanted: int) -> int:
    """Raise the soft limit on open files toward the hard one (the default soft 1,024
    holds fewer sockets than a connector of thousands of sessions needs)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


async def _connected_since(
    stack: Stack, c: httpx.AsyncClient, phones: set[str], since_ms: float
) -> list[float]:
    """When each of these sessions connected after `since_ms` (epoch ms), from the sim's
    connection log read once (a read per phone scans the whole log each time)."""
    r = await c.get(f"{stack.sim}/connections")
    r.raise_for_status()
    return [
        float(e["at"])
        for e in r.json()["connections"]
        if e["event"] == "connected" and e["phone"] in phones and e["at"] >= since_ms
    ]


async def _link_all(stack: Stack, c: httpx.AsyncClient, count: int) -> list[tuple[str, str]]:
    """`count` sessions linked as a tenant links one (initialize, a fresh phone scans
    the QR), LINK_PARALLEL at a time, then waited for together: [(company id, number)].
    Each waited for on its own (its status polled every 50 ms, 20 at a time) took 594 s
    at 10,000, most of it polls."""
    slots = asyncio.Semaphore(LINK_PARALLEL)

    async def one() -> tuple[str, str]:
        async with slots:
            tenant = stack.new_tenant()
            r = await c.post(
                f"{stack.api}/sessions/{tenant}/initialize", headers=stack.auth(tenant)
            )
            assert r.status_code == 200 and r.json()["status"] == "qr", r.text
            phone = await stack.new_phone(c)
            link = await c.post(f"{stack.sim}/phones/{phone}/link", json={"qr": r.json()["qr"]})
            assert link.status_code == 200, link.text
            return tenant, phone

    linked = await asyncio.gather(*(one() for _ in range(count)))
    await wait_all_connected(stack, c, count)
    return linked


def _closest_ms(connected: list[float]) -> float:
    """The shortest time between two restored connections (the e2e guard's measure)."""
    ordered = sorted(connected)
    return min((b - a for a, b in zip(ordered, ordered[1:], strict=False)), default=0.0)


async def measure(count: int, restore_rate: float, idle_s: float) -> dict[str, Any]:
    async with (
        running_stack(WAGATE_RESTORE_RATE=str(restore_rate), **PATIENT_COMMANDS) as stack,
        httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=LINK_PARALLEL)) as c,
    ):
        pid, sim = stack.procs["connector"].pid, stack.procs["sim"].pid
        rss_empty, sim_empty = rss_bytes(pid), rss_bytes(sim)
        began = now()
        sessions = await _link_all(stack, c, count)
        connect_s = now() - began
        await asyncio.sleep(1)
        rss_full, sim_full = rss_bytes(pid), rss_bytes(sim)
        sockets, sim_sockets = open_sockets(pid), open_sockets(sim)
        cpu0, sim_cpu0 = cpu_seconds(pid), cpu_seconds(sim)
        await asyncio.sleep(idle_s)
        idle_cpu = (cpu_seconds(pid) - cpu0) / idle_s
        sim_idle_cpu = (cpu_seconds(sim) - sim_cpu0) / idle_s
        idle_load = os.getloadavg()[0]

        phones = {number for _, number in sessions}
        restores = [await _restore(stack, c, phones, tree) for tree in _trees()]
    own = next(r for r in restores if r["tree"] == "this")
    return {
        "sessions": count,
        "connect_all_s": round(connect_s, 2),
        "rss_mb": round(rss_full / 2**20, 1),
        "rss_per_session_kb": round((rss_full - rss_empty) / count / 1024, 1),
        "sockets": sockets,
        "idle_cpu_pct": round(idle_cpu * 100, 2),
        "idle_loadavg_1m": round(idle_load, 1),
        "sim_rss_per_session_kb": round((sim_full - sim_empty) / count / 1024, 1),
        "sim_sockets": sim_sockets,
        "sim_idle_cpu_pct": round(sim_idle_cpu * 100, 2),
        **{k: v for k, v in own.items() if k != "tree"},
        "restore_rate_per_s": restore_rate,
        # baseline: the same sessions' first connection (QR scan), measured above
        "restore_vs_first_connect": round(own["restore_all_s"] / connect_s, 2),
        "restores": restores,
    }


def _trees() -> list[Path | None]:
    """The code each restart runs: this tree's, or with BENCH_RESTORE_BASELINE (another
    checkout, e.g. main before a change) that one's and this one's in turn, twice."""
    baseline = os.environ.get("BENCH_RESTORE_BASELINE")
    return [None] if not baseline else [Path(baseline), None, Path(baseline), None]


async def _restore(
    stack: Stack, c: httpx.AsyncClient, phones: set[str], tree: Path | None
) -> dict[str, Any]:
    """Restart the connector (SIGTERM, then a new process of `tree`'s code) and wait for
    every session to connect again; when each did, from the sim's connection log."""
    sim = stack.procs["sim"].pid
    restarted_ms = time.time() * 1000
    stack.stop("connector", timeout_s=300)
    stopped_ms, sim_cpu0 = time.time() * 1000, cpu_seconds(sim)
    pid = stack.start("connector", code=tree).pid
    await stack.wait_ready(timeout_s=300)
    ready_ms = time.time() * 1000
    # profiled (BENCH_PROFILE): this tree's connector alone, from ready to the last
    profiling = profiled({"connector": pid, "sim": sim}, f"sessions-{len(phones)}-restore")
    with profiling if tree is None else contextlib.nullcontext():
        await wait_all_connected(stack, c, len(phones))
    # the new process's CPU from its start (loading, marking, connecting), and the sim's
    cpu_s, sim_cpu_s = cpu_seconds(pid), cpu_seconds(sim) - sim_cpu0
    connected = await _connected_since(stack, c, phones, restarted_ms)
    per_second = Counter(int(at // 1000) for at in connected)
    first, last = min(connected, default=stopped_ms), max(connected, default=stopped_ms)
    return {
        "tree": "this" if tree is None else str(tree),
        "load_1m": round(os.getloadavg()[0], 1),
        # from the restart to the last session's connection, as the sim logged it
        "restore_all_s": round((last - restarted_ms) / 1000, 2),
        "restore_stop_s": round((stopped_ms - restarted_ms) / 1000, 2),  # SIGTERM to exit
        "restore_ready_s": round((ready_ms - stopped_ms) / 1000, 2),  # start to heartbeat
        # from the new process's start to its first restored connection
        "restore_first_s": round((first - stopped_ms) / 1000, 2),
        # the restore's own span, first restored connection to last (the rate's doing)
        "restore_span_s": round((last - first) / 1000, 2),
        "restored": len(connected),
        "restore_peak_per_s": max(per_second.values(), default=0),
        "restore_closest_ms": round(_closest_ms(connected), 1),
        "restore_cpu_ms_per_session": round(cpu_s * 1000 / len(phones), 2),
        "restore_sim_cpu_ms_per_session": round(sim_cpu_s * 1000 / len(phones), 2),
    }


async def main() -> None:
    idle_s = env_float("BENCH_IDLE_SECONDS", 20)
    plan = [
        (int(n), float(r))
        for n, r in (
            pair.split("@")
            for pair in os.environ.get("BENCH_SESSIONS", "100@20,1000@100").split(",")
        )
    ]
    _open_files_limit(2 * max(n for n, _ in plan) + 1024)
    rows = [await measure(n, rate, idle_s) for n, rate in plan]
    table(
        f"sessions per connector (idle CPU over {idle_s:g} s; restore at the configured rate)",
        [
            "sessions",
            "connect s",
            "RSS MB",
            "KB/session",
            "sockets",
            "idle CPU %",
            "load",
            "sim KB/session",
            "sim CPU %",
            "restore s",
            "first s",
            "span s",
            "restore rate",
            "peak/s",
            "closest ms",
        ],
        [
            [
                r["sessions"],
                r["connect_all_s"],
                r["rss_mb"],
                r["rss_per_session_kb"],
                r["sockets"],
                r["idle_cpu_pct"],
                r["idle_loadavg_1m"],
                r["sim_rss_per_session_kb"],
                r["sim_idle_cpu_pct"],
                r["restore_all_s"],
                r["restore_first_s"],
                r["restore_span_s"],
                r["restore_rate_per_s"],
                r["restore_peak_per_s"],
                r["restore_closest_ms"],
            ]
            for r in rows
        ],
    )
    table(
        "restores (each a connector restart: SIGTERM, a new process, every session again)",
        ["sessions", "tree", "load", "stop s", "ready s", "first s", "span s", "all s", "peak/s"]
        + ["closest ms", "CPU ms/session", "sim CPU ms/session"],
        [
            [r["sessions"], t["tree"], t["load_1m"], t["restore_stop_s"], t["restore_ready_s"]]
            + [t["restore_first_s"], t["restore_span_s"], t["restore_all_s"]]
            + [t["restore_peak_per_s"], t["restore_closest_ms"]]
            + [t["restore_cpu_ms_per_session"], t["restore_sim_cpu_ms_per_session"]]
            for r in rows
            for t in r["restores"]
        ],
    )
    emit("sessions", {"idle_seconds": idle_s, "runs": rows})


if __name__ == "__main__":
    asyncio.run(main())
