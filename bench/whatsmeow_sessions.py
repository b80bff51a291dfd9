"""The whatsmeow engine's session start and restore, with the real library, against the
sim engine's in the same run.

WhatsApp cannot be reached from here, so a whatsmeow session start is one full
connection attempt through the real library that ends at DNS: neonize's Go call on its
own thread, whatsmeow opening its store in PostgreSQL, the dial, the failure mapped and
published; timed from `initialize` until the status says `reconnecting`. Two baselines in
the same run: a sim session's start to its first QR (the same API, bus, pool and session
around it), and the DNS lookup alone (getaddrinfo of WhatsApp's host, as many at a time),
which every attempt waits for and which this machine's resolver sometimes answers only
after its 5 s retry.

Then K whatsmeow sessions with stored devices are restored by a restarted connector:
the time until all K made their attempt, against K / WAGATE_RESTORE_RATE. The connector's
RSS and OS threads, and its worker processes' (where neonize and the Go runtime live),
are read after each phase; the baseline is a bare Python process with neonize loaded,
which is what the connector carried before the workers.

Last, pairings whose Go call never returns, in rounds: what an unscanned QR leaves
behind (neonize's FetchMe loops for ever). A QR cannot be had offline, so the closest
real path stands in: whatsmeow's own connect through a proxy that never answers
(`devstack.whatsmeow_network`), which holds its Go call the same way; each round starts
BENCH_WHATSMEOW_STUCK pairings, stops them, and reads the processes once the workers
they ran in have ended.

Env: BENCH_WHATSMEOW_SESSIONS (100), BENCH_WHATSMEOW_PARALLEL (16),
BENCH_WHATSMEOW_STUCK (5), BENCH_WHATSMEOW_STUCK_ROUNDS (100). A stuck attempt also keeps
the database connections neonize opened for it (two to three) until its worker ends, so a
round is kept small enough for a PostgreSQL shared with other runs (100 connections).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench.common import emit, env_int, latency_summary_ms, now, ratio, running_stack, table
from devstack.stack import Stack
from devstack.whatsmeow_network import SilentProxy, silent_proxy
from devstack.whatsmeow_pairing import new_number, pair_offline

# a session's next attempt is far away: each start is exactly one attempt
QUIET = {"WAGATE_RECONNECT_BASE": "600", "WAGATE_RECONNECT_CAP": "600"}


def threads_and_rss_mb(pid: int) -> tuple[int, float]:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["Threads"]), round(int(fields["VmRSS"].split()[0]) / 1024, 1)


def processes(pid: int) -> tuple[int, float, int, int, float]:
    """The connector's (threads, RSS MB), then its worker processes': how many, their
    threads and RSS MB summed."""
    workers: list[tuple[int, float]] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                workers.append(threads_and_rss_mb(int(child)))
    return (
        *threads_and_rss_mb(pid),
        len(workers),
        sum(t for t, _ in workers),
        round(sum(m for _, m in workers), 1),
    )


def neonize_process_mb() -> tuple[int, float]:
    """Baseline: (threads, RSS MB) of a bare Python process that loaded the engine with
    neonize and the Go runtime, as the connector did before the workers."""
    code = "import connector.engines.whatsmeow.engine, sys; sys.stdin.read()"
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE)
    try:
        time.sleep(3)  # the import takes ~0.7 s of CPU; Go starts its threads with it
        return threads_and_rss_mb(proc.pid)
    finally:
        proc.kill()
        proc.wait()


async def metric(stack: Stack, c: httpx.AsyncClient, name: str) -> float:
    for line in (await c.get(f"{stack.connector_ops}/metrics")).text.splitlines():
        if line.startswith(f"{name} "):
            return float(line.split()[1])
    return float("nan")


async def no_workers(stack: Stack, c: httpx.AsyncClient) -> bool:
    return await metric(stack, c, "wagate_whatsmeow_workers") == 0


async def poll(
    what: Callable[[], str], check: Callable[[], Awaitable[bool]], timeout_s: float = 120
) -> None:
    deadline = now() + timeout_s
    while not await check():
        assert now() < deadline, f"not within {timeout_s} s: {what()}"
        await asyncio.sleep(0.05)


async def settled(
    stack: Stack, c: httpx.AsyncClient, proxy: SilentProxy, before: int, tenants: set[str]
) -> bool:
    r = await c.get(f"{stack.api}/sessions", headers=stack.admin())
    failed: int = sum(
        s["companyId"] in tenants and s["status"] == "reconnecting" for s in r.json()["sessions"]
    )
    return len(proxy.held) - before + failed >= len(tenants)


async def stuck_pairings(rounds: int, count: int, parallel: int) -> list[list[Any]]:
    """Rounds of `count` pairings whose Go call never returns, each stopped: the
    processes after each round, once the workers holding those calls have ended."""
    rows: list[list[Any]] = []
    async with (
        silent_proxy() as proxy,
        running_stack(
            WAGATE_ENGINE="whatsmeow", HTTPS_PROXY=proxy.url, WAGATE_INITIALIZE_WAIT="1", **QUIET
        ) as stack,
        httpx.AsyncClient(timeout=60) as c,
    ):
        pid = stack.procs["connector"].pid
        rows.append(["before", 0, *processes(pid)])
        slots = asyncio.Semaphore(parallel)

        async def call(method: str, tenant: str) -> None:
            async with slots:
                r = await stack.call(c, method, tenant, "initialize" if method == "POST" else "")
                assert r.status_code == 200, r.text

        dialled = 0
        for round_ in range(1, rounds + 1):
            tenants = [stack.new_tenant() for _ in range(count)]
            await asyncio.gather(*(call("POST", tenant) for tenant in tenants))
            # each attempt either hangs in the proxy, or failed before it dialled (its
            # database connections refused, say): it then waits in `reconnecting`
            await poll(
                lambda: "every attempt dialled or failed",
                functools.partial(settled, stack, c, proxy, dialled, set(tenants)),
            )
            stuck = len(proxy.held) - dialled
            dialled = len(proxy.held)
            peak = processes(pid)
            await asyncio.gather(*(call("DELETE", tenant) for tenant in tenants))
            await poll(lambda: "every worker ended", lambda: no_workers(stack, c))
            await asyncio.sleep(0.5)  # the killed workers reaped
            for row in (
                [f"round {round_}: {stuck} of {count} stuck (peak)", round_ * count, *peak],
                [f"round {round_}: stopped, workers gone", round_ * count, *processes(pid)],
            ):
                print(row, flush=True)  # kept if a later round fails
                rows.append(row)
    return rows


async def start_all(
    stack: Stack, c: httpx.AsyncClient, engine: str, count: int, parallel: int
) -> tuple[list[str], list[float], float]:
    """Create `count` tenants on `engine` and initialize them, `parallel` at a time."""
    slots = asyncio.Semaphore(parallel)
    expected = "qr" if engine == "sim" else "reconnecting"
    latencies: list[float] = []

    async def one() -> str:
        tenant = stack.new_tenant()
        r = await c.post(
            f"{stack.api}/tenants",
            headers=stack.admin(),
            json={"companyId": tenant, "engine": engine},
        )
        assert r.status_code == 201, r.text
        async with slots:
            began = now()
            r = await stack.call(c, "POST", tenant, "initialize")
            assert r.status_code == 200, r.text
            status = r.json()["status"]
            while status != expected:
                await asyncio.sleep(0.01)
                status = (await stack.status(c, tenant))["status"]
            latencies.append(now() - began)
        return tenant

    began = now()
    tenants = await asyncio.gather(*(one() for _ in range(count)))
    return list(tenants), latencies, now() - began


def dns_lookups(count: int, parallel: int) -> tuple[list[float], float]:
    """getaddrinfo of WhatsApp's web host, `parallel` at a time: what each attempt waits for."""

    def one(_: int) -> float:
        began = now()
        with contextlib.suppress(OSError):
            socket.getaddrinfo("web.whatsapp.com", 443)
        return now() - began

    began = now()
    with ThreadPoolExecutor(parallel) as pool:
        took = list(pool.map(one, range(count)))
    return took, now() - began


