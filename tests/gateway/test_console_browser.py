"""The console in a real browser (Chromium, Selenium), against a real deployment: one flow
through what an operator and a tenant's developer do, with the page's own QR image, the
live socket, a real phone of the sim network and a real webhook receiver."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
import websockets
from redis.asyncio import Redis
from websockets.typing import Subprotocol

from devstack.stack import Stack, deployment
from devstack.webhook_receiver import Receiver
from gateway.sign_in import create_code
from tests.browser import Browser, chromium


@pytest.fixture(scope="module")
async def console_stack() -> AsyncIterator[Stack]:
    # QR codes rotate every 3 s here, so the test sees one rotation without waiting long
    async with deployment(WAGATE_SIM_QR_INTERVAL="3", WAGATE_SIM_QR_COUNT="10") as s:
        yield s


def origin(stack: Stack) -> str:
    return f"http://127.0.0.1:{stack.env['WAGATE_PORT']}"


def sign_in(browser: Browser, secret: str) -> None:
    browser.open("/console")
    browser.submit("#signin", secret=secret)
    browser.find("#signout")


async def test_console_operator_and_tenant_flow(
    console_stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    stack = console_stack
    tenant, other = stack.new_tenant(), stack.new_tenant()
    r = await client.post(f"{stack.api}/tenants", headers=stack.admin(), json={"companyId": other})
    assert r.status_code == 201, r.text
    await stack.connect_session(client, other)  # another tenant, with a live session

    with chromium(origin(stack)) as browser:
        # first, proof that a violation would be seen: an inline script is refused, reported
        browser.open("/console")
        browser.driver.execute_script(
            "const s = document.createElement('script'); s.textContent = 'window.x = 1';"
            "document.body.append(s)"
        )
        browser.wait(
            lambda: (
                (seen := " | ".join(browser.csp_violations()))
                and "script-src" in seen  # from the page's listener
                and "Content Security Policy" in seen
            ),  # from the browser's log
            5,
            "the canary violation, from both sources",
        )
        browser.violations.clear()

        # the operator signs in and creates a tenant
        sign_in(browser, stack.admin_token())
        browser.find(".cards #total-sessions")
        browser.open("/console#/tenants")
        browser.wait_text("#tenants", other)
        browser.submit("#new-tenant", companyId=tenant, name="Console Ltd")
        browser.wait_text("main h1", f"Tenant {tenant}")
        browser.submit("#send-rate", rate="45")
        browser.wait_text("main .facts", "45")
        browser.submit("#new-api-key", name="ci")
        key = browser.wait_text("#new-key .once", "wg_")
        r = await client.get(f"{stack.api}/sessions", headers={"X-API-Key": key})
        assert r.status_code == 200, r.text  # the key shown once works
        browser.wait_text("#api-keys", "ci")
        browser.open("/console#/tenants")  # the key is shown once: gone when the page is left
        browser.wait_text("#tenants", tenant)
        browser.open(f"/console#/tenants/{tenant}")
        browser.wait_text("#api-keys", "ci")
        assert key not in browser.driver.page_source
        browser.screenshot("tenant")

        # its session page: start, and read the QR from the image the page draws
        browser.click("#open-session")
        browser.wait_text("main h1", f"Session {tenant}")
        browser.wait_text("main h1 .live", "live")
        browser.click("[data-action=start]")
        first = browser.qr_code()
        browser.screenshot("session-qr")
        # the image follows WhatsApp's rotation without a reload
        code = browser.wait(lambda: (c := browser.qr_code()) != first and c, 10, "a new QR")

        # a phone of the sim network scans it; the page turns connected by itself
        phone = await stack.new_phone(client)
        r = await client.post(f"{stack.sim}/phones/{phone}/link", json={"qr": code})
        assert r.status_code == 200, r.text
        browser.wait_text("#status .badge", "connected")
        browser.wait_text("#phone", phone)
        assert not browser.driver.find_elements("css selector", "#qr")

        # try it: a send from the page arrives at another phone
        to = await stack.new_phone(client)
        browser.submit("#send", phone=to, message="hello from the console")
        browser.wait_text("#send .out", "Sent:")
        r = await client.get(f"{stack.sim}/phones/{to}/messages")
        assert "hello from the console" in r.text
        browser.wait_text("#events", "connected")
        browser.screenshot("session-connected")

        # the sessions list shows both tenants, live
        browser.open("/console#/sessions")
        browser.wait_text(f"#sessions [data-company={tenant}]", "connected")
        browser.wait_text(f"#sessions [data-company={other}]", "connected")
        browser.screenshot("sessions")

        # the pairing-code alternative, for a third tenant: the phone types the page's code
        paired = stack.new_tenant()
        browser.open(f"/console#/sessions/{paired}")
        number = await stack.new_phone(client)
        browser.submit("#pairing", phone=number)
        code = browser.wait_text("#pairing-code", "-")
        r = await client.post(f"{stack.sim}/phones/{number}/pair-code", json={"code": code})
        assert r.status_code == 200, r.text
        browser.wait_text("#status .badge", "connected")
        browser.wait_text("#phone", number)

        # a webhook to a local receiver: secret shown once, a test event delivered
        url = receiver.add()
        browser.open(f"/console#/webhooks/{tenant}")
        browser.submit("#new-endpoint", url=url, description="console test")
        secret = browser.wait_text("#created .once", "whsec_")
        assert secret.startswith("whsec_"), secret
        browser.click("#created a")
        browser.click("[data-action=test]")
        await receiver.wait_accepted(url, 1)
        browser.wait(
            lambda: (
                browser.click("[data-action=refresh]")
                or "delivered" in browser.text("#delivery-table")
            ),
            why="the test delivery shown delivered",
        )

        # the receiver fails: the next delivery dies, and its attempts show why
        receiver.behaviour(url).always_status = 503
        browser.click("[data-action=test]")
        browser.fill("#filters", eventType="webhook_test")
        browser.find("#filters select[name=status] option[value=dead]").click()
        browser.wait(
            lambda: (
                browser.find("#filters button").click()
                or browser.attribute("#delivery-table tr[data-status]", "data-status") == ["dead"]
            ),
            why="the dead delivery, alone under the filter",
        )
        browser.click("#delivery-table tr[data-status=dead] [data-action=attempts]")
        attempts = browser.wait_text("#delivery-table .attempts", "503")
        assert "answer 503" in attempts
        browser.screenshot("webhook-deliveries")

        # the receiver is back: replaying the dead delivery brings it through
        receiver.behaviour(url).always_status = None
        accepted = len(receiver.accepted(url))
        browser.click("#delivery-table tr[data-status=dead] [data-action=replay]")
        await receiver.wait_accepted(url, accepted + 1)
        browser.find("#filters select[name=status] option[value=delivered]").click()
        browser.wait(
            lambda: (
                browser.find("#filters button").click()
                or browser.attribute("#delivery-table tr[data-status]", "data-status")
                == ["delivered", "delivered"]
            ),
            why="both deliveries delivered",
        )

        # the overview counts what just happened
        browser.open("/console#/")
        browser.wait(lambda: int(browser.text("#messages-sent .value") or 0) >= 1, why="a send")
        assert int(browser.text("#webhook-failures .value")) >= 3  # the dead delivery's
        browser.screenshot("overview")

        # phone width: nothing wider than the screen
        browser.open(f"/console#/sessions/{tenant}")
        browser.wait_text("#status .badge", "connected")
        browser.driver.set_window_size(390, 800)
        overflow = browser.driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{overflow} px wider than a phone"
        browser.screenshot("session-phone", width=390)

        # the API docs, served by the gateway too
        browser.open("/docs")
        browser.wait_text(".swagger-ui .info", "wagate")
        browser.screenshot("docs")
        assert browser.foreign_requests() == []

        # the tenant signs in with its own token and sees itself only
        browser.open("/console")
        browser.click("#signout")
        sign_in(browser, stack.token(tenant))
        browser.wait_text("#who", tenant)
        for page in ("#/", "#/sessions", "#/webhooks", f"#/tenants/{tenant}"):
            browser.open(f"/console{page}")
            browser.wait(lambda: "Loading" not in browser.text("main"), why=page)
            browser.wait_text("main", tenant)
            assert other not in browser.driver.page_source, page
        assert "Tenants" not in browser.text("#nav")  # tenants are for operators
        browser.open(f"/console#/sessions/{other}")
        browser.wait_text("main", other)  # the heading names what was asked for ...
        assert browser.text("#phone") == "—"  # ... but nothing of it is shown
        browser.open(f"/console#/tenants/{other}")
        browser.wait_text(".flash.error", "no session")

        # a read-only API key: the console offers nothing the key cannot do
        key = await stack.api_key(client, tenant, "read")
        browser.click("#signout")
        sign_in(browser, key)
        browser.wait_text("#who", tenant)
        assert "Webhooks" not in browser.text("#nav") and "API keys" not in browser.text("#nav")
        browser.open(f"/console#/sessions/{tenant}")
        browser.wait_text("#status .badge", "connected")
        assert not browser.driver.find_elements("css selector", "[data-action], #send, #pairing")

        assert browser.foreign_requests() == []
        assert browser.csp_violations() == []


async def test_console_headers_keep_the_page_to_its_origin(
    console_stack: Stack, client: httpx.AsyncClient
) -> None:
    base = origin(console_stack)
    for path in ("/console", "/console/app.js", "/docs", "/openapi.yaml", "/openapi.json"):
        r = await client.get(base + path)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert r.headers["x-content-type-options"] == "nosniff"
    spec = (await client.get(base + "/openapi.json")).json()
    assert "/sessions/{companyId}/initialize" in spec["paths"]
    for path in (
        "/console/%2e%2e/%2e%2e/pyproject.toml",
        "/console/nothing.js",
        "/docs/%2e%2e/app.py",
    ):
        r = await client.get(base + path)
        assert r.status_code == 404, path
        assert r.json()["success"] is False


async def test_event_socket_takes_the_credential_in_its_subprotocol(
    console_stack: Stack,
) -> None:
    """How the console's socket signs in: the credential in the subprotocol header."""
    tenant = console_stack.new_tenant()
    token = console_stack.token(tenant)
    url = console_stack.ws_url
    async with websockets.connect(
        url, subprotocols=[Subprotocol("wagate"), Subprotocol(f"bearer.{token}")]
    ) as ws:
        assert ws.subprotocol == "wagate"
        assert json.loads(await ws.recv()) == {"type": "subscribed", "companyId": tenant}
    async with websockets.connect(
        url, subprotocols=[Subprotocol("wagate"), Subprotocol("bearer.nope")]
    ) as ws:
        refusal = json.loads(await ws.recv())
        assert refusal["code"] == "token_invalid", refusal


