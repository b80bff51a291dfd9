"""The console's proxy control in a real browser (Chromium, Selenium) against a real
gateway: an operator sets a tenant's proxy from the tenant page, sees it with its
password as *** (the page never holds the password afterwards), is told why a bad URL
is refused, and clears it; what the API stores follows."""

from __future__ import annotations

import httpx

from devstack.stack import Stack
from tests.browser import chromium
from tests.gateway.test_console_browser import origin, sign_in


async def test_an_operator_sets_and_clears_a_tenants_proxy(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()  # on the suite's shared deployment: no stack of its own
    r = await client.post(f"{stack.api}/tenants", headers=stack.admin(), json={"companyId": tenant})
    assert r.status_code == 201, r.text
    proxy_api = f"{stack.api}/tenants/{tenant}/proxy"
    with chromium(origin(stack)) as browser:
        sign_in(browser, stack.admin_token())
        browser.open(f"/console#/tenants/{tenant}")
        browser.click("#open-proxy")
        browser.wait_text("#proxy-current", "connects directly")
        browser.submit("#set-proxy", url="socks5://ops:hunter2@proxy.example.net:1080")
        browser.wait_text("#proxy-current", "socks5://ops:***@proxy.example.net:1080")
        browser.wait_text("#set-proxy .out", "next connection")
        assert "hunter2" not in browser.driver.page_source  # not shown, not left in the form
        stored = (await client.get(proxy_api, headers=stack.admin())).json()["proxy"]
        assert stored == {"url": "socks5://ops:***@proxy.example.net:1080"}

        browser.submit("#set-proxy", url="ftp://proxy.example.net:21")
        browser.wait_text("#set-proxy .out", "http:// (HTTP CONNECT) or socks5://")
        browser.click("#clear-proxy", confirm=True)
        browser.wait_text("#proxy-current", "connects directly")
        assert browser.csp_violations() == []
    assert (await client.get(proxy_api, headers=stack.admin())).json()["proxy"] is None
