"""Calls in process, on the fake engine: a call is named only by the tenant it was offered
to, the connector keeps calls for an hour and at most CALLS_KEPT of them, an auto-reject
declines a call once and replies once however often WhatsApp repeats the offer, and every
bad input is a 4xx with a stable code."""

from __future__ import annotations

from connector.calls import CALL_KEPT_S, CALLS_KEPT
from connector.engine import CallChanged
from devstack.waiting import until
from tests.inproc import Gateway
from wagate.tables.tenant_calls import CallAnswering

CALLER = "79005550123"


def _offer(call_id: str, status: str = "offer") -> CallChanged:
    return CallChanged(call_id, CALLER, status, video=False, timestamp_ms=1_767_225_600_000)


async def _reject(gw: Gateway, tenant: str, call_id: str) -> tuple[int, str]:
    r = await gw.call(gw.client, "POST", tenant, f"calls/{call_id}/reject")
    return r.status_code, r.json().get("code") or r.json()["status"]


async def test_a_call_is_the_tenants_alone_and_rejected_once(
    gw: Gateway, tenant: str, other: str
) -> None:
    await gw.connect(tenant)
    await gw.connect(other)
    await gw.engine_of(tenant).emit(_offer("CALL1"))
    r = await gw.call(gw.client, "GET", other, "calls")
    assert r.json() == {"companyId": other, "calls": []}
    assert await _reject(gw, other, "CALL1") == (404, "call_not_found")
    assert gw.engine_of(other).rejected_calls == []

    assert await _reject(gw, tenant, "CALL1") == (200, "rejected")
    assert gw.engine_of(tenant).rejected_calls == [(CALLER, "CALL1")]
    assert await _reject(gw, tenant, "CALL1") == (409, "call_ended")
    await gw.engine_of(tenant).emit(_offer("CALL2"))
    await gw.engine_of(tenant).emit(_offer("CALL2", "missed"))
    assert await _reject(gw, tenant, "CALL2") == (409, "call_ended")
    for bad in ("x" * 129, "a%20b", "%00", "%F0%9F%93%9E"):
        assert await _reject(gw, tenant, bad) == (404, "call_not_found"), bad


async def test_calls_are_kept_an_hour_and_a_bounded_few(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    engine = gw.engine_of(tenant)
    await engine.emit(_offer("OLD"))
    await gw.core.clock.advance(CALL_KEPT_S + 1)
    assert await _reject(gw, tenant, "OLD") == (404, "call_not_found")
    for i in range(CALLS_KEPT + 1):
        await engine.emit(_offer(f"C{i}"))
    r = await gw.call(gw.client, "GET", tenant, "calls")
    listed = [c["callId"] for c in r.json()["calls"]]
    assert (len(listed), listed[0], listed[-1]) == (CALLS_KEPT, f"C{CALLS_KEPT}", "C1")
    assert await _reject(gw, tenant, "C0") == (404, "call_not_found")


async def test_an_auto_rejected_call_gets_one_reply(gw: Gateway, tenant: str) -> None:
    gw.core.store.answering[tenant] = CallAnswering(True, "No calls, please write")
    await gw.connect(tenant)
    engine = gw.engine_of(tenant)
    await engine.emit(_offer("AUTO"))
    await engine.emit(_offer("AUTO"))  # WhatsApp may tell the offer again

    async def replied() -> bool:
        return bool(engine.sent)

    await until(replied, "the reply to the caller")
    assert engine.rejected_calls == [(CALLER, "AUTO")]
    assert [(to, text) for to, text, _, _ in engine.sent] == [(CALLER, "No calls, please write")]
    r = await gw.call(gw.client, "GET", tenant, "calls")
    assert [(c["callId"], c["status"]) for c in r.json()["calls"]] == [("AUTO", "rejected")]
    told = [e.data for e in gw.core.publisher.events if e.type == "call"]
    assert [(d["callId"], d["status"]) for d in told] == [("AUTO", "offer")]  # told once


async def test_call_settings_refuse_bad_bodies(gw: Gateway, tenant: str) -> None:
    r = await gw.call(gw.client, "GET", tenant, "calls/settings")
    assert r.json() == {"companyId": tenant, "autoReject": False, "replyText": None}
    for body in (
        {"autoReject": "yes"},
        {"autoReject": True, "replyText": ""},
        {"autoReject": True, "replyText": "x" * 4097},
        {"autoReject": True, "other": 1},
        {},
    ):
        r = await gw.call(gw.client, "PUT", tenant, "calls/settings", json=body)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), body
    for raw in (b"{", b"[]"):
        r = await gw.call(gw.client, "PUT", tenant, "calls/settings", content=raw)
        assert (r.status_code, r.json()["code"]) == (400, "invalid_json"), raw
    r = await gw.call(
        gw.client, "PUT", tenant, "calls/settings", json={"autoReject": True, "replyText": "hi"}
    )
    assert r.json() == {"companyId": tenant, "autoReject": True, "replyText": "hi"}
