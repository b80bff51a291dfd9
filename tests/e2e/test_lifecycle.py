"""Session lifecycle against the sim network's faults: each fault gives the state and
event sequence an operator would expect, within the backoff window, and no reconnect war.

The test stack reconnects with base 0.1 s and cap 1 s, checks health every 1 s."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from devstack.process_sockets import local_ports
from devstack.proxy_server import ProxyServer, proxy_server
from devstack.stack import Stack, free_port
from devstack.waiting import until


async def _connected(stack: Stack, c: httpx.AsyncClient) -> tuple[str, str]:
    """A connected session whose `connected` event is on its stream already: status can
    say connected a moment before the event is written, and a socket opened in between
    would start with it."""
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(c, tenant)
        await events.until("connected")
    return tenant, number


@pytest.fixture(scope="module")
def proxy() -> Iterator[ProxyServer]:
    """A real proxy process (pproxy: SOCKS5 and HTTP CONNECT, with credentials)."""
    with proxy_server() as server:
        yield server


async def _behind(stack: Stack, c: httpx.AsyncClient, proxy_url: str) -> str:
    """A new tenant whose session connects through `proxy_url`."""
    tenant = stack.new_tenant()
    made = await c.post(f"{stack.api}/tenants", headers=stack.admin(), json={"companyId": tenant})
    assert made.status_code == 201, made.text
    r = await c.put(
        f"{stack.api}/tenants/{tenant}/proxy", headers=stack.admin(), json={"url": proxy_url}
    )
    assert r.status_code == 200, r.text
    return tenant


async def test_sessions_behind_proxies_reach_the_network_from_the_proxy(
    stack: Stack, client: httpx.AsyncClient, proxy: ProxyServer
) -> None:
    for scheme in ("socks5", "http"):
        tenant = await _behind(stack, client, proxy.url(scheme))
        number = await stack.connect_session(client, tenant)  # the QR came through it too
        log = await stack.connections(client, number)
        peer = [e["peer"] for e in log if e["event"] == "connected"][-1]
        # the network's peer is a socket of the proxy process: not the connector's
        assert int(peer.rsplit(":", 1)[1]) in local_ports(proxy.pid), (scheme, peer)
        # gone before the proxy is: no session of the shared stack retries through it
        gone = await client.delete(f"{stack.api}/sessions/{tenant}", headers=stack.auth(tenant))
        assert gone.status_code == 200, gone.text


async def test_a_proxy_that_is_down_is_a_reason_and_never_a_direct_connection(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = await _behind(stack, client, f"socks5://u:p@127.0.0.1:{free_port()}")
    async with stack.events(tenant) as events:
        r = await client.post(
            f"{stack.api}/sessions/{tenant}/initialize", headers=stack.auth(tenant)
        )
        assert r.status_code == 200, r.text
        seen = []
        while sum(e["type"] == "reconnecting" for e in seen) < 2:  # retried with backoff
            seen.append(await events.next())
    # a direct connection would have reached the network and shown a QR code
    assert "qr" not in {e["type"] for e in seen}, seen
    status = await stack.status(client, tenant)
    assert (status["status"], status["reason"]) == ("reconnecting", "proxy_unreachable")
    assert status["qr"] is None
    gone = await client.delete(f"{stack.api}/sessions/{tenant}", headers=stack.auth(tenant))
    assert gone.status_code == 200, gone.text  # no retries left behind in the shared stack


async def test_drop_reconnects_within_the_backoff_window(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        dropped_at = time.monotonic()
        await stack.fault(client, number, "drop")
        disconnected = await events.next()
        assert disconnected["type"] == "disconnected"
        assert disconnected["data"]["state"] == "reconnecting"
        assert disconnected["data"]["reason"] == "connection_lost"
        attempt = await events.next()
        assert attempt["type"] == "reconnecting"
        assert attempt["data"]["attempt"] == 1
        assert 0 <= attempt["data"]["delaySeconds"] <= 0.1  # base 0.1 s, full jitter
        back = await events.next()
        assert back["type"] == "connected" and back["data"]["phone"] == number
        assert time.monotonic() - dropped_at < 0.1 + 2.0
    status = await stack.status(client, tenant)
    assert status["status"] == "connected" and status["reconnectAttempts"] == 1


async def test_a_flapping_connection_backs_off_further_each_time(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        await stack.fault(client, number, "drop", count=4)  # now, and right after 3 reconnects
        attempts = []
        while len(attempts) < 4:
            event = await events.next()
            if event["type"] == "reconnecting":
                attempts.append(event["data"])
        await events.until("connected")
    # connecting between drops does not reset the count: each delay has a wider window
    assert [a["attempt"] for a in attempts] == [1, 2, 3, 4]
    for a in attempts:
        assert a["delaySeconds"] <= min(1.0, 0.1 * 2 ** (a["attempt"] - 1))


async def test_logout_from_the_phone_wipes_credentials_and_never_reconnects(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        await stack.fault(client, number, "logout")
        event = await events.next()
        assert event["type"] == "logout"
        assert event["data"]["state"] == "logged_out"
        assert event["data"]["reason"] == "logged_out_from_phone"
    await asyncio.sleep(1.5)  # several backoff windows: nothing may reconnect
    log = await stack.connections(client, number)
    assert [e["event"] for e in log if e["event"] == "connected"] == ["connected"]
    status = await stack.status(client, tenant)
    assert (status["status"], status["phone"]) == ("logged_out", None)
    # the monitor's last good check belonged to the connection that is gone
    health = await stack.call(client, "GET", tenant, "health")
    assert health.status_code == 503
    assert health.json()["problem"] == "session is logged_out"
    assert health.json()["reason"] == "logged_out_from_phone"
    again = await stack.call(client, "POST", tenant, "initialize")
    assert again.json()["status"] == "qr"  # credentials are gone: a new scan is needed


async def test_replaced_connection_fails_without_a_takeover_war(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        await stack.fault(client, number, "replaced")
        event = await events.next()
        assert (event["type"], event["data"]["state"], event["data"]["reason"]) == (
            "state",
            "failed",
            "connection_replaced",
        )
    await asyncio.sleep(1.5)  # several backoff windows: a reconnect, which must not come
    log = await stack.connections(client, number)
    assert sum(e["event"] == "connected" for e in log) == 1
    # retry only on request, with the credentials kept
    r = await stack.call(client, "POST", tenant, "restart")
    assert r.status_code == 200, r.text
    back = await stack.wait_status(client, tenant, "connected")
    assert back["phone"] == number


async def test_restart_required_reconnects_at_once(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        started = time.monotonic()
        await stack.fault(client, number, "restart_required")
        assert (await events.next())["data"]["reason"] == "restart_required"
        attempt = await events.next()
        assert attempt["type"] == "reconnecting" and attempt["data"]["delaySeconds"] == 0
        await events.until("connected")
        assert time.monotonic() - started < 2.0


async def test_overlimit_pauses_sending_not_the_socket(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    friend = await stack.new_phone(client)
    body = {"phone": friend, "message": "hello"}
    async with stack.events(tenant) as events:
        await stack.fault(client, number, "overlimit", count=1, seconds=2)
        asked_at = time.monotonic()
        first = await stack.call(client, "POST", tenant, "send", json=body)
        assert (first.status_code, first.json()["code"]) == (429, "rate_overlimit")
        assert first.headers["Retry-After"] == "2"
        # the pause holds without asking WhatsApp again
        second = await stack.call(client, "POST", tenant, "send", json=body)
        assert second.status_code == 429 and 1 <= int(second.headers["Retry-After"]) <= 2
        error = await events.next()
        assert error["type"] == "error" and error["data"]["code"] == "rate_overlimit"

        async def sent() -> httpx.Response | None:
            r = await stack.call(client, "POST", tenant, "send", json=body)
            if r.status_code == 429:
                assert r.json()["code"] == "rate_overlimit", r.text  # still the pause
                return None
            return r

        # polled slowly: each try counts against the tenant's sends a minute
        third = await until(sent, "a send after WhatsApp's pause", timeout_s=5, every_s=0.25)
        assert third.status_code == 200, third.text
        assert time.monotonic() - asked_at >= 2.0  # not before the pause (2 s) was over
        # the socket was never touched: the next event is the delivery receipt
        assert (await events.next())["type"] == "receipt"
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert len(inbox) == 1
    assert (await stack.status(client, tenant))["status"] == "connected"


async def test_a_stalled_socket_is_found_by_the_health_check(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        stalled_at = time.monotonic()
        await stack.fault(client, number, "stall", seconds=60)
        failed = await events.next(timeout_s=8)
        assert failed["type"] == "health_check_failed"
        disconnected = await events.next()
        assert disconnected["data"]["reason"] == "health_check_failed"
        await events.until("connected")
        # interval 1 s + timeout 2 s, plus a reconnect
        assert time.monotonic() - stalled_at < 1 + 2 + 2
    r = await stack.call(client, "GET", tenant, "health")
    assert r.status_code == 200 and r.json()["healthy"] is True


async def test_health_answers_from_the_last_check(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant, _ = await _connected(stack, client)
    ours: set[str] = set()  # checks run for a request, found none recent enough

    async def monitors_check() -> dict[str, Any] | None:
        body: dict[str, Any] = (await stack.call(client, "GET", tenant, "health")).json()
        if body["ageSeconds"] == 0.0:
            ours.add(body["checkedAt"])
            return None
        return None if body["checkedAt"] in ours else body

    body = await until(monitors_check, "an answer from the monitor's check", every_s=0.1)
    assert body["healthy"] is True
    assert 0 < body["ageSeconds"] <= 2.0  # never older than two intervals


async def test_logout_restart_delete_are_idempotent(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    for _ in range(2):
        r = await stack.call(client, "POST", tenant, "logout")
        assert r.status_code == 200, r.text
        assert (r.json()["status"], r.json()["reason"]) == ("logged_out", "logged_out_by_request")
    phone = (await client.get(f"{stack.sim}/phones/{number}")).json()
    assert phone["linkedDevices"] == 0  # unlinked at WhatsApp, not only forgotten here

    r = await stack.call(client, "POST", tenant, "restart")
    assert r.json()["status"] == "qr"  # no credentials left: pairing again
    for expected in (True, False):
        r = await stack.call(client, "DELETE", tenant)
        assert r.status_code == 200 and r.json()["deleted"] is expected
    assert (await stack.call(client, "GET", tenant, "status")).status_code == 404


async def test_delete_unlinks_the_device_unless_asked_to_keep_it(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    async def linked_devices(number: str) -> int:
        count: int = (await client.get(f"{stack.sim}/phones/{number}")).json()["linkedDevices"]
        return count

    async def deleted(tenant: str, **params: str) -> None:
        r = await stack.call(client, "DELETE", tenant, params=params)
        assert r.status_code == 200 and r.json()["deleted"] is True, r.text
        assert (await stack.call(client, "GET", tenant, "status")).status_code == 404

    unlinked, offline, kept = [await _connected(stack, client) for _ in range(3)]
    await deleted(unlinked[0])
    assert await linked_devices(unlinked[1]) == 0  # gone from the phone's Linked devices

    async with stack.events(offline[0]) as events:
        await stack.fault(client, offline[1], "replaced")  # failed: it holds no socket
        await events.until("state")
    await deleted(offline[0])
    assert await linked_devices(offline[1]) == 0  # a brief connection told WhatsApp

    r = await stack.call(client, "DELETE", kept[0], params={"keepDevice": "maybe"})
    assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), r.text
    await deleted(kept[0], keepDevice="true")
    assert await linked_devices(kept[1]) == 1  # as asked: still listed on the phone


async def test_a_failed_pairing_code_leaves_nothing_running(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    nobody = stack.new_number()  # a valid number, but no virtual phone has it
    r = await stack.call(client, "POST", tenant, "pairing-code", json={"phone": nobody})
    assert (r.status_code, r.json()["code"]) == (422, "phone_not_found")
    status = await stack.status(client, tenant)
    assert (status["status"], status["reason"]) == ("stopped", "pairing_failed")


async def test_pairing_by_code(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    number = await stack.new_phone(client)
    r = await stack.call(client, "POST", tenant, "pairing-code", json={"phone": number})
    assert r.status_code == 200, r.text
    code = r.json()["pairingCode"]
    assert len(code) == 9 and code[4] == "-"
    assert r.json()["message"].startswith("On the phone: WhatsApp → Settings → Linked devices")
    linked = await client.post(f"{stack.sim}/phones/{number}/pair-code", json={"code": code})
    assert linked.status_code == 200, linked.text
    status = await stack.wait_status(client, tenant, "connected")
    assert status["phone"] == number


async def test_outage_all_sessions_return_with_jittered_reconnects(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    slots = asyncio.Semaphore(10)

    async def connected() -> tuple[str, str]:
        async with slots:
            return await _connected(stack, client)

    sessions = await asyncio.gather(*(connected() for _ in range(50)))
    # 5 s: past the cap (1 s) several times over, so every session is at its widest
    # window (full jitter over 1 s) when the network comes back
    outage_s = 5
    r = await client.post(f"{stack.sim}/outage", json={"seconds": outage_s})
    assert r.status_code == 200
    ended_at = time.time() + outage_s

    async def all_down() -> bool:
        down = [(await stack.status(client, c))["status"] for c, _ in sessions]
        return set(down) == {"reconnecting"}

    await until(all_down, "every session reconnecting during the outage", timeout_s=4)
    await asyncio.sleep(max(0.0, ended_at - time.time()))  # the network is back then
    for tenant, _ in sessions:
        await stack.wait_status(client, tenant, "connected", timeout_s=5)  # cap 1 s + margin

    returns = []
    for _, number in sessions:
        log = await stack.connections(client, number)
        returns.append(max(e["at"] for e in log if e["event"] == "connected") / 1000)
    spread = max(returns) - min(returns)
    per_50ms = {int(t / 0.05) for t in returns}
    assert spread > 0.2, f"all 50 reconnected within {spread:.3f} s: a thundering herd"
    assert len(per_50ms) >= 5, f"reconnects bunched into {len(per_50ms)} 50-ms slots"
