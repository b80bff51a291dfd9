"""Every committed event reaches the WebSocket once, whatever happens to the database
under a stream that outlives it: a new database, one restored from an earlier dump, or
another deployment's database pointed at the same Redis prefix (its connector refuses)."""

from __future__ import annotations

import asyncio
import secrets
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from devstack.stack import (
    Stack,
    create_database,
    database_url,
    deployment,
    drop_database,
    free_port,
)
from devstack.waiting import until
from tests.e2e.event_helpers import collecting, logged_ids

# ---- helpers -------------------------------------------------------------------------


async def _soon(check: Callable[[], bool], what: str, timeout_s: float = 10) -> None:
    """Until `check()` holds (it reads what another task collects)."""

    async def poll() -> bool:
        return check()

    await until(poll, what, timeout_s)


def _has_text(seen: list[dict[str, Any]], text: str) -> bool:
    return any(e["type"] == "message" and e["data"].get("text") == text for e in seen)


async def _readme_flow(stack: Stack, c: httpx.AsyncClient, tenant: str) -> list[str]:
    """The README's try-out: start the session, link a phone, a friend writes. Returns the
    event ids the tenant's WebSocket showed, up to that message."""
    async with collecting(stack, tenant) as seen:
        number = await stack.connect_session(c, tenant)
        friend = await stack.new_phone(c)
        r = await c.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "Hi!"}
        )
        assert r.status_code == 201, r.text
        await _soon(lambda: _has_text(seen, "Hi!"), "Hi! on the socket", 15)
        return [e["eventId"] for e in seen]


# ---- the database changes under the stream --------------------------------------------


async def test_a_fresh_database_against_an_existing_stream_delivers_every_event(
    client: httpx.AsyncClient,
) -> None:
    """The README's flow twice in a row, each time on a fresh database, on one Redis
    prefix: the second run's events reach the socket like the first run's."""
    prefix, tenant = f"wagate-test-{secrets.token_hex(4)}", Stack.new_tenant()
    async with deployment(WAGATE_REDIS_PREFIX=prefix) as first:
        assert await _readme_flow(first, client, tenant)
    async with deployment(WAGATE_REDIS_PREFIX=prefix) as second:
        shown = await _readme_flow(second, client, tenant)
        committed = await logged_ids(second, tenant)
    assert shown == committed[: len(shown)], (shown, committed)


def _pg(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=120)


async def _restore(stack: Stack, dump: Path) -> None:
    """The deployment's database dropped and restored from `dump`."""
    name = stack.env["DATABASE_URL"].rsplit("/", 1)[1]
    await drop_database(name)
    conn = await asyncpg.connect(database_url("postgres"))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    await asyncio.to_thread(_pg, "pg_restore", "-d", stack.env["DATABASE_URL"], str(dump))


async def _metric(c: httpx.AsyncClient, stack: Stack, name: str) -> float:
    text = (await c.get(f"{stack.connector_ops}/metrics")).text
    values = [float(line.split()[-1]) for line in text.splitlines() if line.startswith(name)]
    return sum(values)


async def test_a_database_restored_from_an_earlier_dump_loses_no_event_on_the_socket(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    async with deployment() as stack:
        tenant = stack.new_tenant()
        async with collecting(stack, tenant) as seen:
            number = await stack.connect_session(client, tenant)
            friend = await stack.new_phone(client)
            said: list[str] = []
            flowing = True

            async def keep_writing() -> None:
                while flowing:
                    text = f"#{len(said)}"
                    r = await client.post(
                        f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": text}
                    )
                    assert r.status_code == 201, r.text
                    said.append(text)
                    await asyncio.sleep(0.02)  # a steady flow, not a condition waited on

            writer = asyncio.create_task(keep_writing())
            await _soon(lambda: len(said) >= 10, "messages flowing")
            dump = tmp_path / "earlier.dump"
            await asyncio.to_thread(
                _pg, "pg_dump", "-Fc", "-f", str(dump), stack.env["DATABASE_URL"]
            )
            at_dump = len(said)
            await _soon(lambda: len(said) >= at_dump + 30, "more after the dump")
            stack.stop("connector")
            before_restore = await logged_ids(stack, tenant)
            await _restore(stack, dump)
            stack.start("connector")
            await stack.wait_ready()
            await stack.wait_status(client, tenant, "connected", timeout_s=30)
            await _soon(lambda: len(said) >= at_dump + 60, "more after it")
            flowing = False
            await writer
            r = await client.post(
                f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "last"}
            )
            assert r.status_code == 201, r.text
            await _soon(lambda: _has_text(seen, "last"), "the last message", 30)
            after_restore = await logged_ids(stack, tenant)
            shown = [e["eventId"] for e in seen]
        ahead = await _metric(client, stack, "wagate_event_stream_ahead_total")
        log = (stack.logs / "connector.log").read_text()
    assert len(shown) == len(set(shown)), "an event reached the socket twice"
    assert set(shown) == set(before_restore) | set(after_restore)
    assert ahead >= 1 and "holds events this database does not" in log


async def test_a_connector_of_another_database_on_the_same_prefix_refuses_to_start(
    client: httpx.AsyncClient,
) -> None:
    async with deployment() as stack:
        other_db = await create_database()
        try:
            other = stack.start(
                "connector",
                {
                    "DATABASE_URL": database_url(other_db),
                    "WAGATE_CONNECTOR_METRICS_PORT": str(free_port()),
                },
                name="other-connector",
            )
            try:
                code = await asyncio.to_thread(other.wait, 30)
            finally:
                stack.stop("other-connector", timeout_s=10)
            assert code == 3
            assert "in use by the connector of another database" in stack.log_tail(
                "other-connector"
            )
            tenant = stack.new_tenant()
            shown = await _readme_flow(stack, client, tenant)
            committed = await logged_ids(stack, tenant)
            assert shown == committed[: len(shown)]
        finally:
            await drop_database(other_db)
