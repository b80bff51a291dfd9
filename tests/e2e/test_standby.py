"""A standby connector takes over, and two connectors never hold one WhatsApp account.

The sim network logs every device connection it sees (connected, closed, dropped); two
connectors holding one session at once would show as a `connected` while the device was
already connected (the network then replaces the older link, as WhatsApp does).
"""

from __future__ import annotations

import asyncio
import signal
import time
from typing import Any

import asyncpg
import httpx

from devstack.connector_ops import ops, wait_role
from devstack.stack import PG_ADMIN_URL, Stack, deployment, free_port
from devstack.tcp_proxy import proxy_to, via_proxy
from devstack.waiting import until
from devstack.webhook_receiver import Receiver


def overlapping(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The `connected` entries that came while the same device was still connected."""
    live: set[str] = set()
    found = []
    for entry in log:
        device = entry["deviceId"]
        if entry["event"] == "connected":
            if device in live:
                found.append(entry)
            live.add(device)
        elif entry["event"] in ("closed", "dropped"):
            live.discard(device)
    return found


async def leader_metric(c: httpx.AsyncClient, port: int) -> float:
    text = (await c.get(f"http://127.0.0.1:{port}/metrics")).text
    line = next(x for x in text.splitlines() if x.startswith("wagate_connector_leader "))
    return float(line.split()[1])


def start_standby(stack: Stack, name: str = "standby", **env: str) -> int:
    """Another connector (its ops port returned), known to `stack.procs` as `name`."""
    port = free_port()
    stack.start(
        "connector",
        {"WAGATE_CONNECTOR_ID": name, "WAGATE_CONNECTOR_METRICS_PORT": str(port), **env},
        name=name,
    )
    return port


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


async def test_standby_takes_over_when_the_holder_is_killed(client: httpx.AsyncClient) -> None:
    async with deployment(WAGATE_CONNECTOR_ID="holder") as s:
        tenant = s.new_tenant()
        number = await s.connect_session(client, tenant)
        standby = start_standby(s)
        await wait_role(client, standby, "standby")
        holder = _port(s.connector_ops)
        assert (await ops(client, holder))["role"] == "leader"
        assert await leader_metric(client, holder) == 1
        assert await leader_metric(client, standby) == 0
        standby_metrics = (await client.get(f"http://127.0.0.1:{standby}/metrics")).text
        assert "process_resident_memory_bytes" in standby_metrics  # watched while waiting

        s.stop("connector", signal.SIGKILL)
        await wait_role(client, standby, "leader")
        assert await leader_metric(client, standby) == 1
        # the session comes back on the standby with its stored credentials, and sends
        after = await s.wait_status(client, tenant, "connected", timeout_s=20)
        assert after["phone"] == number
        friend = await s.new_phone(client)
        r = await s.call(client, "POST", tenant, "send", json={"phone": friend, "message": "hi"})
        assert r.status_code == 200, r.text
        inbox = (await client.get(f"{s.sim}/phones/{friend}/messages")).json()["messages"]
        assert [m["text"] for m in inbox] == ["hi"]

        log = await s.connections(client, number)
        assert [e["event"] for e in log].count("connected") >= 2, log  # holder, then standby
        assert overlapping(log) == [], log

        # a waiting standby stops at once on SIGTERM (a scale-down), touching nothing
        waiting = start_standby(s, name="third")
        await wait_role(client, waiting, "standby")
        assert s.stop("third", timeout_s=10) == 0
        assert (await ops(client, standby))["role"] == "leader"
        await s.wait_status(client, tenant, "connected")


async def test_partitioned_holder_stops_its_sessions_before_a_standby_can_take_them(
    client: httpx.AsyncClient,
) -> None:
    """The holder reaches PostgreSQL through a proxy; pausing the proxy partitions it
    (nothing answers, the sockets stay open). PostgreSQL would drop a silent holder's
    lock connection T after it last heard from it (TCP keepalive); the test plays that
    moment by killing the proxy at T. By then the holder must have fenced: every session
    stopped, the process gone."""
    timeout_s = 6  # T, WAGATE_LOCK_TIMEOUT (its least): the holder fences at 3 s, is gone by 4.2 s
    pg_host, pg_port = PG_ADMIN_URL.split("@")[-1].split("/")[0].split(":")
    with proxy_to(pg_host, int(pg_port)) as proxy:
        async with deployment(("sim", "gateway"), WAGATE_LOCK_TIMEOUT=str(timeout_s)) as s:
            holder = s.start(
                "connector",
                {
                    "DATABASE_URL": via_proxy(s.env["DATABASE_URL"], proxy),
                    "WAGATE_CONNECTOR_ID": "holder",
                },
            )
            await s.wait_ready()
            tenant = s.new_tenant()
            number = await s.connect_session(client, tenant)
            standby = start_standby(s)
            await wait_role(client, standby, "standby")

            proxy.pause()
            paused_at = time.monotonic()
            # the holder cannot confirm its lock: it stops every session and exits (4)
            # before the moment PostgreSQL could let the standby in
            code = await asyncio.to_thread(holder.wait, timeout_s)
            fenced_after = time.monotonic() - paused_at
            assert code == 4, s.log_tail("connector")
            assert fenced_after < timeout_s
            log = await s.connections(client, number)
            assert log[-1]["event"] == "closed", log  # the network saw the session end
            assert (await ops(client, standby))["role"] == "standby"  # lock still held

            await asyncio.sleep(max(0.0, paused_at + timeout_s - time.monotonic()))
            proxy.kill()  # PostgreSQL drops the silent connection: the lock is free
            await wait_role(client, standby, "leader")
            s.procs.pop("connector")
            await s.wait_status(client, tenant, "connected", timeout_s=20)

            log = await s.connections(client, number)
            assert [e["event"] for e in log].count("connected") >= 2, log
            assert overlapping(log) == [], log
            assert "lost the connector lock" in s.log_tail("connector", 200)


async def test_holder_whose_lock_connection_is_ended_stops_before_the_standby_connects(
    client: httpx.AsyncClient,
) -> None:
    """A server that ends the lock's connection (a restart, a DBA's kill) frees the lock
    at once, and the standby takes it within its poll: the holder must hear of it at
    once too, not at its next ping, and be rid of its sessions first."""
    async with deployment(WAGATE_CONNECTOR_ID="holder") as s:
        tenants = [s.new_tenant() for _ in range(3)]
        numbers = [await s.connect_session(client, tenant) for tenant in tenants]
        standby = start_standby(s)
        await wait_role(client, standby, "standby")
        pg = await asyncpg.connect(s.env["DATABASE_URL"])
        try:
            killed = await pg.fetchval(
                """SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l
                   JOIN pg_stat_activity a ON a.pid = l.pid
                   WHERE l.locktype = 'advisory' AND l.granted
                     AND a.datname = current_database()"""
            )
        finally:
            await pg.close()
        assert killed == 1
        assert await asyncio.to_thread(s.procs["connector"].wait, 30) == 4
        await wait_role(client, standby, "leader")
        for tenant in tenants:
            await s.wait_status(client, tenant, "connected", timeout_s=20)
        for number in numbers:
            log = await s.connections(client, number)
            assert overlapping(log) == [], log


async def test_takeover_resumes_webhook_deliveries_at_once(
    client: httpx.AsyncClient, receiver: Receiver
) -> None:
    """A delivery in flight when its connector dies is sent by the next connector as soon
    as it takes the lock, not when the dead one's lease runs out (defect 5). The attempt
    timeout is long here, so the lease (timeout × 1.5 + 1 s) outlasts the test."""
    async with deployment(WAGATE_WEBHOOK_TIMEOUT="60") as s:
        tenant = s.new_tenant()
        url = receiver.add(delay_s=120.0)  # the first attempt hangs
        r = await client.post(f"{s.api}/webhooks", headers=s.auth(tenant), json={"url": url})
        assert r.status_code == 201, r.text
        endpoint_id = r.json()["endpoint"]["id"]
        receiver.behaviour(url).secret = r.json()["secret"]
        r = await client.post(f"{s.api}/webhooks/{endpoint_id}/test", headers=s.auth(tenant))
        assert r.status_code == 202, r.text
        first = (await receiver.wait(url, lambda rs: len(rs) == 1))[0]

        pg = await asyncpg.connect(s.env["DATABASE_URL"])
        try:
            lease_until = await pg.fetchval(
                "SELECT lease_until FROM webhook_deliveries WHERE endpoint_id = $1", endpoint_id
            )
            assert lease_until is not None  # leased by the connector about to die
            receiver.behaviour(url).delay_s = 0.0
            await s.restart_connector(signal.SIGKILL)
            accepted = await receiver.wait_accepted(url, 1, timeout_s=30)
            assert accepted[0].webhook_id == first.webhook_id  # the same delivery, again

            async def delivered() -> asyncpg.Record | None:
                # the receiver has answered; the connector records it a moment later
                row = await pg.fetchrow(
                    """SELECT status, finished_at, finished_at < $2 AS before_lease_end
                       FROM webhook_deliveries WHERE endpoint_id = $1""",
                    endpoint_id,
                    lease_until,
                )
                return row if row is not None and row["status"] == "delivered" else None

            row = await until(delivered, "the delivery recorded as delivered")
        finally:
            await pg.close()
        assert row["before_lease_end"], (row["finished_at"], lease_until)
