"""Incoming messages to the tenant's WebSocket: sim phones write to connected sessions,
one WebSocket client per tenant records each message's arrival. Baseline in the same
run: a bare Redis XADD → XREAD round trip, the floor under the event path."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import websockets
from redis.asyncio import Redis

from bench.common import (
    connect_sessions,
    emit,
    env_int,
    latency_summary_ms,
    now,
    running_stack,
    table,
)


async def baseline(count: int) -> dict[str, float]:
    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    stream = f"wagate-bench:fanout:{time.time_ns()}"
    latencies: list[float] = []
    try:
        last = "0-0"
        for i in range(count):
            started = now()
            await redis.xadd(stream, {"i": str(i)})
            entries = await redis.xread({stream: last}, count=1, block=1000)
            last = entries[0][1][0][0].decode()
            latencies.append(now() - started)
    finally:
        await redis.delete(stream)
        await redis.aclose()
    return latency_summary_ms(latencies)


async def main() -> None:
    tenants = env_int("BENCH_FANOUT_TENANTS", 20)
    per_tenant = env_int("BENCH_FANOUT_MESSAGES", 50)
    async with (
        running_stack() as stack,
        httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=50)) as c,
    ):
        sessions = await connect_sessions(stack, c, tenants)
        friends = [await stack.new_phone(c) for _ in range(tenants)]
        sent_at: dict[str, float] = {}
        latencies: list[float] = []
        total = tenants * per_tenant
        done = asyncio.Event()

        async def listen(company: str, ready: asyncio.Event) -> None:
            url = f"{stack.ws_url}?token={stack.token(company)}"
            async with websockets.connect(url) as ws:
                await ws.recv()  # subscribed
                ready.set()
                async for raw in ws:
                    event = json.loads(raw)
                    if event["type"] == "message":
                        key = event["data"]["text"]
                        latencies.append(now() - sent_at[key])
                        if len(latencies) == total:
                            done.set()

        readies = [asyncio.Event() for _ in sessions]
        listeners = [
            asyncio.create_task(listen(co, r)) for (co, _), r in zip(sessions, readies, strict=True)
        ]
        await asyncio.gather(*(r.wait() for r in readies))
        slots = asyncio.Semaphore(20)

        async def write(i: int) -> None:
            company, number = sessions[i % tenants]
            key = f"{company}:{i}"
            async with slots:
                sent_at[key] = now()
                await c.post(
                    f"{stack.sim}/phones/{friends[i % tenants]}/messages",
                    json={"to": number, "text": key},
                )

        began = now()
        await asyncio.gather(*(write(i) for i in range(total)))
        await asyncio.wait_for(done.wait(), 120)
        elapsed = now() - began
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
    summary = latency_summary_ms(latencies)
    base = await baseline(1000)
    table(
        f"incoming messages → WebSocket: {tenants} tenants × {per_tenant} messages",
        ["events", "events/s", "p50 ms", "p99 ms", "baseline XADD→XREAD p50", "p99"],
        [
            [
                len(latencies),
                round(total / elapsed, 1),
                summary["p50_ms"],
                summary["p99_ms"],
                base["p50_ms"],
                base["p99_ms"],
            ]
        ],
    )
    emit(
        "event_fanout",
        {
            "tenants": tenants,
            "events": len(latencies),
            "events_per_s": round(total / elapsed, 1),
            **summary,
            "baseline_xadd_xread": base,
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
