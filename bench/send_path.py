"""Send path through the gateway, at rising concurrency, against its baseline.

wagate: POST /sessions/{id}/send with an API key, the full path: auth (key lookup),
validation, rate limit script, bus command, connector, sim network ack, reply.
baseline: a bare Starlette app on the same Hypercorn settings doing one XADD.
Also: GET status (the bus round trip alone, no WhatsApp in it).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx

from bench import wrk_driver
from bench.common import (
    connect_sessions,
    emit,
    env_float,
    env_int,
    latency_summary_ms,
    now,
    running_stack,
    spawn,
    table,
)
from tests.stack import free_port

Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


@contextlib.asynccontextmanager
async def baseline_server() -> AsyncIterator[int]:
    """The baseline app in a process of its own; yields its port once it answers."""
    port = free_port()
    baseline = spawn("bench.baseline_app", str(port))
    try:
        async with httpx.AsyncClient() as c:
            for _ in range(100):
                try:
                    await c.post(f"http://127.0.0.1:{port}/send", json={"message": "x"})
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
        yield port
    finally:
        baseline.terminate()
        baseline.wait()


async def load(make: Request, concurrency: int, total: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            for i in counter:
                started = now()
                try:
                    r = await make(client, i)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(now() - started)
                errors += 0 if ok else 1

        began = now()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = now() - began
    return {"rps": round(total / elapsed, 1), "errors": errors, **latency_summary_ms(latencies)}


async def load_wrk(
    base: str, targets: list[tuple[str, dict[str, str]]], phone: str, concurrency: int
) -> dict[str, Any]:
    seconds = env_float("BENCH_SEND_SECONDS", 8)
    return await asyncio.to_thread(wrk_driver.run, base, targets, phone, concurrency, seconds)


async def main() -> None:
    if wrk_driver.available() and not os.environ.get("BENCH_NO_WRK"):
        await main_wrk()
    else:
        await main_httpx()


async def main_wrk() -> None:
    """Same figures with wrk as the load generator: C, so the generator takes far less of
    the 2 cores that the gateway, connector, sim, Redis and PostgreSQL share."""
    levels = [1, 8, 32]
    results: dict[str, dict[int, dict[str, Any]]] = {"wagate": {}, "status": {}, "baseline": {}}
    async with running_stack() as stack, httpx.AsyncClient(timeout=30) as c:
        sessions = await connect_sessions(stack, c, 10)
        keys = [await stack.api_key(c, company, "send", "read") for company, _ in sessions]
        friend = await stack.new_phone(c)
        base = stack.api.removesuffix("/api/whatsapp")
        sends = [
            (f"/api/whatsapp/sessions/{co}/send", {"X-API-Key": k})
            for (co, _), k in zip(sessions, keys, strict=True)
        ]
        for level in levels:
            results["wagate"][level] = await load_wrk(base, sends, friend, level)
        inbox = len((await c.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"])
        sent_ok = sum(r["requests"] - r["errors"] for r in results["wagate"].values())
    async with baseline_server() as port:
        for level in levels:
            results["baseline"][level] = await load_wrk(
                f"http://127.0.0.1:{port}", [("/send", {})], "0", level
            )
    rows = []
    for level in levels:
        w, b = results["wagate"][level], results["baseline"][level]
        rows.append(
            [
                level,
                w["rps"],
                w["p50_ms"],
                w["p99_ms"],
                w["p999_ms"],
                w["errors"],
                b["rps"],
                b["p50_ms"],
                b["p99_ms"],
                f"{w['rps'] / b['rps']:.2f}",
            ]
        )
    table(
        f"send path with wrk (sends the sim holds: {inbox}; 2xx sends: {sent_ok})",
        [
            "conc",
            "send rps",
            "p50",
            "p99",
            "p99.9",
            "err",
            "base rps",
            "base p50",
            "base p99",
            "send/base",
        ],
        rows,
    )
    emit(
        "send_path",
        {
            "generator": "wrk",
            "levels": {str(k): v for k, v in results["wagate"].items()},
            "baseline_levels": {str(k): v for k, v in results["baseline"].items()},
            "ratio_rps_vs_baseline": {
                str(lv): round(results["wagate"][lv]["rps"] / results["baseline"][lv]["rps"], 3)
                for lv in levels
            },
            "sim_inbox": inbox,
            "sends_2xx": sent_ok,
        },
    )


async def main_httpx() -> None:
    levels = [int(x) for x in "1,8,32".split(",")]
    total = env_int("BENCH_SEND_REQUESTS", 600)
    results: dict[str, dict[int, dict[str, Any]]] = {"wagate": {}, "status": {}, "baseline": {}}
    async with running_stack() as stack, httpx.AsyncClient(timeout=30) as c:
        sessions = await connect_sessions(stack, c, 10)
        keys = [await stack.api_key(c, company, "send", "read") for company, _ in sessions]
        friend = await stack.new_phone(c)

        def wagate_send(client: httpx.AsyncClient, i: int) -> Awaitable[httpx.Response]:
            company = sessions[i % len(sessions)][0]
            return client.post(
                f"{stack.api}/sessions/{company}/send",
                headers={"X-API-Key": keys[i % len(keys)]},
                json={"phone": friend, "message": f"bench {i}"},
            )

        def status(client: httpx.AsyncClient, i: int) -> Awaitable[httpx.Response]:
            company = sessions[i % len(sessions)][0]
            return client.get(
                f"{stack.api}/sessions/{company}/status", headers={"X-API-Key": keys[i % len(keys)]}
            )

        sent_ok = 0
        for level in levels:
            await load(wagate_send, level, min(50, total))  # warm-up
            results["wagate"][level] = await load(wagate_send, level, total)
            results["status"][level] = await load(status, level, total)
            sent_ok += min(50, total) + total - results["wagate"][level]["errors"]
        inbox = (await c.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]

    async with baseline_server() as port:

        def base(client: httpx.AsyncClient, i: int) -> Awaitable[httpx.Response]:
            return client.post(f"http://127.0.0.1:{port}/send", json={"message": f"b{i}"})

        for level in levels:
            await load(base, level, min(50, total))
            results["baseline"][level] = await load(base, level, total)

    rows = []
    for level in levels:
        w, s, b = results["wagate"][level], results["status"][level], results["baseline"][level]
        rows.append(
            [
                level,
                w["rps"],
                w["p50_ms"],
                w["p99_ms"],
                w["p999_ms"],
                w["errors"],
                s["rps"],
                s["p50_ms"],
                b["rps"],
                b["p50_ms"],
                f"{w['rps'] / b['rps']:.2f}",
            ]
        )
    table(
        f"send path: {total} requests per level (sends accepted by the sim: {len(inbox)}, "
        f"2xx sends: {sent_ok})",
        [
            "conc",
            "send rps",
            "p50",
            "p99",
            "p99.9",
            "err",
            "status rps",
            "p50",
            "base rps",
            "base p50",
            "send/base",
        ],
        rows,
    )
    emit(
        "send_path",
        {
            "requests_per_level": total,
            "levels": {str(k): v for k, v in results["wagate"].items()},
            "status_levels": {str(k): v for k, v in results["status"].items()},
            "baseline_levels": {str(k): v for k, v in results["baseline"].items()},
            "ratio_rps_vs_baseline": {
                str(lv): round(results["wagate"][lv]["rps"] / results["baseline"][lv]["rps"], 3)
                for lv in levels
            },
            "sim_inbox": len(inbox),
            "sends_2xx": sent_ok,
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
