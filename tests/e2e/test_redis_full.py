"""A Redis at its `maxmemory` with `noeviction` refuses every write ("OOM command not
allowed"): sends answer 503 `bus_unavailable` (nothing queued, the Idempotency-Key free
for a retry), never a 500 or a hang; incoming messages are committed to PostgreSQL
meanwhile and reach the webhook and the WebSocket once each when memory is freed, with
no process restarted."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis
from redis.exceptions import OutOfMemoryError

from devstack.stack import Stack, deployment
from devstack.waiting import until
from devstack.webhook_receiver import Receiver
from tests.e2e.event_helpers import collecting, message_log
from tests.e2e.test_event_durability import _hook_messages, _phone_says
from tests.private_redis import PrivateRedis, private_redis

_MAXMEMORY = 64 * 1024 * 1024
_FILLER = "test:filler"
_SENDS = 6
_INCOMING = 8


@pytest.fixture
async def bounded_redis_stack() -> AsyncIterator[tuple[Stack, PrivateRedis]]:
    with private_redis(maxmemory=_MAXMEMORY) as redis:
        async with deployment(REDIS_URL=redis.url) as s:
            yield s, redis


@contextlib.asynccontextmanager
async def memory_full(redis_url: str) -> AsyncIterator[None]:
    """Redis past its maxmemory while the block runs (one filler key), freed after."""
    redis = Redis.from_url(redis_url)
    chunk = b"x" * (1024 * 1024)  # a write is refused once memory is past the limit
    try:
        with contextlib.suppress(OutOfMemoryError):
            for _ in range(2 * _MAXMEMORY // len(chunk)):
                await redis.append(_FILLER, chunk)
        with pytest.raises(OutOfMemoryError):
            await redis.set("test:probe", "refused")
        yield
    finally:
        await redis.delete(_FILLER)
        await redis.aclose()


async def _send(stack: Stack, c: httpx.AsyncClient, tenant: str, to: str, i: int) -> httpx.Response:
    return await stack.call(
        c,
        "POST",
        tenant,
        "send",
        json={"phone": to, "message": f"out {i}"},
        headers={"Idempotency-Key": f"full-{i}"},
    )


def _routes(friend: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Session routes that write to Redis (a command, a cache entry) or read it."""
    return [
        ("GET", "status", None),
        ("GET", "health", None),
        ("POST", "initialize", None),
        ("POST", "restart", None),
        ("POST", "messages/text", {"to": friend, "text": "t"}),
        ("POST", "messages/location", {"to": friend, "latitude": 1.0, "longitude": 2.0}),
        ("POST", "messages/image", {"to": friend, "url": "http://127.0.0.1:9/x.png"}),
        ("POST", "contacts/check", {"phones": [friend]}),
        ("GET", f"contacts/{friend}", None),
        ("POST", "presence", {"available": True}),
        ("POST", f"chats/{friend}/presence", {"state": "typing"}),
        ("GET", "groups", None),
    ]


async def _every_route_answers_clearly(
    stack: Stack, c: httpx.AsyncClient, tenant: str, friend: str
) -> None:
    """Under the fault, each route that needs the bus says so at once with its stable
    code (a 500 `internal_error`, or a wait for the command timeout, is a defect)."""
    for method, path, body in _routes(friend):
        started = asyncio.get_running_loop().time()
        r = await stack.call(c, method, tenant, path, json=body)
        took = asyncio.get_running_loop().time() - started
        assert (r.status_code, r.json().get("code")) == (503, "bus_unavailable"), (path, r.text)
        assert took < 3, (path, took)
    r = await c.get(f"{stack.api}/metrics", headers=stack.admin())
    assert r.status_code < 500 or r.json().get("code") == "bus_unavailable", r.text


