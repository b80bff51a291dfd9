"""A tenant's proxy through the API (gateway/proxy_api.py), in process: set by an
operator, sealed at rest, never shown with its password (in the proxy's own read and in
the tenant's), cleared again; bad URLs are refused with their code. That the session
connects through it is tests/e2e (the in-process connector's store is a fake)."""

from __future__ import annotations

import pytest

from tests.inproc import Gateway
from wagate import proxies

SOCKS = "socks5://tenant-a:s3cr3t%40pass@proxy.example.net:1080"


async def _create(gw: Gateway, tenant: str) -> None:
    r = await gw.client.post("/tenants", headers=gw.admin(), json={"companyId": tenant})
    assert r.status_code == 201, r.text


async def test_a_proxy_is_set_shown_redacted_sealed_and_cleared(gw: Gateway, tenant: str) -> None:
    await _create(gw, tenant)
    r = await gw.client.put(f"/tenants/{tenant}/proxy", headers=gw.admin(), json={"url": SOCKS})
    assert r.status_code == 200, r.text
    shown = "socks5://tenant-a:***@proxy.example.net:1080"
    assert r.json()["proxy"] == {"url": shown} and "s3cr3t" not in r.text
    for path in (f"/tenants/{tenant}/proxy", f"/tenants/{tenant}"):
        read = await gw.client.get(path, headers=gw.auth(tenant))
        assert read.status_code == 200 and "s3cr3t" not in read.text, read.text
    assert (await gw.client.get(f"/tenants/{tenant}", headers=gw.admin())).json()["tenant"][
        "proxy"
    ] == shown
    pool = await gw.services.db.pool()
    sealed = await pool.fetchval("SELECT proxy_sealed FROM tenants WHERE tenant_id = $1", tenant)
    assert "s3cr3t" not in sealed and gw.services.sealer.open_text(sealed) == SOCKS

    r = await gw.client.delete(f"/tenants/{tenant}/proxy", headers=gw.admin())
    assert r.status_code == 200 and r.json()["proxy"] is None
    again = await gw.client.delete(f"/tenants/{tenant}/proxy", headers=gw.admin())
    assert again.status_code == 200 and again.json()["proxy"] is None  # idempotent
    assert (await gw.client.get(f"/tenants/{tenant}/proxy", headers=gw.auth(tenant))).json()[
        "proxy"
    ] is None


async def test_only_operators_change_a_proxy(gw: Gateway, tenant: str, other: str) -> None:
    await _create(gw, tenant)
    for method in ("PUT", "DELETE"):
        r = await gw.client.request(
            method, f"/tenants/{tenant}/proxy", headers=gw.auth(tenant), json={"url": SOCKS}
        )
        assert (r.status_code, r.json()["code"]) == (403, "admin_required")
    r = await gw.client.get(f"/tenants/{tenant}/proxy", headers=gw.auth(other))
    assert r.status_code == 404
    r = await gw.client.put("/tenants/nobody-here/proxy", headers=gw.admin(), json={"url": SOCKS})
    assert (r.status_code, r.json()["code"]) == (404, "tenant_not_found")


@pytest.mark.parametrize(
    "url",
    [
        "https://u:p@proxy.example:443",  # another scheme
        "socks4://proxy.example:1080",
        "proxy.example:1080",  # none
        "socks5://:1080",  # no host
        "socks5://u:p@proxy.example",  # no port
        "socks5://proxy.example:0",
        "socks5://proxy.example:65536",
        "socks5://proxy.example:port",
        "http://proxy.example:8080/path",
        "http://:p@proxy.example:8080",  # a password with no user
        "http://proxy example:8080",
        "socks5://proxy.example:1080\x00",
        "socks5://" + "a" * proxies.MAX_URL + ".example:1080",  # over-long
    ],
)
async def test_a_bad_proxy_url_is_refused_with_its_code(gw: Gateway, tenant: str, url: str) -> None:
    await _create(gw, tenant)
    r = await gw.client.put(f"/tenants/{tenant}/proxy", headers=gw.admin(), json={"url": url})
    assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), r.text
    assert r.json()["details"][0]["field"] == "url"
    assert "p@" not in r.json()["error"]  # the refusal does not echo credentials


async def test_a_proxy_body_that_is_not_a_url_is_refused(gw: Gateway, tenant: str) -> None:
    await _create(gw, tenant)
    for body in ({}, {"url": 5}, {"url": ""}, {"url": SOCKS, "extra": 1}):
        r = await gw.client.put(f"/tenants/{tenant}/proxy", headers=gw.admin(), json=body)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), body
