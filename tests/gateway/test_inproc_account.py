"""Privacy settings and the blocklist in process, on the fake engine: each tenant's own,
and every bad input a 4xx with a stable code (the sim network's behaviour runs end to
end in tests/e2e/test_account.py)."""

from __future__ import annotations

from tests.inproc import Gateway


async def test_privacy_refuses_values_whatsapp_does_not_take(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    for body in (
        {"lastSeen": "everyone"},
        {"online": "contacts"},  # online is all or match_last_seen
        {"readReceipts": "contacts"},  # read receipts are all or none
        {"calls": "none"},  # calls are all or known
        {"lastSeen": 1},
        {"status": "all"},  # not a setting
        {},
        {"lastSeen": None},
    ):
        r = await gw.call(gw.client, "PATCH", tenant, "privacy", json=body)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), body
    r = await gw.call(gw.client, "PATCH", tenant, "privacy", json={"calls": "known"})
    assert (r.status_code, r.json()["calls"], r.json()["lastSeen"]) == (200, "known", "all")


async def test_the_blocklist_is_the_tenants_own(gw: Gateway, tenant: str, other: str) -> None:
    await gw.connect(tenant)
    await gw.connect(other)
    for phone in ("12", "not-a-number", "+1234567890123456", "%20"):
        r = await gw.call(gw.client, "PUT", tenant, f"blocklist/{phone}")
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), phone
    r = await gw.call(gw.client, "PUT", tenant, "blocklist/+79005550123")
    assert r.json()["phones"] == ["79005550123"]
    r = await gw.call(gw.client, "GET", other, "blocklist")
    assert r.json() == {"companyId": other, "phones": []}
    r = await gw.call(gw.client, "DELETE", tenant, "blocklist/79005550123")
    assert (r.json()["blocked"], r.json()["phones"]) == (False, [])
