"""Events and commands across killed processes and a lost Redis: incoming messages reach
the webhooks and the WebSocket exactly once whatever dies when; a Redis restarted empty or
down for a while never wedges the connector or stops a session; with append-only
persistence a Redis restart loses no accepted command."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
import websockets
from redis.asyncio import Redis

from devstack.stack import Stack, deployment
from devstack.webhook_receiver import Receiver
from tests.e2e.event_helpers import collecting
from tests.private_redis import PrivateRedis, private_redis


async def _until(check: Callable[[], Awaitable[bool]], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def _hook_messages(
    stack: Stack, c: httpx.AsyncClient, receiver: Receiver, tenant: str
) -> str:
    url = receiver.add()
    r = await c.post(
        f"{stack.api}/webhooks",
        headers=stack.auth(tenant),
        json={"url": url, "eventTypes": ["message"]},
    )
    assert r.status_code == 201, r.text
    receiver.behaviour(url).secret = r.json()["secret"]
    return url


async def _phone_says(stack: Stack, c: httpx.AsyncClient, sender: str, to: str, text: str) -> None:
    r = await c.post(f"{stack.sim}/phones/{sender}/messages", json={"to": to, "text": text})
    assert r.status_code == 201, r.text


async def _socket_messages(
    stack: Stack, tenant: str, count: int, timeout_s: float = 30
) -> list[dict[str, Any]]:
    """The first `count` message events of the tenant's stream, read as a client would:
    from the start, and resuming from the last id seen when the gateway closes the socket
    (it does while its own Redis connections recover)."""
    found: list[dict[str, Any]] = []
    since = "0-0"
    deadline = time.monotonic() + timeout_s
    while len(found) < count:
        try:
            async with stack.events(tenant, since=since) as events:
                while len(found) < count:
                    event = await events.next(max(0.1, deadline - time.monotonic()))
                    since = event["id"]
                    if event["type"] == "message":
                        found.append(event)
        except (websockets.ConnectionClosed, AssertionError, OSError):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)
    return found


def _send_ok(r: httpx.Response) -> bool:
    return r.status_code == 200 and r.json().get("success") is True


# ---- defect 1: a connector killed mid-burst ------------------------------------------------


async def test_kill_9_mid_burst_every_message_reaches_webhooks_and_socket_once(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    tenant_count, per_tenant = 8, 60
    tenants = [stack.new_tenant() for _ in range(tenant_count)]
    hooks = {co: await _hook_messages(stack, client, receiver, co) for co in tenants}
    numbers = {co: await stack.connect_session(client, co) for co in tenants}
    friends = {co: await stack.new_phone(client) for co in tenants}
    texts = {co: [f"{co} #{i}" for i in range(per_tenant)] for co in tenants}

    async with contextlib.AsyncExitStack() as sockets:
        seen = {
            co: await sockets.enter_async_context(collecting(stack, co, only="message"))
            for co in tenants
        }
        sent = 0
        killed = asyncio.Event()

        async def burst(co: str) -> None:
            nonlocal sent
            for text in texts[co]:
                await _phone_says(stack, client, friends[co], numbers[co], text)
                sent += 1
                if sent == tenant_count * per_tenant // 3:
                    killed.set()

        bursting = asyncio.gather(*(burst(co) for co in tenants))
        await killed.wait()
        stack.stop("connector", signal.SIGKILL)  # the phones go on sending meanwhile
        await bursting
        redis = Redis.from_url(stack.env["REDIS_URL"])
        await redis.delete(f"{stack.env['WAGATE_REDIS_PREFIX']}:connector:heartbeat")
        await redis.aclose()
        stack.start("connector")
        await stack.wait_ready()

        async def all_there() -> bool:
            return all(
                {r.json["data"]["text"] for r in receiver.accepted(hooks[co])} == set(texts[co])
                and {e["data"]["text"] for e in seen[co]} == set(texts[co])
                for co in tenants
            )

        with contextlib.suppress(AssertionError):
            await _until(all_there, 60, "every message on both paths")
        await asyncio.sleep(1)  # a duplicate would show up now

    for co in tenants:
        on_socket = [e["data"]["text"] for e in seen[co]]
        hooked = {r.webhook_id: r.json["data"]["text"] for r in receiver.accepted(hooks[co])}
        missing_socket = set(texts[co]) - set(on_socket)
        missing_hooks = set(texts[co]) - set(hooked.values())
        assert not missing_socket and not missing_hooks, (
            f"{co}: lost on the socket {sorted(missing_socket)}, "
            f"lost on webhooks {sorted(missing_hooks)}"
        )
        # exactly once by eventId: one event per message, the same id on both paths
        assert len(on_socket) == len(set(on_socket)) == per_tenant, f"{co}: repeats on the socket"
        assert {e["eventId"] for e in seen[co]} == set(hooked), co
        # a phone's messages stay in the order it sent them
        assert on_socket == sorted(on_socket, key=texts[co].index), co


# ---- defects 2 and 3: Redis lost or away -----------------------------------------------------


@pytest.fixture
async def own_redis_stack() -> AsyncIterator[tuple[Stack, PrivateRedis]]:
    """A deployment on a redis-server of its own, without persistence."""
    with private_redis() as redis:
        async with deployment(REDIS_URL=redis.url) as s:
            yield s, redis


async def _send(stack: Stack, c: httpx.AsyncClient, tenant: str, to: str, text: str) -> bool:
    try:
        r = await stack.call(c, "POST", tenant, "send", json={"phone": to, "message": text})
    except httpx.HTTPError:
        return False
    return _send_ok(r)


async def test_redis_restarted_empty_sends_work_again_without_a_connector_restart(
    own_redis_stack: tuple[Stack, PrivateRedis], client: httpx.AsyncClient
) -> None:
    stack, redis = own_redis_stack
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    assert await _send(stack, client, tenant, friend, "before")
    connector = stack.procs["connector"]

    redis.restart()  # empty: no stream, no consumer group, no events
    sent_after: list[str] = []

    async def sends_work() -> bool:
        text = f"after {len(sent_after)}"
        if await _send(stack, client, tenant, friend, text):
            sent_after.append(text)
        return bool(sent_after)

    await _until(sends_work, 30, "a send after Redis restarted empty")
    # the stream side works again too: an incoming message reaches the socket
    async with stack.events(tenant) as events:
        await _phone_says(stack, client, friend, number, "hello again")
        message = await events.until("message")
        assert message["data"]["text"] == "hello again"
    assert connector.poll() is None and stack.procs["connector"] is connector  # never restarted
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert [m["text"] for m in inbox] == ["before", *sent_after]


async def test_sessions_keep_trying_through_a_redis_outage(
    own_redis_stack: tuple[Stack, PrivateRedis], client: httpx.AsyncClient
) -> None:
    stack, redis = own_redis_stack
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    connections_before = len(await stack.connections(client, number))

    redis.kill()
    # during the outage: a message arrives, then WhatsApp drops every connection for 1 s
    await _phone_says(stack, client, friend, number, "during the outage")
    r = await client.post(f"{stack.sim}/outage", json={"seconds": 1})
    assert r.status_code == 200, r.text

    async def reconnected_without_redis() -> bool:
        log = (await stack.connections(client, number))[connections_before:]
        return any(e["event"] == "connected" for e in log)

    await _until(reconnected_without_redis, 20, "the session to reconnect while Redis is down")
    await _phone_says(stack, client, friend, number, "still during the outage")
    redis.start()  # back, empty

    texts = [e["data"]["text"] for e in await _socket_messages(stack, tenant, 2)]
    assert texts == ["during the outage", "still during the outage"]
    assert (await stack.wait_status(client, tenant, "connected", timeout_s=20))["connected"]
    await _until(
        lambda: _send(stack, client, tenant, friend, "answer"), 20, "a send after the outage"
    )


# ---- Redis as the system of record for commands ---------------------------------------------


@pytest.fixture
async def persistent_redis_stack() -> AsyncIterator[tuple[Stack, PrivateRedis]]:
    """A deployment on a redis-server of its own with append-only persistence (fsync on
    every write, as a deployment that cannot lose a command would run it)."""
    with private_redis(appendonly=True) as redis:
        # a retry waits this long for the first request's answer before it asks the log
        async with deployment(REDIS_URL=redis.url, WAGATE_COMMAND_TIMEOUT="4") as s:
            yield s, redis


async def test_a_redis_restart_with_append_only_loses_no_accepted_command(
    persistent_redis_stack: tuple[Stack, PrivateRedis], client: httpx.AsyncClient
) -> None:
    stack, redis = persistent_redis_stack
    tenant = stack.new_tenant()
    await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    stack.stop("connector")  # commands wait on the bus meanwhile
    texts = [f"queued {i}" for i in range(10)]
    keys = [secrets.token_hex(8) for _ in texts]

    async def send(i: int) -> httpx.Response:
        return await stack.call(
            client,
            "POST",
            tenant,
            "send",
            json={"phone": friend, "message": texts[i]},
            headers={"Idempotency-Key": keys[i]},
        )

    waiting = [asyncio.create_task(send(i)) for i in range(len(texts))]
    bus = Redis.from_url(redis.url)
    commands = f"{stack.env['WAGATE_REDIS_PREFIX']}:commands"

    async def all_accepted() -> bool:
        return int(await bus.xlen(commands)) == len(texts)

    await _until(all_accepted, 10, "the gateway to queue every send")
    await bus.aclose()
    redis.restart()  # SIGKILL: only what the append-only file has survives
    first_answers = await asyncio.gather(*waiting)
    # accepted, so never "the bus is unavailable" (which tells the client nothing was queued)
    assert {r.status_code for r in first_answers} == {504}, [r.text for r in first_answers]

    stack.start("connector")
    await stack.wait_ready()

    async def inbox() -> list[dict[str, Any]]:
        r = await client.get(f"{stack.sim}/phones/{friend}/messages")
        messages: list[dict[str, Any]] = r.json()["messages"]
        return messages

    async def all_sent() -> bool:
        return len(await inbox()) >= len(texts)

    await _until(all_sent, 30, "the queued sends to go out")
    # the clients retry with their keys: the answers of the queued commands, nothing new
    answers: dict[int, httpx.Response] = {}

    async def retried() -> bool:
        pending = [i for i in range(len(texts)) if i not in answers]
        for i, r in zip(pending, await asyncio.gather(*(send(i) for i in pending)), strict=True):
            if r.status_code == 200:
                answers[i] = r
            else:
                assert r.status_code == 409, r.text  # still in progress: retry shortly
        return len(answers) == len(texts)

    await _until(retried, 30, "every retry to be answered")
    received = await inbox()
    assert sorted(m["text"] for m in received) == sorted(texts)
    by_text = {m["text"]: m["id"] for m in received}
    assert {i: answers[i].json()["messageId"] for i in answers} == {
        i: by_text[texts[i]] for i in range(len(texts))
    }