# the page's fetch is held for /metrics until the test lets it go, and counts the bodies read
_HOLD_METRICS = """
window.__open = false; window.__held = []; window.__bodies = 0;
const realFetch = window.fetch;
window.fetch = async (url, init) => {
  if (!String(url).includes("/metrics")) return realFetch(url, init);
  if (!window.__open) await new Promise((go) => window.__held.push(go));
  const response = await realFetch(url, init);
  for (const read of ["json", "text"]) {
    const real = response[read].bind(response);
    response[read] = async () => { const body = await real(); window.__bodies++; return body; };
  }
  return response;
};
window.__release = () => { window.__open = true; window.__held.splice(0).forEach((go) => go()); };
"""

# resolves once both of the overview's bodies are read and every task queued after them ran
_AFTER_OVERVIEW_LOADED = """
const done = arguments[arguments.length - 1];
const poll = () => (window.__bodies >= 2 ? setTimeout(done, 0) : setTimeout(poll, 10));
poll();
"""


async def test_console_a_page_left_while_loading_never_draws_over_the_next(
    console_stack: Stack,
) -> None:
    with chromium(origin(console_stack)) as browser:
        sign_in(browser, console_stack.admin_token())
        browser.find(".cards #total-sessions")
        browser.driver.execute_script(_HOLD_METRICS)
        browser.driver.execute_script("location.hash = '#/tenants'")
        browser.wait_text("main h1", "Tenants")
        browser.driver.execute_script("location.hash = '#/'")  # the overview waits for /metrics
        browser.driver.execute_script("location.hash = '#/tenants'")  # left before it loaded
        browser.wait_text("main h1", "Tenants")
        browser.driver.execute_script("window.__release()")
        browser.driver.execute_async_script(_AFTER_OVERVIEW_LOADED)
        assert browser.text("main h1") == "Tenants"
        assert not browser.driver.find_elements("css selector", "#total-sessions")


