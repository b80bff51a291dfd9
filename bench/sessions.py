"""Sessions per connector: memory and idle CPU for N connected sim sessions, time to
connect them all, and time to restore them all after a connector restart, with the
peak number of connections the restore opened in any one second (the herd it avoids).
Beside the connector, the sim network's RSS and idle CPU (it holds a socket a session
too), and each process's open sockets.

Env: BENCH_SESSIONS (100@20,1000@100): runs of N sessions restored at R a second;
BENCH_IDLE_SECONDS (20). 10,000 (`BENCH_SESSIONS=10000@100`) needs some 20,000 open
files in each of the connector and the sim: the soft limit is raised to the hard one
here, and the stack's processes inherit it. `bench/session_costs.py` counts what one
session costs (tasks, timers, sockets, bytes) rather than timing it.
"""

from __future__ import annotations

import asyncio
import os
import resource
import time
from collections import Counter
from typing import Any

import httpx

from bench.common import (
    PATIENT_COMMANDS,
    connect_sessions,
    cpu_seconds,
    emit,
    env_float,
    now,
    open_sockets,
    rss_bytes,
    running_stack,
    table,
)
from devstack.stack import Stack


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


async def measure(count: int, restore_rate: float, idle_s: float) -> dict[str, Any]:
    async with (
        running_stack(WAGATE_RESTORE_RATE=str(restore_rate), **PATIENT_COMMANDS) as stack,
        httpx.AsyncClient(timeout=60) as c,
    ):
        pid, sim = stack.procs["connector"].pid, stack.procs["sim"].pid
        rss_empty, sim_empty = rss_bytes(pid), rss_bytes(sim)
        began = now()
        sessions = await connect_sessions(stack, c, count)
        connect_s = now() - began
        await asyncio.sleep(1)
        rss_full, sim_full = rss_bytes(pid), rss_bytes(sim)
        sockets, sim_sockets = open_sockets(pid), open_sockets(sim)
        cpu0, sim_cpu0 = cpu_seconds(pid), cpu_seconds(sim)
        await asyncio.sleep(idle_s)
        idle_cpu = (cpu_seconds(pid) - cpu0) / idle_s
        sim_idle_cpu = (cpu_seconds(sim) - sim_cpu0) / idle_s
        idle_load = os.getloadavg()[0]

        restarted_ms = time.time() * 1000
        await stack.restart_connector()
        admin = stack.admin()
        while True:  # a listing of every session is big: once a second
            listed = (await c.get(f"{stack.api}/sessions", headers=admin)).json()["sessions"]
            if sum(s["status"] == "connected" for s in listed) >= count:
                break
            await asyncio.sleep(1)
        phones = {number for _, number in sessions}
        connected = await _connected_since(stack, c, phones, restarted_ms)
        per_second = Counter(int(at // 1000) for at in connected)
        # from the restart to the last session's connection, as the sim logged it
        restore_s = (max(connected, default=restarted_ms) - restarted_ms) / 1000
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
        "restore_all_s": round(restore_s, 2),
        # the restore's own span, first restored connection to last (the rate's doing;
        # the time before it is the connector's start)
        "restore_span_s": round((max(connected) - min(connected)) / 1000, 2) if connected else 0,
        "restored": len(connected),
        "restore_rate_per_s": restore_rate,
        "restore_peak_per_s": max(per_second.values(), default=0),
        # baseline: the same sessions' first connection (QR scan), measured above
        "restore_vs_first_connect": round(restore_s / connect_s, 2),
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
            "span s",
            "restore rate",
            "peak/s",
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
                r["restore_span_s"],
                r["restore_rate_per_s"],
                r["restore_peak_per_s"],
            ]
            for r in rows
        ],
    )
    emit("sessions", {"idle_seconds": idle_s, "runs": rows})


if __name__ == "__main__":
    asyncio.run(main())
