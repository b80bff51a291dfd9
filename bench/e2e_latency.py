"""End-to-end send latency at a fixed rate: API call → the sim phone holds the message.

The gateway answers a send only after the sim network acknowledged it, and the sim stores
the message before acknowledging, so the answer's arrival bounds the end-to-end time.
Requests are started on a fixed schedule (open loop), so a slow answer does not slow the
offered load and hide the queueing it causes: a request takes an idle keep-alive
connection or opens a new one, as a fleet of tenant servers would ("conns" counts them).
The client is bench/http_client.py's bare one (httpx itself tops out below 200 req/s here).

Env: BENCH_E2E_RATES (50,200), BENCH_E2E_SECONDS per rate (10), BENCH_E2E_TENANTS (50).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections import Counter
from typing import Any

import httpx

from bench.common import (
    connect_sessions,
    emit,
    env_float,
    env_int,
    latency_summary_ms,
    now,
    running_stack,
    table,
)
from bench.http_client import RawConnection, outcome


async def main() -> None:
    seconds = env_float("BENCH_E2E_SECONDS", 10)
    tenants = env_int("BENCH_E2E_TENANTS", 50)
    # the 200 msg/s, and a rate this 2-core box carries with everything on it
    rates = [float(r) for r in os.environ.get("BENCH_E2E_RATES", "50,200").split(",")]
    runs = [await measure(rate, seconds, tenants) for rate in rates]
    table(
        f"end-to-end send latency, open loop, across {tenants} tenants for {seconds:g} s "
        "per rate; latency in ms",
        ["offered/s", "sent", "achieved/s", "p50", "p99", "p99.9", "failed", "at phones", "conns"],
        [
            [
                r["rate"],
                r["offered"],
                r["achieved_rate"],
                r["p50_ms"],
                r["p99_ms"],
                r["p999_ms"],
                sum(r["failed"].values()),
                r["at_phones"],
                r["connections"],
            ]
            for r in runs
        ],
    )
    for r in runs:
        if r["failed"]:
            print(f"  failures at {r['rate']:g}/s: {r['failed']}")
    emit("e2e_latency", {"seconds": seconds, "tenants": tenants, "runs": runs})


async def measure(rate: float, seconds: float, tenants: int) -> dict[str, Any]:
    async with running_stack() as stack, httpx.AsyncClient(timeout=30) as c:
        sessions = await connect_sessions(stack, c, tenants)
        tokens = {tenant: stack.auth(tenant) for tenant, _ in sessions}
        friends = [await stack.new_phone(c) for _ in range(5)]
        origin = stack.api.removesuffix("/api/whatsapp")
        latencies: list[float] = []
        failures: Counter[str] = Counter()
        idle: list[RawConnection] = []  # a request takes an idle connection or opens one
        opened = 0

        async def one(i: int) -> None:
            nonlocal opened
            if not idle:
                idle.append(RawConnection(origin))
                opened += 1
            conn = idle.pop()
            tenant = sessions[i % tenants][0]
            body = json.dumps({"phone": friends[i % 5], "message": f"e2e {i}"}).encode()
            started = now()
            try:
                status, answer = await conn.post(
                    f"/api/whatsapp/sessions/{tenant}/send", tokens[tenant], body
                )
            except (OSError, asyncio.IncompleteReadError) as e:
                failures[type(e).__name__] += 1
                return
            idle.append(conn)
            if status == 200:
                latencies.append(now() - started)
            else:
                failures[outcome(status, answer)] += 1

        total = int(rate * seconds)
        began = now()
        tasks = []
        for i in range(total):
            delay = began + i / rate - now()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
        elapsed = now() - began
        await asyncio.gather(*(conn.aclose() for conn in idle))
        held = 0
        for friend in friends:
            held += len((await c.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"])
    return {
        "rate": rate,
        "offered": total,
        "failed": dict(failures),
        "at_phones": held,
        "achieved_rate": round(len(latencies) / elapsed, 1),
        "connections": opened,
        **latency_summary_ms(latencies),
    }


if __name__ == "__main__":
    asyncio.run(main())
