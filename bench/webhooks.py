"""Webhook delivery figures on this machine: a real stack (sim, connector, gateway as
processes), receivers that verify every signature with svix, and

1. deliveries/s to one endpoint (one after the other, in order: the per-endpoint limit)
   through a receiver process of its own (bench/fast_receiver.py), so the time per
   delivery is the receiver's (well under a millisecond) plus wagate's own;
2. deliveries/s to 20 endpoints of 20 tenants at once (devstack's receiver, in this
   process), and to 100 endpoints of 100 tenants through the fast receiver, with the
   connector's CPU per delivery (the figure that holds when the machine is shared);
   baseline: this process POSTing the same count of signed bodies to the same receiver
   itself, one keep-alive connection per path (bench/http_client.py's bare client), and
   its own CPU per POST;
3. event -> delivery latency (p50/p99) for incoming WhatsApp messages through the whole
   path (sim phone -> connector session -> outbox -> dispatcher -> receiver) offered at a
   fixed rate, open loop, across sessions with an endpoint each; baseline: this process
   POSTing signed bodies straight to the receiver at the same rate;
4. what writing the outbox adds to each event a session publishes.

With BENCH_PROFILE (bench/README.md, "Profiles") the connector is profiled over the
100-endpoint phase and the latency phase: <dir>/webhooks-100-connector.prof and
<dir>/webhooks-latency-connector.prof.

Env: BENCH_WEBHOOK_EVENTS (500, to the one endpoint; a twentieth of it to each of the 20),
BENCH_WEBHOOK_PER_ENDPOINT (50, to each of the 100), BENCH_WEBHOOK_RATE (200 events/s),
BENCH_WEBHOOK_SECONDS (10), BENCH_WEBHOOK_SESSIONS (10).

Prints a table and, last, one JSON line.  Run:  python -m bench.webhooks
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
from svix.webhooks import Webhook

from bench.common import (
    connect_sessions,
    cpu_seconds,
    emit,
    env_float,
    env_int,
    machine,
    percentile,
    profiled,
    ratio,
    running_stack,
)
from bench.http_client import RawConnection
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


async def _register(
    stack: Stack, c: httpx.AsyncClient, base: str, tenant: str, path: str, event_type: str
) -> None:
    """An endpoint of `tenant` at the fast receiver's `path`, its secret told to it."""
    r = await c.post(
        f"{stack.api}/webhooks",
        headers=stack.auth(tenant),
        json={"url": f"{base}{path}", "eventTypes": [event_type]},
    )
    r.raise_for_status()
    (await c.put(f"{base}/_secret{path}", content=r.json()["secret"])).raise_for_status()


async def _fast_stats(c: httpx.AsyncClient, base: str, prefix: str, total: int) -> dict[str, Any]:
    """The fast receiver's stats of the paths under `prefix`, once `total` arrived."""
    deadline = time.monotonic() + 300
    while True:
        every = (await c.get(f"{base}/_stats")).json()
        stats = {p: s for p, s in every.items() if p.startswith(prefix)}
        if sum(s["count"] for s in stats.values()) >= total:
            return stats
        if time.monotonic() > deadline:
            raise RuntimeError(f"deliveries missing: {stats}")
        await asyncio.sleep(0.25)


def _span_rate(stats: dict[str, Any], total: int) -> float:
    assert all(s["in_order"] and not s["unverified"] for s in stats.values()), stats
    span: float = max(s["last_at"] for s in stats.values()) - min(
        s["first_at"] for s in stats.values()
    )
    return total / span


