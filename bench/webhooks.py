"""Webhook delivery figures on this machine: a real stack (sim, connector, gateway as
processes), a local receiver that verifies every signature with svix, and

1. deliveries/s to one endpoint (one after the other, in order: the per-endpoint limit);
2. deliveries/s to 20 endpoints of 20 tenants at once, and to 100 endpoints of 100
   tenants through a receiver process of its own (bench/fast_receiver.py), with the
   connector's CPU per delivery (the figure that holds when the machine is shared);
3. event -> accepted delivery latency (p50/p99) for incoming WhatsApp messages through
   the whole path: sim phone -> connector session -> outbox -> dispatcher -> receiver;
4. what writing the outbox adds to each event a session publishes.

Prints a table and, last, one JSON line.  Run:  python -m bench.webhooks [--events N]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx

from bench.common import cpu_seconds, running_stack
from connector.webhooks.outbox import Outbox
from devstack.stack import Stack, free_port
from devstack.webhook_receiver import Receiver, running_receiver
from wagate.bus import Event, EventType


async def _endpoint(stack: Stack, c: httpx.AsyncClient, receiver: Receiver, tenant: str) -> str:
    url = receiver.add()
    r = await c.post(
        f"{stack.api}/webhooks",
        headers=stack.auth(tenant),
        json={"url": url, "eventTypes": ["message", "receipt"]},
    )
    r.raise_for_status()
    receiver.behaviour(url).secret = r.json()["secret"]
    return url


async def _wait(receiver: Receiver, urls: list[str], per_url: int, timeout_s: float) -> None:
    """Until every url has `per_url` accepted deliveries. Polls gently: the receiver shares
    this process (and its GIL), and the figures are about wagate, not this loop."""
    deadline = time.monotonic() + timeout_s
    paths = {"/" + u.split("/", 3)[3] for u in urls}
    while True:
        counts = Counter(r.path for r in receiver.received if r.path in paths and r.status == 200)
        if all(counts[p] >= per_url for p in paths):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {sum(counts.values())} of {per_url * len(urls)} arrived")
        await asyncio.sleep(0.25)


def _rate(receiver: Receiver, urls: list[str]) -> float:
    times = sorted(r.at for u in urls for r in receiver.accepted(u))
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


async def _throughput(
    stack: Stack,
    c: httpx.AsyncClient,
    receiver: Receiver,
    pool: asyncpg.Pool,
    endpoints: int,
    per_endpoint: int,
) -> float:
    """Events written straight into the outbox (as the connector's publish would), then
    the rate at which the receiver accepted them."""
    tenants = [stack.new_tenant() for _ in range(endpoints)]
    urls = [await _endpoint(stack, c, receiver, tenant) for tenant in tenants]
    outbox = Outbox(pool)
    # one transaction: the dispatcher sees the whole backlog at once, and the rate below
    # is the dispatcher's, not this loop's
    async with pool.acquire() as conn, conn.transaction():
        for n in range(per_endpoint):
            for tenant in tenants:
                event = Event(EventType.RECEIPT, tenant, {"n": n, "status": "read"})
                await outbox.add(event, conn=conn)
    await _wait(receiver, urls, per_endpoint, timeout_s=300)
    for url in urls:  # and in order, each once
        ns = [r.json["data"]["n"] for r in receiver.accepted(url)]
        assert ns == list(range(per_endpoint)), url
    return _rate(receiver, urls)


@contextlib.asynccontextmanager
async def _fast_receiver() -> AsyncIterator[str]:
    """bench/fast_receiver.py in a process of its own; yields its base URL."""
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.fast_receiver", str(port), stdout=asyncio.subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        await proc.stdout.readline()  # "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        await proc.wait()


async def _fast_throughput(
    stack: Stack, c: httpx.AsyncClient, pool: asyncpg.Pool, endpoints: int, per_endpoint: int
) -> dict[str, Any]:
    """Like _throughput, to `endpoints` endpoints through the fast receiver; adds the
    connector's CPU per delivery."""
    async with _fast_receiver() as base:
        tenants = [stack.new_tenant() for _ in range(endpoints)]
        for i, tenant in enumerate(tenants):
            r = await c.post(
                f"{stack.api}/webhooks",
                headers=stack.auth(tenant),
                json={"url": f"{base}/e{i}", "eventTypes": ["receipt"]},
            )
            r.raise_for_status()
            (await c.put(f"{base}/_secret/e{i}", content=r.json()["secret"])).raise_for_status()
        outbox = Outbox(pool)
        connector = stack.procs["connector"].pid
        cpu_before = cpu_seconds(connector)
        async with pool.acquire() as conn, conn.transaction():
            for n in range(per_endpoint):
                for tenant in tenants:
                    await outbox.add(Event(EventType.RECEIPT, tenant, {"n": n}), conn=conn)
        deadline = time.monotonic() + 300
        while True:
            stats = (await c.get(f"{base}/_stats")).json()
            if sum(s["count"] for s in stats.values()) >= endpoints * per_endpoint:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"deliveries missing: {stats}")
            await asyncio.sleep(0.25)
        cpu_s = cpu_seconds(connector) - cpu_before
    total = endpoints * per_endpoint
    assert all(s["in_order"] and not s["unverified"] for s in stats.values()), stats
    span = max(s["last_at"] for s in stats.values()) - min(s["first_at"] for s in stats.values())
    return {"per_s": total / span, "connector_cpu_ms": cpu_s * 1000 / total}


