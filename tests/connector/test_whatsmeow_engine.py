"""The whatsmeow engine with the real library loaded (neonize's Go build of whatsmeow),
in a real connector process. No WhatsApp server can be reached from here, so every
connection attempt fails at DNS, and that is what these tests hold the engine to: the
failure is reported with its reason, retried with backoff, and costs no thread after."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import asyncpg
import httpx

from devstack.stack import Stack, deployment
from devstack.whatsmeow_pairing import new_number, pair_offline
from tests.whatsmeow_stack import NO_RETRY_SOON, threads_busy, wait_threads_free


async def wait_attempted(
    stack: Stack, c: httpx.AsyncClient, tenants: list[str], timeout_s: float = 60
) -> None:
    """Until every one of `companies` made its connection attempt and is reconnecting."""
    deadline = time.monotonic() + timeout_s
    wanted = set(tenants)
    while True:
        r = await c.get(f"{stack.api}/sessions", headers=stack.admin())
        assert r.status_code == 200, r.text
        waiting = [
            s
            for s in r.json()["sessions"]
            if s["companyId"] in wanted
            and (s["status"], s["reason"]) != ("reconnecting", "connect_failed")
        ]
        if not waiting:
            return
        assert time.monotonic() < deadline, f"{len(waiting)} not attempted: {waiting[:3]}"
        await asyncio.sleep(0.1)


def process_status(pid: int) -> tuple[int, int]:
    """(OS threads, resident KiB) of a process, from /proc: Go's threads included."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["Threads"]), int(fields["VmRSS"].split()[0])


async def test_unreachable_whatsapp_reconnects_with_backoff_and_says_why(
    client: httpx.AsyncClient,
) -> None:
    async with deployment(
        ("connector", "gateway"),
        WAGATE_ENGINE="whatsmeow",
        WAGATE_RECONNECT_BASE="0.2",
        WAGATE_RECONNECT_CAP="1",
        WAGATE_INITIALIZE_WAIT="2",
    ) as stack:
        tenant = stack.new_tenant()
        async with stack.events(tenant) as events:
            r = await stack.call(client, "POST", tenant, "initialize")
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["engine"] == "whatsmeow"
            assert body["status"] in ("starting", "reconnecting"), body  # DNS may be slow

            first = await events.until("disconnected", timeout_s=30)
            assert first["data"]["reason"] == "connect_failed"
            # whatsmeow's own words: it could not reach WhatsApp's web socket
            assert "web.whatsapp.com" in first["data"]["detail"], first
            attempts = [await events.until("reconnecting", timeout_s=30) for _ in range(3)]
            assert [a["data"]["attempt"] for a in attempts] == [1, 2, 3]
            for attempt in attempts:
                assert attempt["data"]["reason"] == "connect_failed"
                assert "dial" in attempt["data"]["detail"]
                assert 0 <= attempt["data"]["delaySeconds"] <= 1  # the backoff, capped

        status = await stack.status(client, tenant)
        assert status["status"] == "reconnecting" and status["reconnectAttempts"] >= 3

        r = await stack.call(client, "POST", tenant, "logout")
        assert r.status_code == 200, r.text
        assert (await stack.status(client, tenant))["status"] == "logged_out"
        await wait_threads_free(stack, client)
        await asyncio.sleep(1.5)  # past several backoff delays: nothing starts again
        assert await threads_busy(stack, client) == 0
        assert (await stack.status(client, tenant))["status"] == "logged_out"


async def test_a_hundred_sessions_start_and_stop_without_threads_or_memory_growing(
    client: httpx.AsyncClient,
) -> None:
    async with deployment(
        ("connector", "gateway"), WAGATE_ENGINE="whatsmeow", **NO_RETRY_SOON
    ) as stack:
        pid = stack.procs["connector"].pid
        gate = asyncio.Semaphore(16)

        async def start(tenant: str) -> None:
            async with gate:
                r = await stack.call(client, "POST", tenant, "initialize")
                assert r.status_code == 200, r.text
                assert r.json()["status"] in ("starting", "reconnecting"), r.text

        async def delete(tenant: str) -> None:
            async with gate:
                r = await stack.call(client, "DELETE", tenant)
                assert r.status_code == 200, r.text

        after_round: list[tuple[int, int]] = []
        for _ in range(3):
            tenants = [stack.new_tenant() for _ in range(100)]
            await asyncio.gather(*(start(c) for c in tenants))
            await wait_attempted(stack, client, tenants)
            await wait_threads_free(stack, client)
            await asyncio.gather(*(delete(c) for c in tenants))
            await wait_threads_free(stack, client)
            after_round.append(process_status(pid))

        # neonize opens a connection pool per attempt and never closes it; the engine
        # closes the attempt's database connections once its Go call has returned
        pg = await asyncpg.connect(stack.env["DATABASE_URL"])
        try:
            deadline = time.monotonic() + 10
            while left := await pg.fetchval(
                """SELECT count(*) FROM pg_stat_activity
                   WHERE application_name LIKE 'wagate-whatsmeow:%'
                     AND datname = current_database()"""
            ):
                assert time.monotonic() < deadline, f"{left} whatsmeow connections left open"
                await asyncio.sleep(0.1)
        finally:
            await pg.close()

        threads = [t for t, _ in after_round]
        rss_kib = [r for _, r in after_round]
        print(f"\nconnector after each round of 100: threads {threads}, RSS KiB {rss_kib}")
        # Go keeps the OS threads it once needed for blocking calls (DNS lookups among
        # them, which this machine's resolver sometimes answers after 5 s), so the count
        # climbs to what the parallel starts need and stays there: a thread kept per
        # session would add 100 a round
        assert threads[-1] - threads[-2] <= 8, threads
        # neonize keeps a little per attempt (its never-closed connection pool, measured
        # at 4 to 40 KiB); a whatsmeow client kept per session would be several times this
        grown = rss_kib[-1] - rss_kib[1]
        assert grown < 100 * 64, f"RSS grew {grown} KiB over 100 session starts"


