"""POST /chats/{chatId}/history in process: the phone is asked for what came before the
chat's oldest stored message, with the count asked (50 by default); an unknown chat,
another tenant's, one with nothing stored and a bad count are refused with stable codes
before the phone is asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg

from connector.engine import OldestMessage
from tests.inproc import Gateway
from wagate.tables import message_store as ms

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ANNA, BORIS = "79005550001", "79005550002"


async def _seed(gw: Gateway, tenant: str, other: str) -> None:
    conn = await asyncpg.connect(gw.settings.database_url)
    try:
        for i, direction in enumerate(("out", "in", "in")):
            at = T0 + timedelta(minutes=i)
            await ms.add(conn, ms.NewMessage(tenant, ANNA, f"A{i}", direction, "", "text", "x", at))
        await ms.add(conn, ms.NewMessage(tenant, BORIS, "B0", "in", BORIS, "text", "x", T0))
        await conn.execute(
            "DELETE FROM stored_messages WHERE tenant_id = $1 AND chat = $2", tenant, BORIS
        )
        await ms.add(conn, ms.NewMessage(other, "79005550003", "X0", "in", "", "text", "x", T0))
    finally:
        await conn.close()


async def _ask(
    gw: Gateway, tenant: str, chat: str, body: object = None
) -> tuple[int, dict[str, object]]:
    r = await gw.call(gw.client, "POST", tenant, f"chats/{chat}/history", json=body)
    return r.status_code, r.json()


async def test_the_phone_is_asked_for_what_came_before_the_oldest_stored(
    gw: Gateway, tenant: str, other: str
) -> None:
    await _seed(gw, tenant, other)
    await gw.connect(tenant)
    status, body = await _ask(gw, tenant, ANNA)
    assert status == 202 and body["before"] == "A0" and body["count"] == 50, body
    status, body = await _ask(gw, tenant, ANNA, {"count": 500})
    assert status == 202, body
    oldest = OldestMessage("A0", True, int(T0.timestamp() * 1000))
    assert gw.engine_of(tenant).history_requests == [(ANNA, oldest, 50), (ANNA, oldest, 500)]


async def test_bad_requests_are_refused_before_the_phone_is_asked(
    gw: Gateway, tenant: str, other: str
) -> None:
    await _seed(gw, tenant, other)
    refused = [
        (await _ask(gw, tenant, "79005550009"), 404, "chat_not_found"),  # never stored
        (await _ask(gw, tenant, "79005550003"), 404, "chat_not_found"),  # the other's
        (await _ask(gw, tenant, BORIS), 409, "chat_history_empty"),  # all swept
        (await _ask(gw, tenant, ANNA, {"count": 0}), 422, "validation_failed"),
        (await _ask(gw, tenant, ANNA, {"count": 501}), 422, "validation_failed"),
        (await _ask(gw, tenant, ANNA, {"count": "many"}), 422, "validation_failed"),
        (await _ask(gw, tenant, ANNA, {"before": "A1"}), 422, "validation_failed"),
        (await _ask(gw, tenant, ANNA, [1]), 400, "invalid_json"),
        (await _ask(gw, tenant, "not a chat"), 422, "validation_failed"),
    ]
    for (status, body), want_status, want_code in refused:
        assert (status, body["code"]) == (want_status, want_code), body


async def test_a_tenants_history_sync_setting_is_kept_and_checked(gw: Gateway) -> None:
    tenant, admin = gw.new_tenant(), gw.admin()
    r = await gw.client.post("/tenants", headers=admin, json={"companyId": tenant})
    assert r.status_code == 201 and r.json()["tenant"]["historySync"] == "all", r.text
    other = {"companyId": gw.new_tenant(), "historySync": "30d"}
    r = await gw.client.post("/tenants", headers=admin, json=other)
    assert r.status_code == 201 and r.json()["tenant"]["historySync"] == "30d", r.text
    r = await gw.client.patch(f"/tenants/{tenant}", headers=admin, json={"historySync": "none"})
    assert r.status_code == 200 and r.json()["tenant"]["historySync"] == "none", r.text
    for bad in ("0d", "31", "10000d", "some", None, 30):
        r = await gw.client.patch(f"/tenants/{tenant}", headers=admin, json={"historySync": bad})
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (bad, r.text)
    r = await gw.client.get(f"/tenants/{tenant}", headers=admin)
    assert r.json()["tenant"]["historySync"] == "none"
