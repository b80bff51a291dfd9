"""Sessions per connector: memory and idle CPU for N connected sim sessions, time to
connect them all, and time to restore them all after a connector restart, with the
peak number of connections the restore opened in any one second (the herd it avoids)."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from typing import Any

import httpx

from bench.common import (
    connect_sessions,
    cpu_seconds,
    emit,
    env_float,
    now,
    rss_bytes,
    running_stack,
    table,
)


async def measure(count: int, restore_rate: float, idle_s: float) -> dict[str, Any]:
    async with (
        running_stack(WAGATE_RESTORE_RATE=str(restore_rate)) as stack,
        httpx.AsyncClient(timeout=60) as c,
    ):
        pid = stack.procs["connector"].pid
        rss_empty = rss_bytes(pid)
        began = now()
        sessions = await connect_sessions(stack, c, count)
        connect_s = now() - began
        await asyncio.sleep(1)
        rss_full = rss_bytes(pid)
        cpu0 = cpu_seconds(pid)
        await asyncio.sleep(idle_s)
        idle_cpu = (cpu_seconds(pid) - cpu0) / idle_s

        await stack.restart_connector()
        restarted = now()
        admin = stack.admin()
        while True:
            listed = (await c.get(f"{stack.api}/sessions", headers=admin)).json()["sessions"]
            if sum(s["status"] == "connected" for s in listed) >= count:
                break
            await asyncio.sleep(0.1)
        restore_s = now() - restarted
        per_second: Counter[int] = Counter()
        for _, number in sessions:
            log = await stack.connections(c, number)
            last = max(e["at"] for e in log if e["event"] == "connected")
            per_second[int(last // 1000)] += 1
    return {
        "sessions": count,
        "connect_all_s": round(connect_s, 2),
        "rss_mb": round(rss_full / 2**20, 1),
        "rss_per_session_kb": round((rss_full - rss_empty) / count / 1024, 1),
        "idle_cpu_pct": round(idle_cpu * 100, 2),
        "restore_all_s": round(restore_s, 2),
        "restore_rate_per_s": restore_rate,
        "restore_peak_per_s": max(per_second.values()),
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
    rows = [await measure(n, rate, idle_s) for n, rate in plan]
    table(
        f"sessions per connector (idle CPU over {idle_s:g} s; restore at the configured rate)",
        [
            "sessions",
            "connect s",
            "RSS MB",
            "KB/session",
            "idle CPU %",
            "restore s",
            "restore rate",
            "peak/s",
        ],
        [
            [
                r["sessions"],
                r["connect_all_s"],
                r["rss_mb"],
                r["rss_per_session_kb"],
                r["idle_cpu_pct"],
                r["restore_all_s"],
                r["restore_rate_per_s"],
                r["restore_peak_per_s"],
            ]
            for r in rows
        ],
    )
    emit("sessions", {"idle_seconds": idle_s, "runs": rows})


if __name__ == "__main__":
    asyncio.run(main())
