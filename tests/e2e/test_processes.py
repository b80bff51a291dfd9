"""Process-level guarantees: a restarted connector resumes sessions without a new QR; a
second connector is refused; the gateway says clearly when the bus or connector is away."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import asyncpg
import httpx

from devstack.stack import Stack, deployment, free_port


async def test_restarted_connector_resumes_without_a_new_qr(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    before = await stack.status(client, tenant)

    assert await stack.restart_connector() == 0  # SIGTERM: clean exit

    after = await stack.wait_status(client, tenant, "connected")
    assert after["phone"] == number
    assert after["since"] != before["since"]  # a new connection, with the stored credentials
    friend = await stack.new_phone(client)
    r = await client.post(
        f"{stack.api}/sessions/{tenant}/send",
        headers=stack.auth(tenant),
        json={"phone": friend, "message": "after restart"},
    )
    assert r.status_code == 200, r.text
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert [m["text"] for m in inbox] == ["after restart"]


async def test_message_received_while_connector_down_is_not_lost(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    async with stack.events(tenant) as events:
        stack.stop("connector")
        friend = await stack.new_phone(client)
        await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "anyone?"}
        )
        stack.start("connector")
        await stack.wait_ready()
        message = await events.until("message", timeout_s=15)
    assert message["data"]["text"] == "anyone?"


def test_second_connector_is_refused(stack: Stack) -> None:
    second = subprocess.run(
        [sys.executable, "-m", "wagate", "connector"],
        env={**stack.env, "WAGATE_CONNECTOR_ID": "intruder", "WAGATE_CONNECTOR_STANDBY": "0"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert second.returncode == 3
    assert "already owns the sessions" in second.stderr
    assert "refusing to start a second one" in second.stderr
    # the running connector is named, so the operator knows which process to look at
    assert "connector '" in second.stderr and "intruder" not in second.stderr.split("already")[0]


async def test_gateway_without_connector_times_out_clearly(client: httpx.AsyncClient) -> None:
    async with deployment(("gateway",), WAGATE_COMMAND_TIMEOUT="0.5") as s:
        r = await client.get(f"{s.api}/sessions", headers=s.admin())
        assert r.status_code == 504
        assert r.json()["code"] == "connector_timeout"


async def test_gateway_without_redis_says_bus_unavailable(client: httpx.AsyncClient) -> None:
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens
    async with deployment(("gateway",), REDIS_URL=dead) as s:
        r = await client.get(f"{s.api}/sessions", headers=s.admin())
        assert r.status_code == 503
        assert r.json()["code"] == "bus_unavailable"


async def test_connector_that_loses_its_lock_stops_its_sessions(
    client: httpx.AsyncClient,
) -> None:
    """If the lock's PostgreSQL connection ends (a network cut, a DBA's kill), another
    connector may take the lock: this one stops every session and exits 4 instead of
    running beside it; started again, it takes the sessions back."""
    async with deployment(("sim", "connector", "gateway")) as s:
        tenant = s.new_tenant()
        await s.connect_session(client, tenant)
        pg = await asyncpg.connect(s.env["DATABASE_URL"])
        try:
            killed = await pg.fetchval(
                """SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                   WHERE datname = current_database()
                     AND application_name LIKE 'wagate-connector:%'"""
            )
        finally:
            await pg.close()
        assert killed == 1
        connector = s.procs["connector"]
        assert await asyncio.to_thread(connector.wait, 30) == 4
        assert "lost the connector lock" in s.log_tail("connector", 80)
        stats = (await client.get(f"{s.sim}/stats")).json()
        assert stats["connections"] == 0, stats  # no device left online at the network

        s.procs.pop("connector")
        s.start("connector")
        await s.wait_ready()
        await s.wait_status(client, tenant, "connected")
