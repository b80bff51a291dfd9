"""Calls end to end on the sim network: a phone's call reaches the tenant as `call`
events (offer, then accept, terminate or missed), the tenant rejects one and the caller
sees it declined, another tenant cannot name it, and a tenant that takes no calls has
each declined at once with its text reply sent once. Bad bodies and the contract's
shape run in process (tests/gateway/test_inproc_calls.py)."""

from __future__ import annotations

from typing import Any

import httpx

from devstack.stack import EventReader, Stack
from devstack.waiting import until


async def _ring(
    stack: Stack, c: httpx.AsyncClient, caller: str, to: str, **options: Any
) -> dict[str, Any]:
    r = await c.post(f"{stack.sim}/phones/{caller}/calls", json={"to": to, **options})
    assert r.status_code == 201, r.text
    call: dict[str, Any] = r.json()
    return call


async def _sim_call(stack: Stack, c: httpx.AsyncClient, phone: str, call_id: str) -> Any:
    calls = (await c.get(f"{stack.sim}/phones/{phone}/calls")).json()["calls"]
    return next(call for call in calls if call["id"] == call_id)


async def _call_event(events: EventReader, status: str) -> dict[str, Any]:
    event = await events.until("call")
    assert event["data"]["status"] == status, event
    data: dict[str, Any] = event["data"]
    return data


async def test_a_call_rings_the_tenant_and_a_reject_reaches_the_caller(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, other = stack.new_tenant(), stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        await stack.connect_session(client, other)
        friend = await stack.new_phone(client)

        call = await _ring(stack, client, friend, number, video=True)
        offer = await _call_event(events, "offer")
        assert offer == {
            "callId": call["id"], "from": friend, "isVideo": True, "isGroup": False,
            "status": "offer", "timestamp": offer["timestamp"],
        }  # fmt: skip
        r = await stack.call(client, "GET", tenant, "calls")
        assert [(c["callId"], c["status"]) for c in r.json()["calls"]] == [(call["id"], "offer")]

        # another tenant's session was never offered it: not found, as a made-up id is
        for who, call_id in ((other, call["id"]), (tenant, "NOSUCHCALL"), (tenant, "a%20b")):
            r = await stack.call(client, "POST", who, f"calls/{call_id}/reject")
            assert (r.status_code, r.json()["code"]) == (404, "call_not_found"), r.text
        assert (await _sim_call(stack, client, friend, call["id"]))["status"] == "ringing"

        r = await stack.call(client, "POST", tenant, f"calls/{call['id']}/reject")
        assert r.status_code == 200, r.text
        assert (r.json()["callId"], r.json()["status"]) == (call["id"], "rejected")
        assert (await _sim_call(stack, client, friend, call["id"]))["status"] == "rejected"
        r = await stack.call(client, "POST", tenant, f"calls/{call['id']}/reject")
        assert (r.status_code, r.json()["code"]) == (409, "call_ended"), r.text

        # not answered in time: missed; hung up by the caller: terminate; answered on
        # the account's own phone: accept
        missed = await _ring(stack, client, friend, number, ringSeconds=0.3)
        assert (await _call_event(events, "offer"))["callId"] == missed["id"]
        assert (await _call_event(events, "missed"))["callId"] == missed["id"]
        ended = await _ring(stack, client, friend, number)
        await _call_event(events, "offer")
        r = await client.post(f"{stack.sim}/phones/{friend}/calls/{ended['id']}/end")
        assert r.status_code == 200, r.text
        assert (await _call_event(events, "terminate"))["callId"] == ended["id"]
        answered = await _ring(stack, client, friend, number)
        await _call_event(events, "offer")
        r = await client.post(f"{stack.sim}/phones/{number}/calls/{answered['id']}/answer")
        assert r.status_code == 200, r.text
        assert (await _call_event(events, "accept"))["callId"] == answered["id"]


async def test_a_tenant_taking_no_calls_declines_each_and_replies_once(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    reply = "We take no calls here: please write."
    r = await stack.call(
        client, "PUT", tenant, "calls/settings", json={"autoReject": True, "replyText": reply}
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"companyId": tenant, "autoReject": True, "replyText": reply}
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)
        r = await client.post(
            f"{stack.sim}/phones/{friend}/groups",
            json={"subject": "Team", "participants": [number]},
        )
        assert r.status_code == 201, r.text
        group = r.json()["id"]

        call = await _ring(stack, client, friend, group)
        offer = await _call_event(events, "offer")
        assert (offer["isGroup"], offer["groupId"]) == (True, group)

        async def declined() -> bool:
            found = await _sim_call(stack, client, friend, call["id"])
            return found["status"] == "rejected"

        await until(declined, "the caller to see the call declined")

        async def replied() -> list[dict[str, Any]]:
            inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()
            return [m for m in inbox["messages"] if m["text"] == reply]

        [message] = await until(replied, "the reply to reach the caller")
        r = await stack.call(client, "GET", tenant, "calls")
        assert r.json()["calls"][0]["status"] == "rejected"
    r = await stack.call(client, "GET", tenant, "calls/settings")
    assert r.json()["autoReject"] is True
