"""Sends through the gateway at rising concurrency, against a baseline in the same run.

wagate: POST /api/whatsapp/sessions/{companyId}/send with a tenant JWT, the synchronous
send: auth, validation, rate limit, command on the bus, connector, sim network ack, reply.
Spread over several connected tenants and several recipient phones.
baseline: a bare Starlette app on the same Hypercorn settings whose handler does one XADD.

Closed loop: `conc` workers, one keep-alive connection each, send their next request when
the last one is answered, for a fixed time per level. The load generator runs
in this process, on the same 2 cores as everything else (bench/http_client.py says why it
is a bare asyncio client by default and not httpx). The payoff check: the recipients' sim
inboxes must hold exactly as many messages as there were 2xx sends.

Env: BENCH_SEND_LEVELS (1,8,32,128), BENCH_SEND_SECONDS per level (4), BENCH_SEND_WARMUP_SECONDS
per level (0.5), BENCH_SEND_TENANTS (10), BENCH_SEND_RECIPIENTS (10), BENCH_SEND_CLIENT
(raw | httpx).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import secrets
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
from redis.asyncio import Redis

from bench.common import (
    connect_sessions,
    cpu_seconds,
    emit,
    env_float,
    env_int,
    latency_summary_ms,
    now,
    profiled,
    ratio,
    running_stack,
    spawn,
    table,
)
from bench.http_client import Poster, connection, outcome
from devstack.stack import REDIS_URL, free_port

# request number -> (path, headers, JSON body)
Build = Callable[[int], tuple[str, dict[str, str], bytes]]


@contextlib.asynccontextmanager
async def baseline_server() -> AsyncIterator[tuple[str, int]]:
    """The baseline app in a process of its own; yields its base URL and pid once it
    answers."""
    port, stream = free_port(), f"wagate-bench:baseline:{secrets.token_hex(4)}"
    proc = spawn("bench.baseline_app", str(port), stream)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as c:
            for _ in range(100):
                with contextlib.suppress(httpx.TransportError):
                    await c.post(f"{url}/send", json={"message": "ready?"})
                    break
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("the baseline app did not start")
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait()
        redis = Redis.from_url(REDIS_URL)
        await redis.delete(stream)
        await redis.aclose()


async def drive(posters: list[Poster], build: Build, first: int, seconds: float) -> dict[str, Any]:
    """Closed loop: each poster is a worker that sends its next request when the last one
    is answered, for `seconds`. Requests are numbered from `first`, so texts stay unique."""
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    numbers = itertools.count(first)
    began = now()
    deadline = began + seconds

    async def worker(poster: Poster) -> None:
        while now() < deadline:
            path, headers, body = build(next(numbers))
            started = now()
            try:
                status, answer = await asyncio.wait_for(poster.post(path, headers, body), 30)
                statuses[outcome(status, answer)] += 1
            except (OSError, asyncio.IncompleteReadError, TimeoutError, httpx.HTTPError) as e:
                statuses[type(e).__name__] += 1
            latencies.append(now() - started)

    await asyncio.gather(*(worker(p) for p in posters))
    elapsed = now() - began
    ok = sum(n for status, n in statuses.items() if status.startswith("2"))
    return {
        "requests": len(latencies),
        "ok": ok,
        "errors": len(latencies) - ok,
        "statuses": dict(statuses),
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "ok_rps": round(ok / elapsed, 1),
        **latency_summary_ms(latencies),
    }


async def run_level(
    client: str,
    base_url: str,
    build: Build,
    concurrency: int,
    seconds: float,
    warmup_s: float,
    servers: dict[str, int],
) -> dict[str, Any]:
    """One level on `concurrency` fresh connections, opened by the warm-up. `servers`:
    the pids whose CPU time the measured phase costs (the load generator's is not)."""
    posters = [connection(client, base_url) for _ in range(concurrency)]
    try:
        warm = await drive(posters, build, 0, warmup_s)
        cpu_before = {name: cpu_seconds(pid) for name, pid in servers.items()}
        with profiled(servers, f"send_path-{concurrency}"):
            figures = await drive(posters, build, 1_000_000, seconds)
        cpu_s = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in servers.items()}
    finally:
        await asyncio.gather(*(p.aclose() for p in posters))
    figures["warmup_ok"] = warm["ok"]
    # clock ticks are 10 ms: over a few seconds of load that is well under 1 %
    ok = figures["ok"]
    figures["cpu_ms_per_ok"] = round(sum(cpu_s.values()) * 1000 / ok, 3) if ok else None
    figures["cpu_ms_per_ok_by_process"] = {
        name: round(used * 1000 / ok, 3) if ok else None for name, used in cpu_s.items()
    }
    return figures


