"""The session policies for what WhatsApp does to a real client, end to end on the sim
network, which models it: temporary bans with an expiry, outdated-client refusals (also
while pairing), LID-addressed messages and receipts, and WhatsApp's QR timing."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any

import httpx

from devstack.stack import Stack
from devstack.waiting import until
from simnet.network import Network


async def _connected(stack: Stack, c: httpx.AsyncClient) -> tuple[str, str]:
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(c, tenant)
        await events.until("connected")
    return tenant, number


async def test_a_temporary_ban_fails_the_session_with_its_expiry_and_no_reconnect(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        banned_at = time.time()
        await stack.fault(client, number, "ban", seconds=3600)
        event = await events.until("state")
    assert (event["data"]["state"], event["data"]["reason"]) == ("failed", "temporary_ban")
    until = datetime.fromisoformat(event["data"]["until"]).timestamp()
    assert banned_at + 3590 < until < time.time() + 3610  # an hour from the ban, not 1970
    await asyncio.sleep(1.5)  # the test stack would have reconnected several times by now
    assert sum(e["event"] == "connected" for e in await stack.connections(client, number)) == 1
    status = await stack.status(client, tenant)
    assert (status["status"], status["reconnectAttempts"]) == ("failed", 0)
    # a restart before the ban ends meets the same refusal, and says so again
    async with stack.events(tenant) as events:
        r = await stack.call(client, "POST", tenant, "restart")
        assert r.status_code == 200, r.text
        again = await events.until("state")
        while again["data"]["state"] == "starting":
            again = await events.until("state")
    assert (again["data"]["state"], again["data"]["reason"]) == ("failed", "temporary_ban")


async def test_an_outdated_client_fails_the_session_and_is_not_retried(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        await stack.fault(client, number, "outdated")
        event = await events.until("state")
    assert (event["data"]["state"], event["data"]["reason"]) == ("failed", "client_outdated")
    await asyncio.sleep(1.5)  # several backoff windows: a reconnect, which must not come
    assert sum(e["event"] == "connected" for e in await stack.connections(client, number)) == 1
    assert (await stack.status(client, tenant))["reconnectAttempts"] == 0


async def test_a_refusal_while_pairing_fails_at_once_without_a_retry_storm(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    r = await client.post(f"{stack.sim}/faults", json={"kind": "outdated"})  # every client
    assert r.status_code == 200, r.text
    try:
        tenant = stack.new_tenant()
        async with stack.events(tenant) as events:
            r = await stack.call(client, "POST", tenant, "initialize")
            assert r.status_code == 200, r.text
            seen: list[dict[str, Any]] = []
            while not seen or seen[-1]["data"].get("state") not in ("failed", "connected"):
                seen.append(await events.next())
            await asyncio.sleep(1.5)  # room for reconnects that must not come
            with_more = await stack.status(client, tenant)
    finally:
        await client.delete(f"{stack.sim}/faults")
    assert seen[-1]["data"]["state"] == "failed"
    assert seen[-1]["data"]["reason"] == "client_outdated"
    assert not any(e["type"] in ("reconnecting", "qr") for e in seen)
    assert (with_more["status"], with_more["reconnectAttempts"]) == ("failed", 0)


async def test_lid_addressed_messages_and_receipts_carry_number_and_lid(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    friend = stack.new_number()
    r = await client.post(f"{stack.sim}/phones", json={"phone": friend, "lidAddressed": True})
    assert r.status_code == 201, r.text
    friend_lid = (await client.get(f"{stack.sim}/phones/{friend}")).json()["lid"]
    async with stack.events(tenant) as events:
        r = await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "hi"}
        )
        assert r.status_code == 201, r.text
        message = await events.until("message")
        sent = await stack.call(
            client, "POST", tenant, "send", json={"phone": friend, "message": "hello"}
        )
        assert sent.status_code == 200, sent.text
        receipt = await events.until("receipt")
    assert (message["data"]["from"], message["data"]["fromLid"]) == (friend, friend_lid)
    assert friend_lid != friend
    assert (receipt["data"]["to"], receipt["data"]["toLid"]) == (friend, friend_lid)


class _Recorder:
    def __init__(self) -> None:
        self.codes: list[float] = []
        self.closed = asyncio.Event()

    def push(self, frame: dict[str, Any], delay_s: float = 0.0) -> None:
        if frame["op"] == "qr":
            self.codes.append(time.monotonic())

    def close(self, reason: str, code: int = 4000) -> None:
        self.closed.set()

    def stall(self, seconds: float | None) -> None:
        pass

    def release_held(self) -> None:
        pass


async def test_the_first_qr_code_lasts_longer_than_the_later_ones() -> None:
    """WhatsApp's timing, scaled down: the first code lasts 60 s, later ones 20 s."""
    network = Network(qr_first_s=0.6, qr_interval_s=0.2, qr_count=3)
    link = _Recorder()
    started = time.monotonic()
    network.hello(link, None)
    await asyncio.wait_for(link.closed.wait(), 5)
    ended = time.monotonic()
    assert len(link.codes) == 3
    first, second, third = (
        b - a for a, b in zip(link.codes, [*link.codes[1:], ended], strict=True)
    )
    assert first >= 0.6 and second >= 0.2 and third >= 0.2
    assert first > second and first > third
    assert ended - started < 1.0 + 1.0  # 0.6 + 0.2 + 0.2, with room for a slow machine


