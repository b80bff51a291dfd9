"""Takeover by a standby connector after the holder's SIGKILL, against a cold restart.

K sim sessions are connected, a webhook delivery is in flight (its receiver hangs), and
a standby connector waits for the lock. The holder is killed with SIGKILL; from that
instant the bench times, all at once:

- lock: the standby's /readyz says `leader`;
- send: a send issued at the kill instant answers 200 (it waits on the bus meanwhile);
- restored: GET /sessions lists all K connected again;
- webhook: the delivery that was in flight reaches the receiver (now answering at once).

Baseline, in the same run: the same after a SIGKILL of the new holder with no standby,
a new connector process started the instant the old one is dead (the best a supervisor
can do). Then, fencing: a holder that reaches PostgreSQL through a proxy process is
partitioned (the proxy is paused); the bench times how long until the sim network sees
its sessions end and until the process exits, against WAGATE_LOCK_TIMEOUT (T), the
least time PostgreSQL takes to drop a silent holder's lock.

Env: BENCH_TAKEOVER_SESSIONS (20), BENCH_TAKEOVER_TIMEOUT seconds per phase (60),
BENCH_LOCK_TIMEOUT T for the fencing phase (25, the product's default).
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from bench.common import connect_sessions, emit, env_float, env_int, now, running_stack, table
from devstack.connector_ops import wait_role
from devstack.stack import PG_ADMIN_URL, Stack, free_port
from devstack.tcp_proxy import proxy_to, via_proxy
from devstack.webhook_receiver import Receiver, running_receiver


async def _connected(stack: Stack, c: httpx.AsyncClient) -> int:
    r = await c.get(f"{stack.api}/sessions", headers=stack.admin())
    if r.status_code != 200:
        return 0
    return sum(s["status"] == "connected" for s in r.json()["sessions"])


async def _timed(started: float, job: Awaitable[Any]) -> float:
    await job
    return round(now() - started, 2)


async def _until(check: Callable[[], Awaitable[bool]], timeout_s: float) -> None:
    deadline = now() + timeout_s
    while not await check():
        if now() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.02)


async def _hung_delivery(stack: Stack, c: httpx.AsyncClient, receiver: Receiver) -> str:
    """A webhook test event whose first attempt hangs at the receiver; returns its URL,
    already switched to answer at once (the hung request keeps hanging)."""
    tenant = stack.new_tenant()
    url = receiver.add(delay_s=600.0)
    r = await c.post(f"{stack.api}/webhooks", headers=stack.auth(tenant), json={"url": url})
    assert r.status_code == 201, r.text
    endpoint_id = r.json()["endpoint"]["id"]
    r = await c.post(f"{stack.api}/webhooks/{endpoint_id}/test", headers=stack.auth(tenant))
    assert r.status_code == 202, r.text
    await receiver.wait(url, lambda rs: len(rs) == 1, 30)
    receiver.behaviour(url).delay_s = 0.0
    return url


async def _after_kill(
    stack: Stack,
    c: httpx.AsyncClient,
    receiver: Receiver,
    hook: str,
    sessions: list[tuple[str, str]],
    successor_ops: int,
    kill: Callable[[], None],
    timeout_s: float,
) -> dict[str, float]:
    tenant, _ = sessions[0]
    friend = await stack.new_phone(c)
    started = now()
    kill()

    async def send() -> None:
        r = await stack.call(c, "POST", tenant, "send", json={"phone": friend, "message": "x"})
        while r.status_code == 504:  # the bus waited past its timeout: ask again
            r = await stack.call(c, "POST", tenant, "send", json={"phone": friend, "message": "x"})
        assert r.status_code == 200, r.text

    async def all_back() -> bool:
        return await _connected(stack, c) >= len(sessions)

    lock, sent, back, webhook = await asyncio.gather(
        _timed(started, wait_role(c, successor_ops, "leader", timeout_s)),
        _timed(started, asyncio.wait_for(send(), timeout_s)),
        _timed(started, _until(all_back, timeout_s)),
        _timed(started, receiver.wait_accepted(hook, 1, timeout_s)),
    )
    return {"lock_s": lock, "send_s": sent, "restored_s": back, "webhook_s": webhook}


def _ops_port(stack: Stack) -> int:
    return int(stack.env["WAGATE_CONNECTOR_METRICS_PORT"])


async def _fencing(c: httpx.AsyncClient, lock_timeout: int, timeout_s: float) -> dict[str, float]:
    host, port = PG_ADMIN_URL.split("@")[-1].split("/")[0].split(":")
    with proxy_to(host, int(port)) as proxy:
        async with running_stack(WAGATE_LOCK_TIMEOUT=str(lock_timeout)) as stack:
            stack.stop("connector")
            holder = stack.start(
                "connector",
                {"DATABASE_URL": via_proxy(stack.env["DATABASE_URL"], proxy)},
                name="holder",
            )
            await wait_role(c, _ops_port(stack), "leader")
            sessions = await connect_sessions(stack, c, 5)
            phones = [phone for _, phone in sessions]

            async def all_closed() -> bool:
                for phone in phones:
                    log = await stack.connections(c, phone)
                    if log[-1]["event"] == "connected":
                        return False
                return True

            started = now()
            proxy.pause()
            closed = await _timed(started, _until(all_closed, timeout_s))
            exited = await _timed(started, asyncio.to_thread(holder.wait, timeout_s))
            stack.procs.pop("holder")
    return {"sessions_closed_s": closed, "process_exited_s": exited}


async def main() -> None:
    count = env_int("BENCH_TAKEOVER_SESSIONS", 20)
    timeout_s = env_float("BENCH_TAKEOVER_TIMEOUT", 60)
    lock_timeout = env_int("BENCH_LOCK_TIMEOUT", 25)
    async with (
        running_receiver() as receiver,
        running_stack(WAGATE_WEBHOOK_ALLOW_PRIVATE="1", WAGATE_WEBHOOK_TIMEOUT="600") as stack,
        httpx.AsyncClient(timeout=30) as c,
    ):
        sessions = await connect_sessions(stack, c, count)
        standby_ops = free_port()
        stack.start(
            "connector",
            {"WAGATE_CONNECTOR_ID": "standby", "WAGATE_CONNECTOR_METRICS_PORT": str(standby_ops)},
            name="standby",
        )
        await wait_role(c, standby_ops, "standby")

        hook = await _hung_delivery(stack, c, receiver)
        takeover = await _after_kill(
            stack,
            c,
            receiver,
            hook,
            sessions,
            standby_ops,
            lambda: stack.stop("connector", signal.SIGKILL),
            timeout_s,
        )

        hook = await _hung_delivery(stack, c, receiver)

        def kill_and_restart() -> None:
            stack.stop("standby", signal.SIGKILL)
            stack.start("connector")

        cold = await _after_kill(
            stack, c, receiver, hook, sessions, _ops_port(stack), kill_and_restart, timeout_s
        )
    async with httpx.AsyncClient(timeout=30) as c:
        fencing = await _fencing(c, lock_timeout, timeout_s)

    rows = [
        [what, takeover[key], cold[key], round(cold[key] / takeover[key], 1)]
        for what, key in (
            ("standby holds the lock (/readyz: leader)", "lock_s"),
            ("a send issued at the kill answers 200", "send_s"),
            (f"all {count} sessions connected again", "restored_s"),
            ("the webhook in flight delivered", "webhook_s"),
        )
    ]
    table(
        f"takeover after SIGKILL of the holder: {count} sim sessions, seconds from the kill",
        ["what", "warm standby", "cold restart", "cold / standby"],
        rows,
    )
    table(
        f"fencing: holder partitioned from PostgreSQL (proxy paused), T = {lock_timeout} s",
        ["what", "seconds", "bound"],
        [
            ["every session closed at the network", fencing["sessions_closed_s"], "< T"],
            ["holder process exited (code 4)", fencing["process_exited_s"], "< 0.7 T"],
        ],
    )
    emit(
        "takeover",
        {
            "sessions": count,
            "standby": takeover,
            "cold_restart": cold,
            "lock_timeout_s": lock_timeout,
            "fencing": fencing,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
