"""Number checks, contacts and groups, one request at a time, against a bus round trip in
the same run.

Each operation runs BENCH_GROUPS_ROUNDS times in a row (serial, one keep-alive connection)
on one connected session: latency percentiles, and the CPU the gateway, the connector and
the sim network spent per operation together (from /proc, so the load generator is left
out). Operations: a number check of 50 numbers WhatsApp is asked about (each round new
numbers), the same 50 from the cache, a contact's profile, a group's info (a group of
BENCH_GROUPS_MEMBERS), a text to that group (fanned out to every member) and a text to one
number. baseline: GET /status, a command to the connector and its answer with no engine
call.

Env: BENCH_GROUPS_ROUNDS (200), BENCH_GROUPS_MEMBERS (20).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from bench.common import (
    cpu_seconds,
    emit,
    env_int,
    latency_summary_ms,
    now,
    ratio,
    running_stack,
    table,
)
from devstack.stack import Stack

Request = Callable[[int], Awaitable[httpx.Response]]


async def measure(stack: Stack, rounds: int, request: Request) -> dict[str, Any]:
    pids = [p.pid for p in stack.procs.values()]
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    latencies = []
    for i in range(rounds):
        started = now()
        r = await request(i)
        latencies.append(now() - started)
        assert r.status_code < 300, r.text
    cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
    return {**latency_summary_ms(latencies), "cpu_ms_per_op": round(cpu / rounds * 1000, 3)}


async def main() -> None:
    rounds, members = env_int("BENCH_GROUPS_ROUNDS", 200), env_int("BENCH_GROUPS_MEMBERS", 20)
    async with (
        running_stack(WAGATE_NUMBER_CHECK_RATE_PER_MINUTE="100000000") as stack,
        httpx.AsyncClient(timeout=30) as c,
    ):
        tenant = stack.new_tenant()
        await stack.connect_session(c, tenant)
        phones = [await stack.new_phone(c) for _ in range(members - 1)]
        made = await stack.call(
            c, "POST", tenant, "groups", json={"subject": "bench", "participants": phones}
        )
        group = made.json()["group"]["groupId"]
        fresh = [[stack.new_number() for _ in range(50)] for _ in range(rounds)]
        cached = fresh[0]

        def call(method: str, path: str, body: Callable[[int], Any] | None = None) -> Request:
            async def request(i: int) -> httpx.Response:
                return await stack.call(c, method, tenant, path, json=body(i) if body else None)

            return request

        operations: list[tuple[str, Request]] = [
            ("baseline: GET status", call("GET", "status")),
            (
                "number check, 50 asked",
                call("POST", "contacts/check", lambda i: {"phones": fresh[i]}),
            ),
            (
                "number check, 50 cached",
                call("POST", "contacts/check", lambda i: {"phones": cached}),
            ),
            ("contact profile", call("GET", f"contacts/{phones[0]}")),
            (f"group info ({members} members)", call("GET", f"groups/{group}")),
            (
                f"text to the group ({members - 1} recipients)",
                call("POST", "messages/text", lambda i: {"to": group, "text": f"g{i}"}),
            ),
            (
                "text to one number",
                call("POST", "messages/text", lambda i: {"to": phones[0], "text": f"d{i}"}),
            ),
        ]
        figures: dict[str, dict[str, Any]] = {}
        for name, request in operations:
            figures[name] = await measure(stack, rounds, request)
            await asyncio.sleep(0.5)  # let the previous operation's events settle
    base = figures["baseline: GET status"]
    table(
        f"serial, {rounds} rounds each",
        ["operation", "p50 ms", "p99 ms", "CPU ms/op", "p50 / baseline", "CPU / baseline"],
        [
            (
                name,
                f["p50_ms"],
                f["p99_ms"],
                f["cpu_ms_per_op"],
                ratio(f["p50_ms"], base["p50_ms"]),
                ratio(f["cpu_ms_per_op"], base["cpu_ms_per_op"]),
            )
            for name, f in figures.items()
        ],
    )
    emit("groups", {"rounds": rounds, "members": members, "operations": figures})


if __name__ == "__main__":
    asyncio.run(main())
