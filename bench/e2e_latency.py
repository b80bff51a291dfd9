"""End-to-end send latency at a fixed rate: API call → the sim phone holds the message.

The gateway answers a send only after the sim network acknowledged it, and the sim stores
the message before acknowledging, so the answer's arrival bounds the end-to-end time.
Requests are started on a fixed schedule (open loop), so a slow answer does not slow the
offered load and hide the queueing it causes.
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
    latency_summary_ms,
    now,
    running_stack,
    table,
)


async def main() -> None:
    # the 200 msg/s, and a rate this 2-core box carries with everything on it
    for rate in (float(r) for r in os.environ.get("BENCH_E2E_RATES", "50,200").split(",")):
        await measure(rate)


async def measure(rate: float) -> None:
    seconds = env_float("BENCH_E2E_SECONDS", 10)
    tenants = env_int("BENCH_E2E_TENANTS", 50)
    async with (
        running_stack() as stack,
        httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=200)) as c,
    ):
        sessions = await connect_sessions(stack, c, tenants)
        tokens = {company: stack.auth(company) for company, _ in sessions}
        friends = [await stack.new_phone(c) for _ in range(5)]
        latencies: list[float] = []
        failures = 0

        async def one(i: int) -> None:
            nonlocal failures
            company = sessions[i % tenants][0]
            started = now()
            r = await c.post(
                f"{stack.api}/sessions/{company}/send",
                headers=tokens[company],
                json={"phone": friends[i % 5], "message": f"e2e {i}"},
            )
            if r.status_code == 200:
                latencies.append(now() - started)
            else:
                failures += 1

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
        held = 0
        for friend in friends:
            held += len((await c.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"])
    summary = latency_summary_ms(latencies)
    table(
        f"end-to-end send latency at {rate:g} msg/s across {tenants} tenants for {seconds:g} s",
        ["offered", "achieved msg/s", "p50 ms", "p99 ms", "p99.9 ms", "failed", "at phones"],
        [
            [
                total,
                round(len(latencies) / elapsed, 1),
                summary["p50_ms"],
                summary["p99_ms"],
                summary["p999_ms"],
                failures,
                held,
            ]
        ],
    )
    emit(
        "e2e_latency",
        {
            "rate": rate,
            "seconds": seconds,
            "tenants": tenants,
            "offered": total,
            "failed": failures,
            "at_phones": held,
            "achieved_rate": round(len(latencies) / elapsed, 1),
            **summary,
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