async def _fast_throughput(
    stack: Stack,
    c: httpx.AsyncClient,
    pool: asyncpg.Pool,
    base: str,
    endpoints: int,
    per_endpoint: int,
    prefix: str,
) -> dict[str, Any]:
    """Like _throughput, to `endpoints` endpoints (paths `prefix`0...) through the fast
    receiver; adds the connector's CPU per delivery."""
    tenants = [stack.new_tenant() for _ in range(endpoints)]
    for i, tenant in enumerate(tenants):
        await _register(stack, c, base, tenant, f"{prefix}{i}", "receipt")
    outbox = Outbox(pool)
    connector = stack.procs["connector"].pid
    total = endpoints * per_endpoint
    with profiled({"connector": connector}, f"webhooks-{endpoints}"):
        cpu_before = cpu_seconds(connector)
        async with pool.acquire() as conn, conn.transaction():
            for n in range(per_endpoint):
                for tenant in tenants:
                    await outbox.add(Event(EventType.RECEIPT, tenant, {"n": n}), conn=conn)
        stats = await _fast_stats(c, base, prefix, total)
        cpu_s = cpu_seconds(connector) - cpu_before
    spans = sorted(s["last_at"] - s["first_at"] for s in stats.values())
    return {
        "per_s": _span_rate(stats, total),
        "connector_cpu_ms": cpu_s * 1000 / total,
        # a phase held up by one endpoint shows here: its span, and why attempts failed
        "path_span_s": {"median": spans[len(spans) // 2], "max": spans[-1]},
        "attempts_not_delivered": await _not_delivered(pool, tenants),
    }


async def _not_delivered(pool: asyncpg.Pool, tenants: list[str]) -> dict[str, int]:
    rows = await pool.fetch(
        """SELECT a.outcome || ': ' || coalesce(a.error, a.status_code::text, '') AS why,
                  count(*) AS n
           FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
           WHERE d.tenant_id = ANY ($1::text[]) AND a.outcome <> 'delivered'
           GROUP BY 1""",
        tenants,
    )
    return {row["why"]: row["n"] for row in rows}


def _signed(webhook: Webhook, n: int) -> tuple[dict[str, str], bytes]:
    """A delivery as wagate would send it: the body, and the Standard Webhooks headers."""
    msg_id = f"evt_bare_{n}"
    at = datetime.now(UTC)
    event = {"id": msg_id, "type": "receipt", "timestamp": int(at.timestamp() * 1000)}
    body = json.dumps({**event, "data": {"n": n}}, separators=(",", ":"))
    headers = {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": webhook.sign(msg_id, at, body),
    }
    return headers, body.encode()


async def _bare_throughput(
    c: httpx.AsyncClient, base: str, endpoints: int, per_endpoint: int
) -> dict[str, Any]:
    """The baseline: this process signs and POSTs the same deliveries to the same
    receiver, one keep-alive connection and one request at a time per path."""
    secret = "whsec_" + "QkVOQ0hCRU5DSEJFTkNIQkVOQ0g="
    webhook = Webhook(secret)
    for i in range(endpoints):
        (await c.put(f"{base}/_secret/b{i}", content=secret)).raise_for_status()

    async def one_path(i: int) -> None:
        conn = RawConnection(base)
        try:
            for n in range(per_endpoint):
                headers, body = _signed(webhook, n)
                status, _ = await conn.post(f"/b{i}", headers, body)
                assert status == 200, status
        finally:
            await conn.aclose()

    total = endpoints * per_endpoint
    cpu_before = time.process_time()
    await asyncio.gather(*(one_path(i) for i in range(endpoints)))
    cpu_s = time.process_time() - cpu_before
    stats = await _fast_stats(c, base, "/b", total)
    return {"per_s": _span_rate(stats, total), "client_cpu_ms": cpu_s * 1000 / total}


async def _open_loop(
    rate: float, seconds: float, one: Callable[[int], Coroutine[Any, Any, None]]
) -> int:
    """`one(i)` started at a fixed rate, whatever the earlier ones are doing."""
    total = int(rate * seconds)
    began = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    for i in range(total):
        delay = began + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))
    await asyncio.gather(*tasks)
    return total


class _Connections:
    """Keep-alive connections to one origin: a request takes an idle one or opens one."""

    def __init__(self, base: str) -> None:
        self._base = base
        self._idle: list[RawConnection] = []

    async def post(self, path: str, headers: dict[str, str], body: bytes) -> int:
        conn = self._idle.pop() if self._idle else RawConnection(self._base)
        status, _ = await conn.post(path, headers, body)
        self._idle.append(conn)
        return status

    async def aclose(self) -> None:
        await asyncio.gather(*(conn.aclose() for conn in self._idle))


async def _latency(
    stack: Stack, c: httpx.AsyncClient, base: str, rate: float, seconds: float, sessions: int
) -> dict[str, Any]:
    """Incoming messages to `sessions` sessions (an endpoint each) at `rate` a second for
    `seconds`, open loop: event -> delivery, in seconds, as the receiver saw them; and the
    connector's CPU per event (taking the message in, publishing it, delivering it)."""
    connected = await connect_sessions(stack, c, sessions)
    for i, (tenant, _) in enumerate(connected):
        await _register(stack, c, base, tenant, f"/l{i}", "message")
    friends = [await stack.new_phone(c) for _ in range(5)]
    sim = _Connections(stack.sim)
    await c.get(f"{base}/_latencies")  # forget the earlier phases'

    async def one(i: int) -> None:
        to = connected[i % sessions][1]
        body = json.dumps({"to": to, "text": f"m{i}"}).encode()
        status = await sim.post(f"/phones/{friends[i % len(friends)]}/messages", {}, body)
        assert status == 201, status

    connector = stack.procs["connector"].pid
    with profiled({"connector": connector}, "webhooks-latency"):
        cpu_before = cpu_seconds(connector)
        try:
            total = await _open_loop(rate, seconds, one)
        finally:
            await sim.aclose()
        await _fast_stats(c, base, "/l", total)
        cpu_s = cpu_seconds(connector) - cpu_before
    latencies = list((await c.get(f"{base}/_latencies")).json())
    return {"latencies": latencies, "connector_cpu_ms": cpu_s * 1000 / total}