async def test_a_full_redis_refuses_sends_clearly_and_loses_no_event(
    bounded_redis_stack: tuple[Stack, PrivateRedis], client: httpx.AsyncClient, receiver: Receiver
) -> None:
    stack, redis = bounded_redis_stack
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    hook = await _hook_messages(stack, client, receiver, tenant)
    processes = dict(stack.procs)
    incoming = [f"in {i}" for i in range(_INCOMING)]
    # a send the connector has taken when memory fills: WhatsApp holds its ack until the
    # fault is cleared during the fault, so it is answered while Redis refuses writes
    await stack.fault(client, number, "slow", delay_ms=10000, seconds=60)
    in_flight = asyncio.create_task(_send(stack, client, tenant, friend, _SENDS))

    async def taken() -> bool:
        return len(await message_log(stack, tenant, "out")) == 1

    await until(taken, "the connector to take the first send")

    async with collecting(stack, tenant, only="message") as live:
        async with memory_full(redis.url):
            await _during_the_fault(stack, client, tenant, (number, friend), incoming)
        # the send taken before the fault is answered: at once through the gateway's reply
        # inbox (publishing takes no memory), or on its own list once memory is freed when
        # the gateway had not yet seen that the connector answers into inboxes
        first = await in_flight
        assert first.status_code == 200, first.text
        await _refused_sends_go_out_once(stack, client, tenant, friend, first.json())
        # a message after the fault goes the whole way too, behind every earlier one
        await _phone_says(stack, client, friend, number, "after")

        async def all_live() -> bool:
            return any(e["data"]["text"] == "after" for e in live)

        await until(all_live, "the message after the fault on the live socket")
        # once each, in the order the phone sent them, no repeat
        assert [e["data"]["text"] for e in live] == [*incoming, "after"]

    accepted = await receiver.wait_accepted(hook, _INCOMING + 1)
    hooked = {r.webhook_id: r.json["data"]["text"] for r in accepted}
    assert sorted(hooked.values()) == sorted([*incoming, "after"])
    assert set(hooked) == {e["eventId"] for e in live}
    assert stack.procs == processes and all(p.poll() is None for p in processes.values())


async def _during_the_fault(
    stack: Stack, c: httpx.AsyncClient, tenant: str, phones: tuple[str, str], incoming: list[str]
) -> None:
    """Sends are refused with bus_unavailable at once while the friend's messages to the
    session's number are committed; a socket opened now subscribes."""
    number, friend = phones
    answers = await asyncio.gather(*(_send(stack, c, tenant, friend, i) for i in range(_SENDS)))
    refusals = [(r.status_code, r.json().get("code")) for r in answers]
    assert refusals == [(503, "bus_unavailable")] * _SENDS, refusals
    for text in incoming:  # one after another: their order
        await _phone_says(stack, c, friend, number, text)
    await _every_route_answers_clearly(stack, c, tenant, friend)
    async with stack.events(tenant):
        pass  # subscribed: reading the stream needs no memory

    async def all_committed() -> bool:
        return len(await message_log(stack, tenant, "in")) == _INCOMING

    await until(all_committed, "the incoming messages committed during the fault")
    assert len(await message_log(stack, tenant, "out", "sent")) == 0  # its ack still held
    await c.delete(f"{stack.sim}/faults/{number}")  # WhatsApp catches up: the ack comes

    async def acknowledged() -> bool:
        return len(await message_log(stack, tenant, "out", "sent")) == 1

    await until(acknowledged, "WhatsApp to acknowledge the send taken before the fault")


async def _refused_sends_go_out_once(
    stack: Stack, c: httpx.AsyncClient, tenant: str, friend: str, first: dict[str, Any]
) -> None:
    """Nothing of a refused send went out; after the fault the same keys send, once each."""
    inbox = (await c.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert [(m["id"], m["text"]) for m in inbox] == [(first["messageId"], f"out {_SENDS}")]
    sent: dict[int, dict[str, Any]] = {}

    async def retried() -> bool:
        for i in set(range(_SENDS)) - set(sent):
            r = await _send(stack, c, tenant, friend, i)
            if r.status_code == 200:
                sent[i] = r.json()
        return len(sent) == _SENDS

    await until(retried, "every send to go through after memory is freed", every_s=0.2)
    inbox = (await c.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert sorted(m["text"] for m in inbox[1:]) == sorted(f"out {i}" for i in range(_SENDS))
    assert {m["id"] for m in inbox[1:]} == {s["messageId"] for s in sent.values()}