async def _latency(
    stack: Stack, c: httpx.AsyncClient, receiver: Receiver, messages: int
) -> list[float]:
    tenant = stack.new_tenant()
    url = await _endpoint(stack, c, receiver, tenant)
    number = await stack.connect_session(c, tenant)
    friend = await stack.new_phone(c)
    for i in range(messages):
        r = await c.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": f"m{i}"}
        )
        r.raise_for_status()
        await asyncio.sleep(0.02)  # 50 messages a second, steady
    await _wait(receiver, [url], messages, timeout_s=60)
    return [r.at - r.json["timestamp"] / 1000 for r in receiver.accepted(url)]


async def _outbox_cost(
    stack: Stack, c: httpx.AsyncClient, receiver: Receiver, pool: asyncpg.Pool, n: int
) -> tuple[float, float]:
    """What the outbox adds to a session's publish: ms per event for a tenant without
    endpoints, and with one (its deliveries are left to the dispatcher)."""
    outbox = Outbox(pool)
    costs = []
    for with_endpoint in (False, True):
        tenant = stack.new_tenant()
        if with_endpoint:
            await _endpoint(stack, c, receiver, tenant)
        started = time.perf_counter()
        for i in range(n):
            await outbox.add(Event(EventType.RECEIPT, tenant, {"n": i}))
        costs.append((time.perf_counter() - started) / n * 1000)
    return costs[0], costs[1]


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def main(events: int) -> dict[str, Any]:
    async with (
        running_stack(WAGATE_WEBHOOK_POLL_INTERVAL="1") as stack,
        running_receiver() as receiver,
        httpx.AsyncClient(timeout=30) as c,
    ):
        pool = await asyncpg.create_pool(stack.env["DATABASE_URL"], min_size=1, max_size=4)
        assert pool is not None
        try:
            one = await _throughput(stack, c, receiver, pool, 1, events)
            many = await _throughput(stack, c, receiver, pool, 20, max(1, events // 10))
            hundred = await _fast_throughput(stack, c, pool, 100, max(1, events // 20))
            lat = await _latency(stack, c, receiver, 200)
            bare, owed = await _outbox_cost(stack, c, receiver, pool, 300)
        finally:
            await pool.close()
    return {
        "deliveries_per_s_one_endpoint": round(one, 1),
        "deliveries_per_s_20_endpoints": round(many, 1),
        "deliveries_per_s_100_endpoints": round(hundred["per_s"], 1),
        "connector_cpu_ms_per_delivery_100_endpoints": round(hundred["connector_cpu_ms"], 3),
        "event_to_delivery_p50_ms": round(statistics.median(lat) * 1000, 1),
        "event_to_delivery_p99_ms": round(_pct(lat, 99) * 1000, 1),
        "outbox_write_ms_no_endpoint": round(bare, 2),
        "outbox_write_ms_one_endpoint": round(owed, 2),
        "events_one_endpoint": events,
        "events_20_endpoints": 20 * max(1, events // 10),
        "events_100_endpoints": 100 * max(1, events // 20),
        "latency_samples": len(lat),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000, help="events to the one endpoint")
    args = parser.parse_args()
    figures = asyncio.run(main(args.events))
    print(f"{'webhook figure':<36} {'value':>10}")
    for key, value in figures.items():
        print(f"{key:<36} {value:>10}")
    print(json.dumps({"bench": "webhooks", **figures}))