async def _bare_latency(
    c: httpx.AsyncClient, base: str, rate: float, seconds: float
) -> list[float]:
    """The baseline: signed POSTs straight to the receiver at the same rate."""
    secret = "whsec_" + "QkVOQ0hCRU5DSEJFTkNIQkVOQ0g="
    webhook = Webhook(secret)
    (await c.put(f"{base}/_secret/bl", content=secret)).raise_for_status()
    receiver = _Connections(base)
    await c.get(f"{base}/_latencies")

    async def one(i: int) -> None:
        headers, body = _signed(webhook, i)
        assert await receiver.post("/bl", headers, body) == 200

    try:
        total = await _open_loop(rate, seconds, one)
    finally:
        await receiver.aclose()
    await _fast_stats(c, base, "/bl", total)
    return list((await c.get(f"{base}/_latencies")).json())


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


@contextlib.contextmanager
def _took(took: dict[str, float], phase: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    took[phase] = round(time.perf_counter() - started, 1)


def _ms(seconds: list[float], p: float) -> float:
    return round(percentile(seconds, p) * 1000, 1)


async def main() -> dict[str, Any]:
    events = env_int("BENCH_WEBHOOK_EVENTS", 500)
    per = env_int("BENCH_WEBHOOK_PER_ENDPOINT", 50)
    rate = env_float("BENCH_WEBHOOK_RATE", 200)
    seconds = env_float("BENCH_WEBHOOK_SECONDS", 10)
    sessions = env_int("BENCH_WEBHOOK_SESSIONS", 10)
    took: dict[str, float] = {}  # seconds each phase took, to keep the bench short
    async with (
        running_stack(WAGATE_WEBHOOK_POLL_INTERVAL="1") as stack,
        running_receiver() as receiver,
        _fast_receiver() as base,
        httpx.AsyncClient(timeout=30) as c,
    ):
        pool = await asyncpg.create_pool(stack.env["DATABASE_URL"], min_size=1, max_size=4)
        assert pool is not None
        try:
            with _took(took, "one_endpoint"):
                one = await _fast_throughput(stack, c, pool, base, 1, events, "/o")
            with _took(took, "20_endpoints"):
                many = await _throughput(stack, c, receiver, pool, 20, max(1, events // 20))
            load = {"loadavg_1m_before_100": machine()["loadavg_1m"]}
            with _took(took, "100_endpoints"):
                hundred = await _fast_throughput(stack, c, pool, base, 100, per, "/e")
            with _took(took, "100_baseline"):
                bare = await _bare_throughput(c, base, 100, per)
            load["loadavg_1m_before_latency"] = machine()["loadavg_1m"]
            with _took(took, "latency"):
                latency = await _latency(stack, c, base, rate, seconds, sessions)
            lat = latency["latencies"]
            with _took(took, "latency_baseline"):  # half as long: 1,000 samples at 200/s
                bare_lat = await _bare_latency(c, base, rate, seconds / 2)
            with _took(took, "outbox_cost"):
                no_endpoint, owed = await _outbox_cost(stack, c, receiver, pool, 200)
        finally:
            await pool.close()
    return {
        "deliveries_per_s_one_endpoint": round(one["per_s"], 1),
        # one after the other: the receiver's answer time plus wagate's own per delivery
        "ms_per_delivery_one_endpoint": round(1000 / one["per_s"], 2),
        "connector_cpu_ms_per_delivery_one_endpoint": round(one["connector_cpu_ms"], 3),
        "deliveries_per_s_20_endpoints": round(many, 1),
        "deliveries_per_s_100_endpoints": round(hundred["per_s"], 1),
        "connector_cpu_ms_per_delivery_100_endpoints": round(hundred["connector_cpu_ms"], 3),
        "baseline_posts_per_s_100_paths": round(bare["per_s"], 1),
        "path_span_s_100_endpoints": {k: round(v, 3) for k, v in hundred["path_span_s"].items()},
        "attempts_not_delivered_100_endpoints": hundred["attempts_not_delivered"],
        "baseline_client_cpu_ms_per_post": round(bare["client_cpu_ms"], 3),
        "cpu_ratio_connector_to_baseline": ratio(
            hundred["connector_cpu_ms"], bare["client_cpu_ms"]
        ),
        "event_to_delivery_p50_ms": _ms(lat, 50),
        "event_to_delivery_p99_ms": _ms(lat, 99),
        "connector_cpu_ms_per_event_latency_phase": round(latency["connector_cpu_ms"], 3),
        "baseline_post_p50_ms": _ms(bare_lat, 50),
        "baseline_post_p99_ms": _ms(bare_lat, 99),
        "offered_events_per_s": rate,
        "latency_sessions": sessions,
        "latency_samples": len(lat),
        "outbox_write_ms_no_endpoint": round(no_endpoint, 2),
        "outbox_write_ms_one_endpoint": round(owed, 2),
        "events_one_endpoint": events,
        "events_20_endpoints": 20 * max(1, events // 20),
        "events_100_endpoints": 100 * per,
        **load,
        "phase_seconds": took,
    }


if __name__ == "__main__":
    started = time.perf_counter()
    figures = asyncio.run(main())
    figures["bench_seconds"] = round(time.perf_counter() - started, 1)
    print(f"{'webhook figure':<44} {'value':>10}")
    for key, value in figures.items():
        print(f"{key:<44} {value!s:>10}")
    emit("webhooks", figures)