async def test_a_logout_while_not_connected_says_the_phone_still_lists_the_device(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        await stack.fault(client, number, "ban", seconds=60)  # failed: no connection left
        await events.until("state")
        r = await stack.call(client, "POST", tenant, "logout")
        assert r.status_code == 200, r.text
        event = await events.until("logout")
    assert event["data"]["reason"] == "logged_out_by_request"
    assert "Linked devices" in event["data"]["detail"]
    phone = (await client.get(f"{stack.sim}/phones/{number}")).json()
    assert phone["linkedDevices"] == 1  # what the detail says: WhatsApp was not told


async def test_a_logout_while_not_connected_still_unlinks_the_device(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        await stack.fault(client, number, "replaced")  # failed: the session holds no socket
        await events.until("state")
        r = await stack.call(client, "POST", tenant, "logout")
        assert r.status_code == 200, r.text
        event = await events.until("logout")
    assert event["data"]["reason"] == "logged_out_by_request"
    assert "detail" not in event["data"]
    phone = (await client.get(f"{stack.sim}/phones/{number}")).json()
    assert phone["linkedDevices"] == 0  # gone from the phone's Linked devices too


async def _phone(stack: Stack, client: httpx.AsyncClient) -> str:
    number = stack.new_number()
    r = await client.post(f"{stack.sim}/phones", json={"phone": number})
    assert r.status_code == 201, r.text
    return number


async def test_account_restrictions_refuse_sends_with_their_own_codes(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    friend, stranger = await _phone(stack, client), await _phone(stack, client)

    async def send(to: str) -> httpx.Response:
        return await stack.call(client, "POST", tenant, "send", json={"phone": to, "message": "hi"})

    async with stack.events(tenant) as events:
        r = await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "hey"}
        )
        assert r.status_code == 201, r.text
        await events.until("message")
        await stack.fault(client, number, "new_contacts_refused")
        refused = await send(stranger)
        told = await events.until("error")
    assert (refused.status_code, refused.json()["code"]) == (403, "new_contact_refused"), (
        refused.text
    )
    assert (told["data"]["code"], told["data"]["chat"]) == ("new_contact_refused", stranger)
    assert (await stack.status(client, tenant))["restriction"] == "new_contact_refused"
    assert (await send(friend)).status_code == 200  # a conversation under way still goes
    await stack.fault(client, number, "restricted", seconds=120)
    restricted = await send(friend)
    assert (restricted.status_code, restricted.json()["code"]) == (403, "account_restricted")
    assert 100 < int(restricted.headers["Retry-After"]) <= 120
    status = await stack.status(client, tenant)
    assert status["restriction"] == "account_restricted" and status["restrictedUntil"]
    assert status["status"] == "connected"  # the connection stays; receiving goes on
    await client.delete(f"{stack.sim}/faults/{number}")


async def test_a_temporary_ban_is_waited_out_and_the_session_connects_when_it_lifts(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    async with stack.events(tenant) as events:
        await stack.fault(client, number, "ban", seconds=2)
        banned = await events.until("state")
        assert (await stack.status(client, tenant))["until"] == banned["data"]["until"]
        await events.until("connected", timeout_s=15)
    assert banned["data"]["reason"] == "temporary_ban"
    connects = [e for e in await stack.connections(client, number) if e["event"] == "connected"]
    assert len(connects) == 2  # one connection after the ban, none during it
    assert connects[1]["at"] / 1000 >= datetime.fromisoformat(banned["data"]["until"]).timestamp()


async def test_lids_are_looked_up_and_a_send_to_a_lid_reaches_its_phone(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, _ = await _connected(stack, client)
    friend = await _phone(stack, client)
    lid = (await client.get(f"{stack.sim}/phones/{friend}")).json()["lid"]
    for path in (f"contacts/{friend}/lid", f"lids/{lid}"):
        r = await stack.call(client, "GET", tenant, path)
        assert r.status_code == 200, r.text
        assert (r.json()["phone"], r.json()["lid"]) == (friend, lid)
    sent = await stack.call(
        client, "POST", tenant, "send", json={"phone": f"{lid}@lid", "message": "by lid"}
    )
    assert sent.status_code == 200, sent.text
    assert (sent.json()["chat"], sent.json()["lid"]) == (friend, lid)
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/inbox")).json()
    assert [m["text"] for m in inbox["messages"]] == ["by lid"]


async def test_pacing_caps_new_chats_and_shows_typing_before_a_send(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    first, second, writer = [await _phone(stack, client) for _ in range(3)]
    pacing = {"newChatsPerHour": 1, "typingBeforeSend": True}
    r = await client.put(f"{stack.api}/tenants/{tenant}/pacing", headers=stack.admin(), json=pacing)
    assert r.status_code == 200, r.text

    async def send(to: str) -> httpx.Response:
        return await stack.call(
            client, "POST", tenant, "send", json={"phone": to, "message": "hello"}
        )

    assert (await send(first)).status_code == 200
    capped = await send(second)
    assert (capped.status_code, capped.json()["code"]) == (429, "new_chat_limit_reached")
    assert 3500 < int(capped.headers["Retry-After"]) <= 3600
    async with stack.events(tenant) as events:
        r = await client.post(
            f"{stack.sim}/phones/{writer}/messages", json={"to": number, "text": "hi"}
        )
        assert r.status_code == 201, r.text
        await events.until("message")
    assert (await send(writer)).status_code == 200  # a chat they started is not new
    assert (await send(first)).status_code == 200  # nor is one under way
    shown = (await client.get(f"{stack.sim}/phones/{first}/activity")).json()["presence"]
    assert [p["state"] for p in shown] == ["typing", "paused", "typing", "paused"]


async def test_clearing_a_slow_network_delivers_the_acks_it_held_at_once(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, number = await _connected(stack, client)
    friend = await _phone(stack, client)
    await stack.fault(client, number, "slow", delay_ms=10000, seconds=60)
    sending = asyncio.create_task(
        stack.call(client, "POST", tenant, "send", json={"phone": friend, "message": "held"})
    )

    async def routed() -> bool:
        r = await client.get(f"{stack.sim}/phones/{friend}/messages")
        return len(r.json()["messages"]) == 1

    await until(routed, "the network to route the send, its ack held back")
    assert not sending.done()
    await client.delete(f"{stack.sim}/faults/{number}")
    sent = await asyncio.wait_for(sending, 5)  # the ack comes now, not 10 s after the send
    assert sent.status_code == 200, sent.text