async def delete_all(stack: Stack, c: httpx.AsyncClient, tenants: list[str]) -> None:
    slots = asyncio.Semaphore(16)

    async def one(tenant: str) -> None:
        async with slots:
            assert (await stack.call(c, "DELETE", tenant)).status_code == 200

    await asyncio.gather(*(one(tenant) for tenant in tenants))


async def attempted(stack: Stack, c: httpx.AsyncClient, tenants: set[str]) -> int:
    r = await c.get(f"{stack.api}/sessions", headers=stack.admin())
    sessions = r.json()["sessions"] if r.status_code == 200 else []
    return sum(
        s["companyId"] in tenants and s["status"] == "reconnecting" and s["reason"] != "restoring"
        for s in sessions
    )


async def main() -> None:
    count = env_int("BENCH_WHATSMEOW_SESSIONS", 100)
    parallel = env_int("BENCH_WHATSMEOW_PARALLEL", 16)
    phases: list[tuple[Any, ...]] = []
    figures: dict[str, Any] = {"sessions": count, "parallel": parallel}

    async with running_stack(**QUIET) as stack, httpx.AsyncClient(timeout=60) as c:
        pid = stack.procs["connector"].pid
        phases.append(("empty connector", *processes(pid)))
        rows: list[list[Any]] = []

        def record(key: str, label: str, took: list[float], wall: float) -> None:
            summary = latency_summary_ms(took)
            figures[key] = {**summary, "per_s": round(count / wall, 1)}
            rows.append([label, summary["p50_ms"], summary["p99_ms"], round(count / wall, 1)])

        for width in (1, parallel):
            record(
                f"dns_x{width}", f"DNS lookup alone, {width} at a time", *dns_lookups(count, width)
            )
        kept: list[str] = []  # the last whatsmeow round's sessions: restored below
        for engine in ("sim", "whatsmeow"):
            for width in (1, parallel):
                tenants, latencies, wall = await start_all(stack, c, engine, count, width)
                record(f"{engine}_x{width}", f"{engine}, {width} at a time", latencies, wall)
                phases.append(
                    (f"after {count} {engine} starts ({width} at a time)", *processes(pid))
                )
                if engine == "sim" or width == 1:
                    await delete_all(stack, c, tenants)
                else:
                    kept = tenants
        for engine in ("x1", f"x{parallel}"):
            figures[f"ratio_whatsmeow_vs_sim_p50_{engine}"] = ratio(
                figures[f"whatsmeow_{engine}"]["p50_ms"], figures[f"sim_{engine}"]["p50_ms"]
            )
        table(
            f"session start: initialize → first answer, {count} sessions per row "
            "(sim: first QR; whatsmeow: one real connection attempt, failed at DNS)",
            ["engine", "p50 ms", "p99 ms", "per second"],
            rows,
        )

        await pair_offline(stack, [(tenant, new_number(), 1) for tenant in kept])
        rate = stack.settings.restore_per_second
        stack.stop("connector")
        began = now()
        stack.start("connector")
        await stack.wait_ready()
        pid = stack.procs["connector"].pid
        done = 0
        while done < count and now() - began < 120:
            done = await attempted(stack, c, set(kept))
            await asyncio.sleep(0.05)
        restore_s = now() - began
        phases.append((f"after restoring {done} whatsmeow sessions", *processes(pid)))
        table(
            f"restore: {count} whatsmeow sessions with stored devices, paced at {rate:g}/s",
            ["what", "seconds", "vs floor"],
            [
                [
                    f"connector start → {done}/{count} attempted",
                    round(restore_s, 2),
                    ratio(restore_s, count / rate),
                ],
                ["floor (sessions / WAGATE_RESTORE_RATE)", round(count / rate, 2), 1.0],
            ],
        )
        figures.update(restore_s=round(restore_s, 2), restored=done, restore_rate=rate)
        await delete_all(stack, c, kept)
        phases.append(("after deleting them", *processes(pid)))

    baseline = neonize_process_mb()
    phases.append(("baseline: a bare Python process with neonize loaded", *baseline, 0, 0, 0.0))
    columns = ["when", "connector threads", "connector RSS MB", "workers", "their threads"]
    table("connector and its whatsmeow workers", [*columns, "their RSS MB"], phases)
    figures["process"] = [
        dict(
            zip(
                ["when", "threads", "rss_mb", "workers", "worker_threads", "worker_rss_mb"],
                p,
                strict=True,
            )
        )
        for p in phases
    ]

    rounds = env_int("BENCH_WHATSMEOW_STUCK_ROUNDS", 100)
    stuck = env_int("BENCH_WHATSMEOW_STUCK", 5)
    rows = await stuck_pairings(rounds, stuck, parallel)
    table(
        f"pairings whose Go call never returns, {rounds} rounds of {stuck} (stand-in for "
        "unscanned QRs: whatsmeow's connect through a proxy that never answers)",
        ["when", "pairings so far", *columns[1:], "their RSS MB"],
        rows,
    )
    figures["stuck_pairings"] = [
        dict(
            zip(
                [
                    "when",
                    "pairings",
                    "threads",
                    "rss_mb",
                    "workers",
                    "worker_threads",
                    "worker_rss_mb",
                ],
                r,
                strict=True,
            )
        )
        for r in rows
    ]
    emit("whatsmeow_sessions", figures)


if __name__ == "__main__":
    asyncio.run(main())
