"""Incoming messages to the tenant's WebSocket, against a bare Redis round trip.

Virtual phones write to connected sessions through the sim's control API
(POST {sim}/phones/{from}/messages); one WebSocket client per tenant
(/api/whatsapp/events?token=...) records each message's arrival. Each text carries the
moment it was injected (this process's perf_counter, which the listeners share), so the
latency is injection → WebSocket frame: sim network, connector (one transaction: message
log row, event log, outbox; then the relay's XADD to the tenant's stream), gateway (XREAD,
WebSocket send).

Three passes: `serial`, one message in flight at a time (the path's own latency);
`burst`, N phones each sending M messages back to back (throughput, and the latency of
the queue such a burst builds: it is offered as fast as the sim takes it, a rate that
moves from run to run); `paced`, as many messages offered at a fixed rate, open loop,
spread over the same phones (the latency of a steady flow at that rate).
Baseline in the same run: XADD then XREAD of that entry on one stream, from one client,
as many times as the burst has messages, one at a time.

Env: BENCH_FANOUT_TENANTS (10), BENCH_FANOUT_PHONES (20), BENCH_FANOUT_MESSAGES per phone
(100), BENCH_FANOUT_SERIAL (100), BENCH_FANOUT_RATE messages/s offered in the paced pass
(1000), BENCH_FANOUT_TIMEOUT seconds to wait for arrivals (60).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import websockets
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
    table,
)
from bench.http_client import RawConnection
from devstack.stack import REDIS_URL, Stack
from wagate.bus import decode_read


class Arrivals:
    """What the listeners saw of one pass: texts are "<pass> <n> <injected perf_counter_ns>"."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.seen: set[str] = set()
        self.duplicates = 0
        self.last_at = 0.0
        self._changed = asyncio.Event()

    def record(self, text: str, at_ns: int) -> None:
        if text in self.seen:
            self.duplicates += 1
            return
        self.seen.add(text)
        self.latencies.append((at_ns - int(text.rsplit(" ", 1)[1])) / 1e9)
        self.last_at = now()
        self._changed.set()

    async def wait_for(self, count: int, timeout_s: float) -> None:
        """Until `count` distinct messages arrived, or `timeout_s` passed."""
        deadline = now() + timeout_s
        while len(self.seen) < count and now() < deadline:
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), max(0.0, deadline - now()))


@contextlib.asynccontextmanager
async def listening(
    stack: Stack, tenants: list[str], passes: dict[str, Arrivals]
) -> AsyncIterator[None]:
    """A WebSocket per tenant, subscribed before this yields, recording message events."""

    async def listen(tenant: str, ready: asyncio.Event) -> None:
        async with websockets.connect(f"{stack.ws_url}?token={stack.token(tenant)}") as ws:
            hello = json.loads(await ws.recv())
            assert hello["type"] == "subscribed", hello
            ready.set()
            async for raw in ws:
                at_ns = time.perf_counter_ns()
                event = json.loads(raw)
                if event["type"] == "message":
                    text: str = event["data"]["text"]
                    passes[text.split(" ", 1)[0]].record(text, at_ns)

    readies = [asyncio.Event() for _ in tenants]
    tasks = [asyncio.create_task(listen(c, r)) for c, r in zip(tenants, readies, strict=True)]
    try:
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 30)
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def inject(sim: RawConnection, phone: str, to: str, name: str, n: int) -> bool:
    text = f"{name} {n} {time.perf_counter_ns()}"
    body = json.dumps({"to": to, "text": text}).encode()
    try:
        status, _ = await sim.post(f"/phones/{phone}/messages", {}, body)
    except (OSError, asyncio.IncompleteReadError):
        return False
    return status == 201


async def baseline(count: int) -> dict[str, Any]:
    """XADD one entry, XREAD it back, one at a time, on one throwaway stream."""
    redis = Redis.from_url(REDIS_URL)
    stream = f"wagate-bench:fanout:{secrets.token_hex(4)}"
    latencies: list[float] = []
    try:
        last = "0-0"
        for i in range(count):
            started = now()
            await redis.xadd(stream, {"text": f"baseline {i}"})
            entries = await redis.xread({stream: last}, count=1, block=1000)
            last = decode_read(entries)[0][0]
            latencies.append(now() - started)
    finally:
        await redis.delete(stream)
        await redis.aclose()
    return {"count": count, **latency_summary_ms(latencies)}


class CpuMeter:
    """CPU seconds the stack's processes spent from `start` to `stop`, per process."""

    def __init__(self, servers: dict[str, int]) -> None:
        self.servers = servers
        self.used: dict[str, float] = {}
        self._before: dict[str, float] = {}

    def start(self) -> None:
        self._before = {name: cpu_seconds(pid) for name, pid in self.servers.items()}

    def stop(self) -> None:
        self.used = {n: cpu_seconds(p) - self._before[n] for n, p in self.servers.items()}

    def ms_per(self, count: int) -> dict[str, float | None]:
        return {n: round(s * 1000 / count, 3) if count else None for n, s in self.used.items()}


def figures(
    arrivals: Arrivals, sent: int, failed: int, began: float, cpu: CpuMeter
) -> dict[str, Any]:
    elapsed = (arrivals.last_at or now()) - began
    return {
        "cpu_ms_per_event": cpu.ms_per(len(arrivals.seen)),
        "injected": sent,
        "inject_failed": failed,
        "received": len(arrivals.seen),
        "missing": sent - failed - len(arrivals.seen),
        "duplicates": arrivals.duplicates,
        "seconds": round(elapsed, 2),
        "events_per_s": round(len(arrivals.seen) / elapsed, 1) if elapsed > 0 else None,
        **latency_summary_ms(arrivals.latencies),
    }