async def test_a_sign_in_link_signs_in_once_and_leaves_the_address_bar(
    console_stack: Stack,
) -> None:
    stack = console_stack
    redis = Redis.from_url(stack.env["REDIS_URL"])
    try:
        code = await create_code(redis, stack.env["WAGATE_REDIS_PREFIX"], 60)
    finally:
        await redis.aclose()
    with chromium(origin(stack)) as browser:
        browser.open(f"/console#code={code}")
        browser.wait_text("#who", "admin")
        browser.find(".cards #total-sessions")
        assert code not in browser.driver.current_url
        # used once: the same link, opened again, says so and offers the token form
        browser.click("#signout")
        browser.driver.back()  # the entry the link made was replaced: no code to go back to
        assert code not in browser.driver.current_url
        browser.driver.get("about:blank")
        browser.open(f"/console#code={code}")
        browser.wait_text("#signin-note", "wrong, used or expired")
        browser.find("#signin")
        assert code not in browser.driver.current_url
        assert browser.csp_violations() == []


async def test_console_attempts_opened_stay_open_when_the_deliveries_refresh(
    console_stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    stack = console_stack
    tenant = stack.new_tenant()
    r = await client.post(f"{stack.api}/tenants", headers=stack.admin(), json={"companyId": tenant})
    assert r.status_code == 201, r.text
    url = receiver.add()
    r = await client.post(f"{stack.api}/webhooks", headers=stack.auth(tenant), json={"url": url})
    assert r.status_code == 201, r.text
    endpoint = r.json()["endpoint"]["id"]
    receiver.behaviour(url).secret = r.json()["secret"]
    r = await client.post(f"{stack.api}/webhooks/{endpoint}/test", headers=stack.auth(tenant))
    assert r.status_code == 202, r.text
    await receiver.wait_accepted(url, 1)

    with chromium(origin(stack)) as browser:
        sign_in(browser, stack.admin_token())
        browser.open(f"/console#/webhooks/{tenant}/{endpoint}")
        browser.wait(
            lambda: (
                browser.click("[data-action=refresh]")
                or "delivered" in browser.text("#delivery-table")
            ),
            why="the test delivery shown delivered",
        )
        browser.click("#delivery-table tr[data-status] [data-action=attempts]")
        browser.wait_text("#delivery-table .attempts", "delivered")
        # a redraw of the table: wait for the new one, then for its attempts
        browser.driver.execute_script("document.getElementById('delivery-table').dataset.old = 1")
        browser.click("[data-action=refresh]")
        browser.find("#delivery-table:not([data-old])")
        browser.wait_text("#delivery-table tr.detail:not([hidden]) .attempts", "delivered")


async def test_the_sign_in_page_offers_no_sign_out(console_stack: Stack) -> None:
    # a sign-out button on the sign-in page would also say "signed in" to a test waiting
    # for it, which then raced the sign-in's own navigation
    with chromium(origin(console_stack)) as browser:
        browser.open("/console")
        browser.find("#signin")
        assert not browser.driver.find_element("css selector", "#signout").is_displayed()
        sign_in(browser, console_stack.admin_token())
        browser.click("#signout")
        browser.find("#signin")
        assert not browser.driver.find_element("css selector", "#signout").is_displayed()


async def test_the_sessions_and_tenants_lists_page_an_operators_companies(
    console_stack: Stack, client: httpx.AsyncClient
) -> None:
    """An operator's lists ask for a page of companies, not every one each time: past a
    page, a link goes on to the next (these sort after every other test's companies)."""
    stack = console_stack
    made = [f"zz-page-{n:03}" for n in range(101)]
    for tenant in made:
        r = await client.post(
            f"{stack.api}/tenants", headers=stack.admin(), json={"companyId": tenant}
        )
        assert r.status_code == 201, r.text
    with chromium(origin(stack)) as browser:
        sign_in(browser, stack.admin_token())
        for page, listing in (("#/sessions", "#sessions"), ("#/tenants", "#tenants")):
            browser.open(f"/console{page}")
            browser.wait_text(listing, made[0])
            assert made[-1] not in browser.text(listing)
            first = len(browser.driver.find_elements("css selector", f"{listing} tbody tr"))
            assert first == 100
            browser.click("#next-page")
            browser.wait_text(listing, made[-1])
            assert made[0] not in browser.text(listing)
            browser.wait_text("#pages", "First page")
