"""Session restore after a connector restart, against the same sessions' first connection.

K sim sessions are connected the way a tenant does it (initialize, a phone scans the QR):
that first connection of all K is the baseline. Then the connector is stopped (SIGTERM)
and started again; the figure is the time from the new process's start until GET /sessions
(admin) lists all K as connected (watched through the sim's count of connections, so the
listing of K sessions is not what is measured). RSS of the connector (VmRSS) is read
before the restart, with K sessions, and after the restore, with the same K.

The connector restores at a steady WAGATE_RESTORE_RATE (20/s unless set) on purpose, so
WhatsApp sees no herd: K / rate is a floor the table prints beside the time.

Env: BENCH_RESTORE_SESSIONS (50), BENCH_RESTORE_CONNECT_PARALLEL initial connects in
flight (20), BENCH_RESTORE_RATE (the product's default unless set), BENCH_RESTORE_TIMEOUT
seconds to wait for the restore (120).
"""

from __future__ import annotations

import asyncio
import os

import httpx

from bench.common import (
    connect_sessions,
    emit,
    env_float,
    env_int,
    now,
    ratio,
    rss_bytes,
    running_stack,
    table,
    wait_all_connected,
)


def mb(n: int) -> float:
    return round(n / 2**20, 1)


async def main() -> None:
    count = env_int("BENCH_RESTORE_SESSIONS", 50)
    parallel = env_int("BENCH_RESTORE_CONNECT_PARALLEL", 20)
    timeout_s = env_float("BENCH_RESTORE_TIMEOUT", 120)
    overrides = {}
    if "BENCH_RESTORE_RATE" in os.environ:
        overrides["WAGATE_RESTORE_RATE"] = os.environ["BENCH_RESTORE_RATE"]

    async with running_stack(**overrides) as stack, httpx.AsyncClient(timeout=30) as c:
        rate = stack.settings.restore_per_second
        rss_empty = rss_bytes(stack.procs["connector"].pid)
        began = now()
        await connect_sessions(stack, c, count, parallel)
        first_connect_s = now() - began
        await asyncio.sleep(1)
        rss_before = rss_bytes(stack.procs["connector"].pid)

        began = now()
        stack.stop("connector")
        stop_s = now() - began
        started = now()
        stack.start("connector")
        await stack.wait_ready()
        ready_s = now() - started
        restored = await wait_all_connected(stack, c, count, timeout_s)
        restore_s = now() - started
        await asyncio.sleep(1)
        rss_after = rss_bytes(stack.procs["connector"].pid)
        sim_connections = (await c.get(f"{stack.sim}/stats")).json()["connections"]

    floor_s = count / rate
    per_session_kb = round((rss_before - rss_empty) / count / 1024, 1)
    table(
        f"session restore: {count} sim sessions; restore paced at {rate:g}/s "
        f"(floor {floor_s:.2f} s); first connect {parallel} at a time",
        ["what", "seconds", "vs first connect"],
        [
            ["first connect of all (initialize + QR scan)", round(first_connect_s, 2), 1.0],
            [
                f"restore: connector start → {restored}/{count} connected",
                round(restore_s, 2),
                ratio(restore_s, first_connect_s),
            ],
            ["  of which start → connector ready", round(ready_s, 2), ""],
            ["connector stop (SIGTERM → exit)", round(stop_s, 2), ""],
        ],
    )
    table(
        "connector RSS (VmRSS)",
        ["when", "MB", "KB per session"],
        [
            ["empty, at start", mb(rss_empty), ""],
            [f"before restart, {count} sessions", mb(rss_before), per_session_kb],
            [f"after restore, {restored} sessions", mb(rss_after), ""],
        ],
    )
    print(f"  sim network: {sim_connections} device connections open after the restore")
    emit(
        "restore",
        {
            "sessions": count,
            "restore_rate_per_s": rate,
            "restore_floor_s": round(floor_s, 2),
            "first_connect_s": round(first_connect_s, 2),
            "first_connect_parallel": parallel,
            "restore_s": round(restore_s, 2),
            "restored": restored,
            "connector_ready_s": round(ready_s, 2),
            "connector_stop_s": round(stop_s, 2),
            "ratio_restore_vs_first_connect": ratio(restore_s, first_connect_s),
            "rss_empty_mb": mb(rss_empty),
            "rss_before_mb": mb(rss_before),
            "rss_after_mb": mb(rss_after),
            "rss_per_session_kb": per_session_kb,
            "sim_connections_after": sim_connections,
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