async def main() -> None:
    tenant_count = env_int("BENCH_FANOUT_TENANTS", 10)
    phones = env_int("BENCH_FANOUT_PHONES", 20)
    per_phone = env_int("BENCH_FANOUT_MESSAGES", 100)
    serial_count = env_int("BENCH_FANOUT_SERIAL", 100)
    timeout_s = env_float("BENCH_FANOUT_TIMEOUT", 60)
    rate = env_float("BENCH_FANOUT_RATE", 1000)
    passes = {"serial": Arrivals(), "burst": Arrivals(), "paced": Arrivals()}
    results: dict[str, dict[str, Any]] = {}

    async with running_stack() as stack, httpx.AsyncClient(timeout=30) as c:
        sessions = await connect_sessions(stack, c, tenant_count)
        senders = [await stack.new_phone(c) for _ in range(phones)]
        sims = [RawConnection(stack.sim) for _ in senders]
        servers = {part: stack.procs[part].pid for part in ("connector", "gateway", "sim")}
        cpu = CpuMeter(servers)
        async with listening(stack, [tenant for tenant, _ in sessions], passes):
            # serial: the next message goes when the last one reached its WebSocket
            serial, failed, began = passes["serial"], 0, now()
            cpu.start()
            for n in range(serial_count):
                number = sessions[n % tenant_count][1]
                if await inject(sims[0], senders[0], number, "serial", n):
                    await serial.wait_for(n + 1 - failed, 5)
                else:
                    failed += 1
            cpu.stop()
            results["serial"] = figures(serial, serial_count, failed, began, cpu)

            # burst: every phone sends its messages back to back, all phones at once
            async def phone(k: int) -> int:
                fails = 0
                for j in range(per_phone):
                    number = sessions[(k + j) % tenant_count][1]
                    ok = await inject(sims[k], senders[k], number, "burst", k * per_phone + j)
                    fails += 0 if ok else 1
                return fails

            total = phones * per_phone
            # not the sim: profiled, it would inject at a fraction of its rate
            wagate = {part: pid for part, pid in servers.items() if part != "sim"}
            with profiled(wagate, "event_fanout-burst"):
                began = now()
                cpu.start()
                failed = sum(await asyncio.gather(*(phone(k) for k in range(phones))))
                injected_s = now() - began
                await passes["burst"].wait_for(total - failed, timeout_s)
                cpu.stop()
            results["burst"] = figures(passes["burst"], total, failed, began, cpu)
            results["burst"]["inject_per_s"] = round(total / injected_s, 1)
            await asyncio.sleep(1)  # the burst's tail gone from every queue

            # paced: message i of the pass is due at i / rate (phone i % phones sends it),
            # whenever the one before was answered: a late one goes at once
            async def paced_phone(k: int, start: float) -> int:
                fails = 0
                for j in range(per_phone):
                    due = start + (j * phones + k) / rate
                    await asyncio.sleep(max(0.0, due - now()))
                    number = sessions[(k + j) % tenant_count][1]
                    ok = await inject(sims[k], senders[k], number, "paced", k * per_phone + j)
                    fails += 0 if ok else 1
                return fails

            began = now()
            cpu.start()
            failed = sum(await asyncio.gather(*(paced_phone(k, began) for k in range(phones))))
            injected_s = now() - began
            await passes["paced"].wait_for(total - failed, timeout_s)
            cpu.stop()
            results["paced"] = figures(passes["paced"], total, failed, began, cpu)
            results["paced"]["offered_per_s"] = rate
            results["paced"]["inject_per_s"] = round(total / injected_s, 1)
        for sim in sims:
            await sim.aclose()
    base = await baseline(phones * per_phone)

    rows = [
        [
            name,
            r["injected"],
            r["received"],
            r["missing"],
            r["duplicates"],
            r["events_per_s"],
            r["p50_ms"],
            r["p99_ms"],
            ratio(r["p50_ms"], base["p50_ms"]),
        ]
        for name, r in results.items()
    ]
    rows.append(
        ["XADD→XREAD", base["count"], base["count"], 0, 0, "", base["p50_ms"], base["p99_ms"], 1.0]
    )
    table(
        f"incoming messages → WebSocket: {tenant_count} tenants; serial: {serial_count} one at a "
        f"time; burst: {phones} phones × {per_phone}; paced: as many at {rate:g}/s; latency "
        "in ms",
        ["pass", "injected", "received", "missing", "dup", "events/s", "p50", "p99", "p50 ratio"],
        rows,
    )
    print(f"  burst injection rate: {results['burst']['inject_per_s']} messages/s")
    paced_rate = results["paced"]["inject_per_s"]
    print(f"  paced injection rate: {paced_rate} messages/s ({rate:g} offered)")
    for name, r in results.items():
        print(f"  {name}: CPU ms per event by process: {r['cpu_ms_per_event']}")
    emit(
        "event_fanout",
        {
            "tenants": tenant_count,
            "phones": phones,
            "messages_per_phone": per_phone,
            "serial": results["serial"],
            "burst": results["burst"],
            "paced": results["paced"],
            "baseline_xadd_xread": base,
            "ratio_p50_vs_baseline": {
                name: ratio(r["p50_ms"], base["p50_ms"]) for name, r in results.items()
            },
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