async def test_a_stored_device_is_found_again_for_its_tenant_after_a_restart(
    client: httpx.AsyncClient,
) -> None:
    async with deployment(
        ("connector", "gateway"), WAGATE_ENGINE="whatsmeow", **NO_RETRY_SOON
    ) as stack:
        kept, gone = stack.new_tenant(), stack.new_tenant()
        for tenant in (kept, gone):
            r = await stack.call(client, "POST", tenant, "initialize")
            assert r.status_code == 200, r.text
        await wait_attempted(stack, client, [kept, gone])

        pg = await asyncpg.connect(stack.env["DATABASE_URL"])
        try:
            # whatsmeow made its tables itself, in its own schema and nowhere else
            schemas = await pg.fetch(
                """SELECT DISTINCT table_schema FROM information_schema.tables
                   WHERE table_name LIKE 'whatsmeow%'"""
            )
            assert [r["table_schema"] for r in schemas] == ["whatsmeow"]
        finally:
            await pg.close()
        # both tenants paired one device of the same number; whatsmeow still has the one
        # of `kept`, and deleted the one of `gone` (as it does when WhatsApp logs it out)
        number = new_number()
        await pair_offline(stack, [(kept, number, 3), (gone, number, 9)], missing=frozenset({gone}))

        # SIGTERM with whatsmeow sessions: every thread given back, a clean exit
        assert await stack.restart_connector() == 0
        kept_status = await stack.wait_status(client, kept, "reconnecting", timeout_s=30)
        # resumed, not paired: whatsmeow loaded the device by the tenant's JID (handed
        # a JID it cannot find, whatsmeow crashes the process: the connector is up)
        assert kept_status["reason"] == "connect_failed", kept_status
        gone_status = await stack.wait_status(client, gone, "logged_out")
        assert gone_status["reason"] == "device_missing", gone_status
        assert stack.procs["connector"].poll() is None
        await wait_threads_free(stack, client)


async def test_a_tenant_can_run_on_another_engine_than_the_default(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    """The shared stack runs the sim by default; one tenant asks for whatsmeow."""
    tenant, engine = stack.new_tenant(), "whatsmeow"
    r = await client.post(
        f"{stack.api}/tenants", headers=stack.admin(), json={"companyId": tenant, "engine": engine}
    )
    assert r.status_code == 201, r.text
    assert r.json()["tenant"]["engine"] == engine
    r = await stack.call(client, "POST", tenant, "initialize")
    assert r.status_code == 200, r.text
    assert r.json()["engine"] == engine
    assert r.json()["status"] in ("starting", "reconnecting"), r.text  # its first attempt

    # its session holds whatsmeow credentials (or will): the engine cannot change under it
    r = await client.patch(
        f"{stack.api}/tenants/{tenant}", headers=stack.admin(), json={"engine": "sim"}
    )
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "session_exists"

    assert (await stack.call(client, "DELETE", tenant)).status_code == 200
    r = await client.patch(
        f"{stack.api}/tenants/{tenant}", headers=stack.admin(), json={"engine": "sim"}
    )
    assert r.status_code == 200, r.text
    r = await stack.call(client, "POST", tenant, "initialize")
    assert (r.json()["engine"], r.json()["status"]) == ("sim", "qr"), r.text


async def test_the_connector_survives_sessions_started_and_stopped_in_a_hurry(
    client: httpx.AsyncClient,
) -> None:
    """neonize keeps its Go clients in maps without a lock, and Go aborts the process on
    two concurrent writes: before starts and stops took turns, this churn (600 sessions,
    32 at a time, each retrying every 50 to 200 ms until deleted) killed the connector."""
    async with deployment(
        ("connector", "gateway"),
        WAGATE_ENGINE="whatsmeow",
        WAGATE_RECONNECT_BASE="0.05",
        WAGATE_RECONNECT_CAP="0.2",
        WAGATE_RECONNECT_MAX_ATTEMPTS="0",
        WAGATE_INITIALIZE_WAIT="1",
        WAGATE_COMMAND_TIMEOUT="30",
    ) as stack:
        gate = asyncio.Semaphore(32)

        async def churn(tenant: str) -> None:
            async with gate:
                r = await stack.call(client, "POST", tenant, "initialize")
                assert r.status_code == 200, r.text
                await asyncio.sleep(0.3)
                r = await stack.call(client, "DELETE", tenant)
                assert r.status_code == 200, r.text

        for _ in range(6):
            await asyncio.gather(*(churn(stack.new_tenant()) for _ in range(100)))
            assert stack.procs["connector"].poll() is None, stack.log_tail("connector")
        await wait_threads_free(stack, client)
