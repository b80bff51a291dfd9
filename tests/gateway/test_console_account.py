"""The console's calls & privacy page in a real browser (Chromium, Selenium) against the
shared deployment: a call from a virtual phone shows up live and its Reject button
declines it at the network, auto-reject is saved, a privacy change reaches WhatsApp's
settings, a number is blocked and unblocked from the page, and a number's LID is looked up
both ways."""

from __future__ import annotations

import httpx
from selenium.webdriver.support.ui import Select

from devstack.stack import Stack
from devstack.waiting import until
from tests.browser import chromium
from tests.gateway.test_console_browser import origin, sign_in


async def test_calls_privacy_and_blocking_from_the_console(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    c = client
    tenant = stack.new_tenant()
    number = await stack.connect_session(c, tenant)
    friend = await stack.new_phone(c)
    with chromium(origin(stack)) as browser:
        sign_in(browser, stack.token(tenant))
        browser.click('#nav a[href="#/account"]')
        browser.wait_text("main h1", f"Calls & privacy {tenant}")
        browser.wait_text("main h1 .live", "live")  # calls from here on reach the page

        # a call rings: its row appears with no reload; Reject declines it at the network
        r = await c.post(f"{stack.sim}/phones/{friend}/calls", json={"to": number, "video": True})
        call_id = r.json()["id"]
        row = f'#calls [data-call-id="{call_id}"]'
        browser.wait_text(row, "video")
        browser.click(f"{row} button.reject")
        browser.wait_text(f"{row} .badge", "rejected")
        calls = (await c.get(f"{stack.sim}/phones/{friend}/calls")).json()["calls"]
        assert calls[0]["status"] == "rejected"

        browser.find("#call-settings [name=autoReject]").click()
        browser.submit("#call-settings", replyText="Please write instead")
        browser.wait_text("#call-settings .out", "Saved")
        r = await stack.call(c, "GET", tenant, "calls/settings")
        assert r.json()["autoReject"] is True and r.json()["replyText"] == "Please write instead"

        Select(browser.find("#privacy [name=lastSeen]")).select_by_value("none")
        browser.click("#privacy button[type=submit]")
        browser.wait_text("#privacy .out", "Saved at WhatsApp")
        privacy = (await c.get(f"{stack.sim}/phones/{number}/privacy")).json()["privacy"]
        assert privacy["last"] == "none"

        browser.submit("#block", phone=f"+{friend}")
        browser.wait_text(f'#blocklist [data-phone="{friend}"]', friend)

        async def blocked_at_whatsapp() -> bool:
            r = await c.get(f"{stack.sim}/phones/{number}/blocklist")
            return bool(r.json()["blocked"] == [friend])

        await until(blocked_at_whatsapp, "the block at the network")
        browser.click(f'#blocklist [data-phone="{friend}"] button.unblock')
        browser.wait_text("#blocklist", "Nobody is blocked")

        # who is this: the friend's LID from its number, and the number back from the LID
        lid = (await stack.call(c, "GET", tenant, f"contacts/{friend}/lid")).json()["lid"]
        browser.submit("#lid-lookup", address=friend)
        browser.wait_text("#lid-lookup .out", f"Number {friend} has LID {lid}")
        browser.submit("#lid-lookup", address=f"{lid}@lid")
        browser.wait_text("#lid-lookup .out", f"LID {lid} is number {friend}")
        assert browser.csp_violations() == []
