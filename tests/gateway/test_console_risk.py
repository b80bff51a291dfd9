"""The console's ban-risk controls in a real browser (Chromium, Selenium) against the
shared deployment: an operator sets a tenant's pacing on its tenant page, and the session
page shows the restriction WhatsApp (the sim network) put on the number."""

from __future__ import annotations

import httpx

from devstack.stack import Stack
from tests.browser import chromium
from tests.gateway.test_console_browser import origin, sign_in


async def test_pacing_is_set_on_the_tenant_page_and_a_restriction_shows_on_the_session_page(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    await stack.fault(client, number, "restricted", seconds=600)
    to = await stack.new_phone(client)
    r = await stack.call(client, "POST", tenant, "send", json={"phone": to, "message": "hi"})
    assert (r.status_code, r.json()["code"]) == (403, "account_restricted"), r.text

    with chromium(origin(stack)) as browser:
        sign_in(browser, stack.admin_token())
        browser.open(f"/console#/tenants/{tenant}")
        browser.fill("#pacing-form", perHour="5", jitter="250")
        browser.click("#pacing-form [name=typing]")
        browser.find("#pacing-form button[type=submit]").click()
        browser.wait_text("#pacing-form .out", "saved")
        r = await client.get(f"{stack.api}/tenants/{tenant}/pacing", headers=stack.admin())
        assert r.json()["pacing"] == {
            "newChatsPerHour": 5,
            "newChatsPerDay": None,
            "typingBeforeSend": True,
            "jitterMs": 250,
        }
        browser.open(f"/console#/sessions/{tenant}")
        browser.wait_text("#restriction", "account_restricted until")
        assert browser.csp_violations() == []
    await client.delete(f"{stack.sim}/faults/{number}")
