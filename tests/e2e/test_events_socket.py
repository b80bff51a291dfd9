"""WebSocket /events: scoped to the caller's tenant, authenticated, resumable."""

from __future__ import annotations

import asyncio
import contextlib
import json
from urllib.parse import urlsplit

import httpx
import pytest
import websockets
from redis.asyncio import Redis

from devstack.process_sockets import sockets_to
from devstack.stack import Stack
from devstack.waiting import until
from wagate.bus import BusKeys


async def _refusal(url: str, **kwargs: object) -> tuple[dict[str, object], int | None]:
    async with websockets.connect(url, **kwargs) as ws:  # type: ignore[arg-type]
        body = json.loads(await asyncio.wait_for(ws.recv(), 5))
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 5)
        return body, ws.close_code


async def test_refuses_missing_and_bad_tokens(stack: Stack) -> None:
    body, close = await _refusal(stack.ws_url)
    assert (body["code"], close) == ("token_missing", 4401)
    body, close = await _refusal(f"{stack.ws_url}?token=garbage")
    assert (body["code"], close) == ("token_invalid", 4401)


async def test_tenant_cannot_subscribe_to_another_tenant(stack: Stack) -> None:
    body, close = await _refusal(
        f"{stack.ws_url}?token={stack.token('tenant-a')}&companyId=tenant-b"
    )
    assert (body["code"], close) == ("session_not_found", 4404)


async def test_token_in_authorization_header(stack: Stack) -> None:
    headers = {"Authorization": f"Bearer {stack.token('tenant-h')}"}
    async with websockets.connect(stack.ws_url, additional_headers=headers) as ws:
        assert json.loads(await ws.recv()) == {"type": "subscribed", "companyId": "tenant-h"}


async def test_tenant_sees_only_its_own_events(stack: Stack, client: httpx.AsyncClient) -> None:
    a, b = stack.new_tenant(), stack.new_tenant()
    async with stack.events(a) as events_a:
        await stack.connect_session(client, b)  # all of B's events happen first
        number_a = await stack.connect_session(client, a)
        friend = await stack.new_phone(client)
        await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number_a, "text": "for A"}
        )
        seen = []
        while not seen or seen[-1]["type"] != "message":
            seen.append(await events_a.next())
        assert {e["companyId"] for e in seen} == {a}
        assert seen[-1]["data"]["text"] == "for A"


async def test_admin_subscribes_by_company(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    url = f"{stack.ws_url}?token={stack.admin_token()}&companyId={tenant}"
    async with websockets.connect(url) as ws:
        assert json.loads(await ws.recv())["companyId"] == tenant
        await client.post(f"{stack.api}/sessions/{tenant}/initialize", headers=stack.auth(tenant))
        first = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert first["companyId"] == tenant and first["data"]["state"] == "starting"
    body, close = await _refusal(f"{stack.ws_url}?token={stack.admin_token()}")
    assert (body["code"], close) == ("company_required", 4400)


async def test_resume_after_the_last_seen_id(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        connected = await events.until("connected")
    # disconnected from the socket: two messages arrive meanwhile
    friend = await stack.new_phone(client)
    for text in ("while away 1", "while away 2"):
        await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": text}
        )
    # both on the tenant's stream before the socket comes back: a resume, not live events
    redis = Redis.from_url(stack.env["REDIS_URL"])
    stream = BusKeys(stack.env["WAGATE_REDIS_PREFIX"]).events(tenant)

    async def both_streamed() -> bool:
        after = await redis.xrange(stream, min=f"({connected['id']}")
        return sum(fields[b"type"] == b"message" for _, fields in after) >= 2

    try:
        await until(both_streamed, "the two messages on the event stream")
    finally:
        await redis.aclose()
    async with stack.events(tenant, since=connected["id"]) as events:
        missed = [await events.until("message"), await events.until("message")]
    assert [e["data"]["text"] for e in missed] == ["while away 1", "while away 2"]

    for bad in ("yesterday", "99999999999999999999-0"):  # the second is past 64 bits
        body, close = await _refusal(f"{stack.ws_url}?token={stack.token(tenant)}&since={bad}")
        assert (body["code"], close) == ("invalid_since", 4400)


async def test_many_open_sockets_share_one_reader(stack: Stack, client: httpx.AsyncClient) -> None:
    """110 sockets (past redis-py's default pool of 100, which once turned every send
    into 503 bus_unavailable when each socket held a connection) cost the gateway a
    Redis connection or two, sends still go through, and every socket gets the event."""
    tenant = stack.new_tenant()
    await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    url = f"{stack.ws_url}?token={stack.token(tenant)}"
    # the gateway's own connections to Redis: the server's client count also counts
    # every other process sharing it
    gateway, redis_port = stack.procs["gateway"].pid, urlsplit(stack.env["REDIS_URL"]).port
    before = sockets_to(gateway, redis_port or 6379)
    async with contextlib.AsyncExitStack() as sockets:
        opened = []
        for _ in range(110):
            ws = await sockets.enter_async_context(websockets.connect(url))
            await ws.recv()  # subscribed
            opened.append(ws)
        r = await client.post(
            f"{stack.api}/sessions/{tenant}/send",
            headers=stack.auth(tenant),
            json={"phone": friend, "message": "still works"},
        )
        assert r.status_code == 200, r.text
        during = sockets_to(gateway, redis_port or 6379)
        firsts = await asyncio.gather(*(asyncio.wait_for(ws.recv(), 10) for ws in opened))
    assert len({json.loads(f)["id"] for f in firsts}) == 1  # the same first event
    assert during - before < 10, (before, during)
