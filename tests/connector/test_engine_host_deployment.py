"""The whatsmeow engine in a real connector, over the real engine host: a host killed
under its sessions is restarted, and the sessions' own reconnect policy brings them
back to (a local stand-in for) WhatsApp; the connector's shutdown leaves no host."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from devstack.stack import Stack, deployment
from devstack.waiting import until
from tests.connector.engine_host_support import Endpoint, alive, the_binary


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


@contextlib.asynccontextmanager
async def pairing(
    client: httpx.AsyncClient, sessions: int
) -> AsyncIterator[tuple[Endpoint, Stack, list[str]]]:
    """A connector whose whatsmeow sessions reach a stalled local endpoint, and that many
    tenants pairing, each waiting in its connect."""
    the_binary()
    async with (
        Endpoint("stall") as endpoint,
        deployment(
            ("connector", "gateway"),
            WAGATE_ENGINE="whatsmeow",
            WAGATE_ENGINE_HOST_TEST_SOCKET_ADDR=endpoint.address,
            WAGATE_RECONNECT_BASE="0.2",
            WAGATE_RECONNECT_CAP="1",
            WAGATE_INITIALIZE_WAIT="0.5",
        ) as stack,
    ):
        tenants = [stack.new_tenant() for _ in range(sessions)]
        for tenant in tenants:
            r = await stack.call(client, "POST", tenant, "initialize")
            assert r.status_code == 200, r.text
        await endpoint.wait_accepted(sessions)
        yield endpoint, stack, tenants


async def test_a_killed_host_is_restarted_and_its_sessions_reconnect(
    client: httpx.AsyncClient,
) -> None:
    async with pairing(client, 3) as (endpoint, stack, tenants):
        connector = stack.procs["connector"].pid
        (host,) = children(connector)

        async with stack.events(tenants[0]) as events:
            os.kill(host, signal.SIGKILL)
            while True:
                event = await events.until("reconnecting", 20)
                if event["data"]["reason"] == "connection_lost":
                    break
            assert "engine host ended" in event["data"]["detail"], event
        await endpoint.wait_accepted(6)  # each session connects again, on a new host

        async def restarted() -> set[int]:
            return children(connector) - {host}

        (new_host,) = await until(restarted, "a new engine host")
        assert not alive(host)
        stack.procs["connector"].send_signal(signal.SIGTERM)
        stack.stop("connector")
    assert not alive(new_host)


async def test_a_connector_killed_outright_leaves_no_host(client: httpx.AsyncClient) -> None:
    async with pairing(client, 1) as (_, stack, _):
        connector = stack.procs["connector"]
        (host,) = children(connector.pid)
        connector.kill()  # SIGKILL: the connector ends nothing itself
        connector.wait()

        async def gone() -> bool:
            return not alive(host)

        await until(gone, "the orphaned engine host to end", timeout_s=15)


async def test_a_tenant_can_run_on_the_host_while_the_default_is_the_sim(
    client: httpx.AsyncClient,
) -> None:
    """The sim is the default; one tenant asks for whatsmeow, whose session then runs on
    an engine host, and cannot change engine while that session exists."""
    the_binary()
    async with (
        Endpoint("stall") as endpoint,
        deployment(
            WAGATE_ENGINE_HOST_TEST_SOCKET_ADDR=endpoint.address, WAGATE_INITIALIZE_WAIT="0.5"
        ) as stack,
    ):
        tenant = stack.new_tenant()
        body = {"companyId": tenant, "engine": "whatsmeow"}
        r = await client.post(f"{stack.api}/tenants", headers=stack.admin(), json=body)
        assert r.status_code == 201, r.text
        r = await stack.call(client, "POST", tenant, "initialize")
        assert r.status_code == 200, r.text
        assert (r.json()["engine"], r.json()["status"]) == ("whatsmeow", "starting"), r.text
        await endpoint.wait_accepted(1)  # its connect reached "WhatsApp", from a host
        assert len(children(stack.procs["connector"].pid)) == 1

        sim = {"engine": "sim"}
        r = await client.patch(f"{stack.api}/tenants/{tenant}", headers=stack.admin(), json=sim)
        assert (r.status_code, r.json()["code"]) == (409, "session_exists"), r.text
        assert (await stack.call(client, "DELETE", tenant)).status_code == 200
        r = await client.patch(f"{stack.api}/tenants/{tenant}", headers=stack.admin(), json=sim)
        assert r.status_code == 200, r.text
        r = await stack.call(client, "POST", tenant, "initialize")
        assert (r.json()["engine"], r.json()["status"]) == ("sim", "qr"), r.text
