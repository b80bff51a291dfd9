"""A tenant's pacing settings through the API, in process: defaults until set, set whole
by an operator, read by the tenant, and every bad value a 4xx with a stable code."""

from __future__ import annotations

from tests.inproc import Gateway

DEFAULTS = {
    "newChatsPerHour": None,
    "newChatsPerDay": None,
    "typingBeforeSend": False,
    "jitterMs": 0,
}


async def test_pacing_defaults_then_is_set_whole_and_read_by_the_tenant(gw: Gateway) -> None:
    tenant, admin = gw.new_tenant(), gw.admin()
    r = await gw.client.post("/tenants", headers=admin, json={"companyId": tenant})
    assert r.status_code == 201, r.text
    r = await gw.client.get(f"/tenants/{tenant}/pacing", headers=gw.auth(tenant))
    assert (r.status_code, r.json()["pacing"]) == (200, DEFAULTS), r.text
    wanted = {
        "newChatsPerHour": 20,
        "newChatsPerDay": 100,
        "typingBeforeSend": True,
        "jitterMs": 1500,
    }
    r = await gw.client.put(f"/tenants/{tenant}/pacing", headers=admin, json=wanted)
    assert (r.status_code, r.json()["pacing"]) == (200, wanted), r.text
    r = await gw.client.put(f"/tenants/{tenant}/pacing", headers=admin, json={"jitterMs": 10})
    assert r.json()["pacing"] == {**DEFAULTS, "jitterMs": 10}  # the rest back to defaults
    r = await gw.client.get(f"/tenants/{tenant}/pacing", headers=gw.auth(tenant))
    assert r.json()["pacing"] == {**DEFAULTS, "jitterMs": 10}


async def test_bad_pacing_is_refused_with_stable_codes(gw: Gateway) -> None:
    tenant, admin = gw.new_tenant(), gw.admin()
    await gw.client.post("/tenants", headers=admin, json={"companyId": tenant})
    for bad in (
        {"newChatsPerHour": -1},
        {"newChatsPerHour": 0},
        {"newChatsPerHour": 1_000_000},
        {"newChatsPerDay": 10_001},
        {"jitterMs": -5},
        {"jitterMs": 86_400_000},
        {"jitterMs": 1.5},
        {"typingBeforeSend": "yes"},
        {"newChatsPerHour": "10"},
        {"burst": 3},
    ):
        r = await gw.client.put(f"/tenants/{tenant}/pacing", headers=admin, json=bad)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (bad, r.text)
    r = await gw.client.put(f"/tenants/{tenant}/pacing", headers=gw.auth(tenant), json={})
    assert (r.status_code, r.json()["code"]) == (403, "admin_required"), r.text
    r = await gw.client.put(f"/tenants/{gw.new_tenant()}/pacing", headers=admin, json={})
    assert (r.status_code, r.json()["code"]) == (404, "tenant_not_found"), r.text
    r = await gw.client.put(f"/tenants/{tenant}/pacing", headers=admin, content=b"{")
    assert (r.status_code, r.json()["code"]) == (400, "invalid_json"), r.text
