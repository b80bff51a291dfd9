"""Commands a connector read but did not run when it lost its lock are its successor's.

A holder that fences (it cannot confirm its lock) or whose database connections die
stops its sessions; a send still waiting then would fail with "session not connected"
or "database unavailable", which says nothing about the send: the command stays pending
(never answered, never acknowledged) and the standby that takes over sends it. Every
send made during the failover is sent exactly once, and its Idempotency-Key ends with
that message, never with a refusal the failover made up.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import httpx

from devstack.connector_ops import wait_role
from devstack.stack import Stack, deployment
from tests.e2e.test_standby import start_standby

# T, WAGATE_LOCK_TIMEOUT, at its least: a holder fences 3 s after its last confirmation
_LOCK_TIMEOUT_S = 6
_SENDS = 12


async def _send_until_done(
    s: Stack,
    c: httpx.AsyncClient,
    tenant: str,
    friend: str,
    text: str,
    path: str = "send",
    body: dict[str, Any] | None = None,
) -> list[httpx.Response]:
    """Send once (`text` to `friend`, or `body` to `path`), then retry with the same
    Idempotency-Key while the answer is only "not known yet" (504, or the key still in
    progress); every answer, in order."""
    answers: list[httpx.Response] = []
    while len(answers) < 10:
        r = await s.call(
            c,
            "POST",
            tenant,
            path,
            json=body or {"phone": friend, "message": text},
            headers={"Idempotency-Key": f"key-{text}"},
        )
        answers.append(r)
        undecided = r.status_code == 504 or r.json().get("code") == "idempotency_in_progress"
        if not undecided:
            break
        await asyncio.sleep(0.5)
    return answers


async def _sends_across(
    s: Stack,
    c: httpx.AsyncClient,
    failover: Callable[[], Awaitable[None]],
    slow_acks: bool = False,
) -> None:
    """Sends spread over `failover`; each must end sent, once, with its key's answer.
    `slow_acks`: WhatsApp acknowledges each send after a second, so sends are in flight
    when the failover strikes."""
    tenant = s.new_tenant()
    number = await s.connect_session(c, tenant)
    friend = await s.new_phone(c)
    if slow_acks:
        await s.fault(c, number, "slow", delay_ms=1000, seconds=3)
    texts = [f"during failover {i}" for i in range(_SENDS)]

    async def send_spread(i: int) -> list[httpx.Response]:
        await asyncio.sleep(i * 0.15)
        return await _send_until_done(s, c, tenant, friend, texts[i])

    sends = [asyncio.create_task(send_spread(i)) for i in range(_SENDS)]
    await asyncio.sleep(0.3)  # the first sends are under way
    await failover()
    outcomes = await asyncio.gather(*sends)

    for text, answers in zip(texts, outcomes, strict=True):
        codes = [(a.status_code, a.json().get("code")) for a in answers]
        assert answers[-1].status_code == 200, (text, codes)
        assert all(
            status in (200, 504) or code == "idempotency_in_progress" for status, code in codes
        ), (text, codes)
        # once sent, the key says so with the same message
        again = await _send_until_done(s, c, tenant, friend, text)
        assert again[-1].status_code == 200, again[-1].text
        assert again[-1].json()["messageId"] == answers[-1].json()["messageId"]
    inbox = (await c.get(f"{s.sim}/phones/{friend}/messages")).json()["messages"]
    assert Counter(m["text"] for m in inbox) == Counter(texts), inbox


async def _across_a_takeover(
    c: httpx.AsyncClient, failover: Callable[[Stack, int], Awaitable[None]], slow_acks: bool
) -> None:
    """`_sends_across` a failover of the leader (`holder`, its pid given) that ends with
    it fenced and the standby leading."""
    async with deployment(
        WAGATE_CONNECTOR_ID="holder", WAGATE_LOCK_TIMEOUT=str(_LOCK_TIMEOUT_S)
    ) as s:
        standby = start_standby(s)
        await wait_role(c, standby, "standby")
        holder = s.procs["connector"]

        async def then_takeover() -> None:
            await failover(s, holder.pid)
            assert await asyncio.to_thread(holder.wait, 30) == 4  # fenced, as designed
            await wait_role(c, standby, "leader")

        await _sends_across(s, c, then_takeover, slow_acks)
        s.procs.pop("connector")


async def test_a_frozen_leader_leaves_the_sends_it_read_to_the_standby(
    client: httpx.AsyncClient,
) -> None:
    async def freeze(s: Stack, pid: int) -> None:
        os.kill(pid, signal.SIGSTOP)
        await asyncio.sleep(_LOCK_TIMEOUT_S * 0.5 + 1)  # past the moment it must fence
        os.kill(pid, signal.SIGCONT)

    await _across_a_takeover(client, freeze, slow_acks=False)


async def test_killed_database_connections_leave_the_sends_to_the_standby(
    client: httpx.AsyncClient,
) -> None:
    async def kill_connections(s: Stack, pid: int) -> None:
        pg = await asyncpg.connect(s.env["DATABASE_URL"])
        try:
            killed = await pg.fetchval(
                """SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                   WHERE datname = current_database()
                     AND application_name IN
                         ('wagate-connector:holder', 'wagate-connector-pool:holder')"""
            )
        finally:
            await pg.close()
        assert killed >= 2  # the lock's connection and the pools'

    # WhatsApp acknowledges slowly: sends are in flight when the connections die
    await _across_a_takeover(client, kill_connections, slow_acks=True)


async def test_a_refusal_that_sent_nothing_is_not_the_keys_answer(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    """A send refused because the tenant has no session yet did nothing: once the
    session is there, a retry with the same key sends, and that is the key's answer."""
    tenant = stack.new_tenant()
    friend = await stack.new_phone(client)
    first = await _send_until_done(stack, client, tenant, friend, "after the refusal")
    assert [(r.status_code, r.json()["code"]) for r in first] == [(404, "session_not_found")]

    await stack.connect_session(client, tenant)
    retry = await _send_until_done(stack, client, tenant, friend, "after the refusal")
    assert retry[-1].status_code == 200, retry[-1].text
    assert "Idempotency-Replayed" not in retry[-1].headers  # it ran, it was not replayed
    again = await _send_until_done(stack, client, tenant, friend, "after the refusal")
    assert again[-1].headers.get("Idempotency-Replayed") == "true"
    assert again[-1].json()["messageId"] == retry[-1].json()["messageId"]
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert [m["text"] for m in inbox] == ["after the refusal"]
