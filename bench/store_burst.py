"""The message store's cost on the ingest path: connector CPU per incoming message for
tenants whose store is `full` against tenants whose store is `off`, in the same run.

BENCH_STORE_BURST_TENANTS sessions of each kind (5), BENCH_STORE_BURST_PHONES phones (10)
each writing BENCH_STORE_BURST_MESSAGES (100) messages back to back to one kind's
sessions; the kinds take turns, BENCH_STORE_BURST_ROUNDS (2) bursts each, so drift in the
machine's other work falls on both. A burst ends when the connector has logged every
message (its message log, in PostgreSQL); the connector's CPU over the burst, divided by
the messages, is the figure.
"""

from __future__ import annotations

import asyncio
import time

import asyncpg
import httpx

from bench.common import cpu_seconds, emit, env_int, ratio, running_stack, table
from devstack.stack import Stack


async def _sessions(stack: Stack, c: httpx.AsyncClient, mode: str, count: int) -> list[str]:
    numbers = []
    for _ in range(count):
        tenant = stack.new_tenant()
        body = {"companyId": tenant, "messageStore": mode}
        r = await c.post(f"{stack.api}/tenants", headers=stack.admin(), json=body)
        assert r.status_code == 201, r.text
        numbers.append(await stack.connect_session(c, tenant))
    return numbers


async def _burst(
    stack: Stack, c: httpx.AsyncClient, db: asyncpg.Connection, phones: list[str],
    numbers: list[str], per_phone: int,
) -> tuple[float, int]:  # fmt: skip
    """(connector CPU seconds, messages) of one burst to `numbers`' sessions."""
    logged = "SELECT count(*) FROM message_log WHERE direction = 'in'"
    before, cpu_before = await db.fetchval(logged), cpu_seconds(stack.procs["connector"].pid)

    async def phone(k: int) -> None:
        for j in range(per_phone):
            to = numbers[(k + j) % len(numbers)]
            text = f"burst message {j} from phone {k}: the quick brown fox"
            r = await c.post(
                f"{stack.sim}/phones/{phones[k]}/messages", json={"to": to, "text": text}
            )
            assert r.status_code == 201, r.text

    await asyncio.gather(*(phone(k) for k in range(len(phones))))
    total = len(phones) * per_phone
    deadline = time.monotonic() + 120
    while await db.fetchval(logged) - before < total:
        assert time.monotonic() < deadline, "the connector did not log the burst in 120 s"
        await asyncio.sleep(0.05)
    return cpu_seconds(stack.procs["connector"].pid) - cpu_before, total


async def main() -> None:
    count = env_int("BENCH_STORE_BURST_TENANTS", 5)
    per_phone = env_int("BENCH_STORE_BURST_MESSAGES", 100)
    rounds = env_int("BENCH_STORE_BURST_ROUNDS", 2)
    spent = {"off": [0.0, 0], "full": [0.0, 0]}
    async with running_stack() as stack, httpx.AsyncClient(timeout=30) as c:
        groups = {mode: await _sessions(stack, c, mode, count) for mode in spent}
        phones = [await stack.new_phone(c) for _ in range(env_int("BENCH_STORE_BURST_PHONES", 10))]
        db = await asyncpg.connect(stack.env["DATABASE_URL"])
        try:
            for _ in range(rounds):
                for mode, numbers in groups.items():
                    cpu, messages = await _burst(stack, c, db, phones, numbers, per_phone)
                    spent[mode][0] += cpu
                    spent[mode][1] += messages
        finally:
            await db.close()
    per_message = {mode: 1000 * cpu / n for mode, (cpu, n) in spent.items()}
    table(
        "connector CPU per incoming message, store off against full (same run)",
        ["messageStore", "messages", "CPU ms a message"],
        [(mode, int(spent[mode][1]), round(ms, 3)) for mode, ms in per_message.items()],
    )
    emit(
        "store_burst",
        {
            "cpu_ms_per_message": {m: round(v, 3) for m, v in per_message.items()},
            "full_over_off": ratio(per_message["full"], per_message["off"]),
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
