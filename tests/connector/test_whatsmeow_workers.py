"""The whatsmeow engine's worker processes, with the real library, in a real deployment.

What a worker is for can be shown offline with whatsmeow's own code: a Go call that does
not return (`devstack.whatsmeow_network.silent_proxy`). No Python code can end such a call;
ending its worker process can.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Any

import httpx

from devstack.stack import Stack, deployment
from devstack.whatsmeow_network import silent_proxy
from devstack.whatsmeow_pairing import new_number, pair_offline
from tests.whatsmeow_stack import NO_RETRY_SOON, threads_busy


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


async def metric(stack: Stack, c: httpx.AsyncClient, name: str) -> float:
    for line in (await c.get(f"{stack.connector_ops}/metrics")).text.splitlines():
        if line.startswith(f"{name} "):
            return float(line.split()[1])
    raise AssertionError(f"no {name} in the connector's metrics")


async def next_reconnect(events: Any, reason: str, timeout_s: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        event = await events.until("reconnecting", max(0.01, deadline - time.monotonic()))
        if event["data"]["reason"] == reason:
            return dict(event)


# the Go calls here never return, so each `initialize` waits its whole wait; a stop that
# is not confirmed ends its worker after 1 s, and an empty worker ends 0.5 s later: what
# the production defaults (10 s, 5 s, 5 s) do, sooner
QUICK_WORKERS = {
    "WAGATE_INITIALIZE_WAIT": "0.5",
    "WAGATE_WHATSMEOW_STOP_TIMEOUT": "1",
    "WAGATE_WHATSMEOW_WORKER_IDLE": "0.5",
}


async def until(what: str, check: object, timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.05)


async def test_a_worker_killed_with_sigkill_brings_its_sessions_back(
    client: httpx.AsyncClient,
) -> None:
    """Three resumed sessions, each in a Go call that has not returned (dialling through
    the silent proxy), share a worker; SIGKILL it, and each reconnects in a new one."""
    async with (
        silent_proxy() as proxy,
        deployment(
            ("connector", "gateway"),
            WAGATE_ENGINE="whatsmeow",
            HTTPS_PROXY=proxy.url,
            WAGATE_RECONNECT_BASE="0.5",
            WAGATE_RECONNECT_CAP="2",
            **QUICK_WORKERS,
        ) as stack,
    ):
        tenants = [stack.new_tenant() for _ in range(3)]
        for tenant in tenants:  # their first attempts make whatsmeow create its tables
            r = await stack.call(client, "POST", tenant, "initialize")
            assert r.status_code == 200, r.text
        await until("the pairings dial", lambda: proxy.dialled(3))
        await pair_offline(stack, [(c, new_number(), 1) for c in tenants])
        assert await stack.restart_connector() == 0  # each resumes its stored device
        await until("the resumes dial", lambda: proxy.dialled(6))
        connector = stack.procs["connector"].pid
        workers = children(connector)
        assert len(workers) == 1, workers  # the three share one worker

        async with stack.events(tenants[0]) as events:
            os.kill(workers.pop(), signal.SIGKILL)
            lost = await next_reconnect(events, "connection_lost")
            assert "worker process ended" in lost["data"]["detail"], lost
        # and back: each makes its next attempt, in a new worker
        await until("the sessions dial again", lambda: proxy.dialled(9))
        assert stack.procs["connector"].poll() is None
        assert len(children(connector)) == 1
        assert await metric(stack, client, "wagate_whatsmeow_worker_deaths") == 1


async def test_a_stop_ends_a_go_call_that_would_never_return(
    client: httpx.AsyncClient,
) -> None:
    """Before workers, the stuck session's stop waited for ever on whatsmeow's socket
    lock, holding the gate every other start and stop needs: one tenant stalled all."""
    async with (
        silent_proxy() as proxy,
        deployment(
            ("connector", "gateway"),
            WAGATE_ENGINE="whatsmeow",
            HTTPS_PROXY=proxy.url,
            **{**NO_RETRY_SOON, **QUICK_WORKERS},
        ) as stack,
    ):
        stuck, pairing, later = (stack.new_tenant() for _ in range(3))
        r = await stack.call(client, "POST", pairing, "initialize")
        assert r.status_code == 200, r.text
        await until("the pairing dials through the proxy", lambda: proxy.dialled(1))
        # whatsmeow made its tables before dialling: a stored device can be resumed
        for tenant in (stuck, later):
            r = await client.post(
                f"{stack.api}/tenants", headers=stack.admin(), json={"companyId": tenant}
            )
            assert r.status_code == 201, r.text
        await pair_offline(stack, [(stuck, new_number(), 1), (later, new_number(), 2)])
        r = await stack.call(client, "POST", stuck, "initialize")
        assert r.status_code == 200, r.text
        await until("the resume dials through the proxy", lambda: proxy.dialled(2))
        assert await threads_busy(stack, client) == 2

        for tenant in (stuck, pairing):
            r = await stack.call(client, "DELETE", tenant)
            assert r.status_code == 200, r.text
        await until(
            "the stuck sessions' places are free",
            lambda: _metric_is(stack, client, "wagate_whatsmeow_sessions", 0),
        )
        await until(
            "their worker processes are gone",
            lambda: _no_children(stack.procs["connector"].pid),
        )

        # nothing was left holding the others: a new start gets its own attempt
        r = await stack.call(client, "POST", later, "initialize")
        assert r.status_code == 200, r.text
        await until("a later start dials", lambda: proxy.dialled(3))


async def _metric_is(stack: Stack, c: httpx.AsyncClient, name: str, value: float) -> bool:
    return await metric(stack, c, name) == value


async def _no_children(pid: int) -> bool:
    return not children(pid)