async def main() -> None:
    levels = [int(x) for x in os.environ.get("BENCH_SEND_LEVELS", "1,8,32,128").split(",")]
    seconds = env_float("BENCH_SEND_SECONDS", 4)
    warmup = env_float("BENCH_SEND_WARMUP_SECONDS", 0.5)
    tenants = env_int("BENCH_SEND_TENANTS", 10)
    recipients = env_int("BENCH_SEND_RECIPIENTS", 10)
    client = os.environ.get("BENCH_SEND_CLIENT", "raw")
    wagate: dict[int, dict[str, Any]] = {}
    baseline: dict[int, dict[str, Any]] = {}

    async with (
        running_stack() as stack,
        baseline_server() as (baseline_url, baseline_pid),
        httpx.AsyncClient(timeout=30) as c,
    ):
        sessions = [tenant for tenant, _ in await connect_sessions(stack, c, tenants)]
        friends = [await stack.new_phone(c) for _ in range(recipients)]
        headers = {tenant: stack.auth(tenant) for tenant in sessions}
        origin, api_path = stack.api.removesuffix("/api/whatsapp"), "/api/whatsapp/sessions"

        def send(i: int) -> tuple[str, dict[str, str], bytes]:
            tenant = sessions[i % len(sessions)]
            body = {"phone": friends[i % len(friends)], "message": f"bench {i}"}
            return f"{api_path}/{tenant}/send", headers[tenant], json.dumps(body).encode()

        def bare(i: int) -> tuple[str, dict[str, str], bytes]:
            return "/send", {}, json.dumps({"message": f"bench {i}"}).encode()

        # wagate's CPU is the gateway's and the connector's (the sim stands in for WhatsApp)
        servers = {part: stack.procs[part].pid for part in ("gateway", "connector")}
        for level in levels:  # interleaved, so drift on the machine hits both alike
            baseline[level] = await run_level(
                client, baseline_url, bare, level, seconds, warmup, {"baseline": baseline_pid}
            )
            wagate[level] = await run_level(client, origin, send, level, seconds, warmup, servers)
        sends_2xx = sum(w["ok"] + w["warmup_ok"] for w in wagate.values())
        held = 0
        for friend in friends:
            r = await c.get(f"{stack.sim}/phones/{friend}/messages")
            held += len(r.json()["messages"])

    rows = []
    for level in levels:
        w, b = wagate[level], baseline[level]
        row = [
            level,
            w["rps"],
            w["ok_rps"],
            w["p50_ms"],
            w["p99_ms"],
            w["p999_ms"],
            w["errors"],
            b["ok_rps"],
            b["p50_ms"],
            b["p99_ms"],
            b["errors"],
            ratio(w["ok_rps"], b["ok_rps"]),
            ratio(w["p50_ms"], b["p50_ms"]),
            w["cpu_ms_per_ok"],
            b["cpu_ms_per_ok"],
        ]
        rows.append(row)
    check = "OK" if held == sends_2xx else "MISMATCH"
    table(
        f"send path: {seconds:g} s per level (after {warmup:g} s warm-up), {tenants} tenants, "
        f"{recipients} recipients, {client} client; latency in ms; ratios wagate/baseline",
        [
            "conc",
            "req/s",
            "2xx/s",
            "p50",
            "p99",
            "p99.9",
            "err",
            "base 2xx/s",
            "base p50",
            "base p99",
            "base err",
            "2xx/s ratio",
            "p50 ratio",
            "CPU ms/send",
            "base CPU ms",
        ],
        rows,
    )
    for name, runs in (("wagate", wagate), ("baseline", baseline)):
        for level, figures in runs.items():
            if figures["errors"]:
                print(f"  {name} at conc {level}: {figures['statuses']}")
    print(f"  payoff: 2xx sends {sends_2xx}, messages in the sim inboxes {held}: {check}")
    emit(
        "send_path",
        {
            "client": client,
            "seconds_per_level": seconds,
            "warmup_seconds": warmup,
            "tenants": tenants,
            "recipients": recipients,
            "levels": {str(k): v for k, v in wagate.items()},
            "baseline_levels": {str(k): v for k, v in baseline.items()},
            "ratio_ok_rps_vs_baseline": {
                str(k): ratio(wagate[k]["ok_rps"], baseline[k]["ok_rps"]) for k in levels
            },
            "cpu_ms_per_send": {str(k): wagate[k]["cpu_ms_per_ok"] for k in levels},
            "cpu_ms_per_send_by_process": {
                str(k): wagate[k]["cpu_ms_per_ok_by_process"] for k in levels
            },
            "baseline_cpu_ms_per_request": {str(k): baseline[k]["cpu_ms_per_ok"] for k in levels},
            "ratio_p50_vs_baseline": {
                str(k): ratio(wagate[k]["p50_ms"], baseline[k]["p50_ms"]) for k in levels
            },
            "sends_2xx": sends_2xx,
            "sim_inbox": held,
            "inbox_matches_2xx": held == sends_2xx,
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
