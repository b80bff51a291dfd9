"""What survives a crash, a SIGTERM, a second gateway, a restart of many sessions; and
that starting and stopping sessions leaves nothing behind."""

from __future__ import annotations

import asyncio
import re
import signal
from collections.abc import AsyncIterator

import httpx
import pytest

from devstack.process_sockets import sockets_by_port, sockets_to
from devstack.stack import Stack, deployment
from devstack.waiting import until


async def _inbox(stack: Stack, c: httpx.AsyncClient, phone: str) -> list[dict[str, object]]:
    messages: list[dict[str, object]] = (
        await c.get(f"{stack.sim}/phones/{phone}/messages")
    ).json()["messages"]
    return messages


async def _wait_inbox(stack: Stack, c: httpx.AsyncClient, phone: str, count: int) -> None:
    for _ in range(100):
        if len(await _inbox(stack, c, phone)) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{phone} never received {count} message(s)")


async def test_kill_9_during_a_send_sends_exactly_once(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    # WhatsApp receives the message at once but acknowledges it only after 2 s
    await stack.fault(client, number, "slow", seconds=3, delay_ms=2000)
    send = asyncio.create_task(
        stack.call(client, "POST", tenant, "send", json={"phone": friend, "message": "once"})
    )
    await _wait_inbox(stack, client, friend, 1)
    await stack.restart_connector(signal.SIGKILL)  # dies between "sent" and "acknowledged"

    response = await send  # the gateway is still waiting; the new connector answers it
    assert response.status_code == 200, response.text
    # a second copy would be a send that must not happen: no event announces it, so the
    # test gives it time to arrive
    await asyncio.sleep(0.5)
    inbox = await _inbox(stack, client, friend)
    assert [m["text"] for m in inbox] == ["once"]
    assert response.json()["messageId"] == inbox[0]["id"]


async def test_sigterm_finishes_sends_in_flight(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    await stack.fault(client, number, "slow", seconds=3, delay_ms=1000)
    sends = [
        asyncio.create_task(
            stack.call(client, "POST", tenant, "send", json={"phone": friend, "message": f"m{i}"})
        )
        for i in range(5)
    ]
    await _wait_inbox(stack, client, friend, 5)
    assert await stack.restart_connector(signal.SIGTERM) == 0
    responses = await asyncio.gather(*sends)
    assert [r.status_code for r in responses] == [200] * 5
    assert "still running" not in stack.log_tail("connector", 200)
    assert sorted(m["text"] for m in await _inbox(stack, client, friend)) == [
        f"m{i}" for i in range(5)
    ]


async def test_two_gateways_initialize_one_session(stack: Stack, client: httpx.AsyncClient) -> None:
    async with stack.extra_gateway() as second:
        tenant = stack.new_tenant()
        a, b = await asyncio.gather(
            client.post(f"{stack.api}/sessions/{tenant}/initialize", headers=stack.auth(tenant)),
            client.post(f"{second.api}/sessions/{tenant}/initialize", headers=stack.auth(tenant)),
        )
        assert a.json()["qr"] == b.json()["qr"]
        sessions = (await client.get(f"{stack.api}/sessions", headers=stack.auth(tenant))).json()
        assert sessions["total"] == 1


async def test_restore_is_staggered(stack: Stack, client: httpx.AsyncClient) -> None:
    numbers = [await stack.connect_session(client, stack.new_tenant()) for _ in range(20)]
    await stack.restart_connector()

    async def all_restored() -> list[float] | None:  # each connected a second time
        found = []
        for number in numbers:
            log = await stack.connections(client, number)
            connects = [e["at"] / 1000 for e in log if e["event"] == "connected"]
            if len(connects) < 2:
                return None
            found.append(max(connects))
        return found

    # 20 sessions at 20 per second
    restored = await until(all_restored, "every session restored", timeout_s=10)
    restored.sort()
    gaps = [b - a for a, b in zip(restored, restored[1:], strict=False)]
    assert min(gaps) > 0.02, "restored sessions connected at the same instant"
    assert restored[-1] - restored[0] > 0.5  # 20 starts spread over about a second


@pytest.fixture
async def giving_up_stack() -> AsyncIterator[Stack]:
    async with deployment(WAGATE_RECONNECT_MAX_ATTEMPTS="3") as s:
        yield s


async def test_reconnect_gives_up_after_the_limit(
    giving_up_stack: Stack, client: httpx.AsyncClient
) -> None:
    s = giving_up_stack
    tenant = s.new_tenant()
    await s.connect_session(client, tenant)
    async with s.events(tenant) as events:
        await client.post(f"{s.sim}/outage", json={"seconds": 6})
        seen = []
        while not seen or seen[-1]["type"] != "reconnect_failed":
            seen.append(await events.next())
    assert [e["data"]["attempt"] for e in seen if e["type"] == "reconnecting"] == [1, 2, 3]
    assert seen[-1]["data"]["state"] == "failed"
    assert seen[-1]["data"]["reason"] == "reconnect_failed"
    await client.delete(f"{s.sim}/outage")
    await asyncio.sleep(1.5)  # several backoff windows: a retry, which must not come
    assert (await s.status(client, tenant))["status"] == "failed"  # retried only on request
    r = await s.call(client, "POST", tenant, "restart")
    assert r.status_code == 200
    await s.wait_status(client, tenant, "connected")


def _metric(text: str, name: str) -> float:
    match = re.search(rf"^{name} ([0-9.e+]+)$", text, re.MULTILINE)
    assert match, name
    return float(match.group(1))


async def test_starting_and_stopping_200_sessions_leaves_nothing_behind(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    admin = {"Authorization": f"Bearer {stack.admin_token()}"}

    async def cycle(count: int) -> None:
        slots = asyncio.Semaphore(20)

        async def one() -> None:
            tenant = stack.new_tenant()
            async with slots:
                r = await stack.call(client, "POST", tenant, "initialize")
                assert r.json()["status"] == "qr"
                assert (await stack.call(client, "DELETE", tenant)).json()["deleted"] is True

        await asyncio.gather(*(one() for _ in range(count)))

    async def sample() -> tuple[float, int, float, int]:
        await asyncio.sleep(0.5)  # let closed sockets finish closing
        text = (await client.get(f"{stack.api}/metrics/prometheus", headers=admin)).text
        return (
            _metric(text, "wagate_connector_asyncio_tasks"),
            sockets_to(stack.procs["connector"].pid, int(stack.env["WAGATE_SIM_PORT"])),
            _metric(text, "process_resident_memory_bytes"),
            int(_metric(text, "process_open_fds")),
        )

    # warm up at the same concurrency, so the bounded PostgreSQL and Redis connection pools
    # reach their working size before the baseline
    await cycle(100)
    tasks0, sim0, rss0, fds0 = await sample()
    await cycle(200)

    # the connector is shared with the module's other tenants, whose sessions come and
    # go in the background (reconnects, health checks, webhook retries): a task count is
    # a snapshot, so wait a few seconds for one at the baseline; a leaked task per
    # session (200 more) never gets there
    async def settled() -> tuple[float, int, float, int] | None:
        taken = await sample()
        return taken if taken[0] <= tasks0 else None

    try:
        tasks1, sim1, rss1, fds1 = await until(
            settled, "the connector's tasks back at the baseline", 5
        )
    except AssertionError:
        tasks1, sim1, rss1, fds1 = await sample()
    assert tasks1 <= tasks0
    assert sim1 <= sim0, f"{sim1 - sim0} sockets to WhatsApp left open"
    # beyond the sessions' sockets, only the bounded pools may still grow a little
    assert fds1 <= fds0 + 10, f"fds {fds0} -> {fds1}; sockets by remote port: " + str(
        sockets_by_port(stack.procs["connector"].pid)
    )
    assert rss1 - rss0 < 8 * 1024 * 1024, f"RSS grew {(rss1 - rss0) / 1e6:.1f} MB"
