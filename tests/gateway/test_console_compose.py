"""The inbox's composer options in a real browser (gateway/console/static/
compose_options.js) against the shared deployment: a mention typed in the mention field,
a link preview, an image sent view once, and a message forwarded from the thread, each
as the virtual phone receives it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

from devstack import media_files
from devstack.stack import Stack
from devstack.waiting import until
from tests.browser import Browser, chromium
from tests.gateway.test_console_browser import origin, sign_in


async def _phone_inbox(stack: Stack, c: httpx.AsyncClient, phone: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = (await c.get(f"{stack.sim}/phones/{phone}/messages")).json()[
        "messages"
    ]
    return messages


def _reply_box_cleared(browser: Browser) -> None:
    """Until the console has cleared the reply box (text and options) after a send: it
    does when the send is answered, which comes after the phone has the message, so an
    option ticked before then is unticked with the rest."""
    script = "return document.querySelector('#reply [name=text]').value"
    browser.wait(lambda: browser.driver.execute_script(script) == "", 15, "the reply box cleared")


async def test_mentions_view_once_and_forward_from_the_inbox(
    stack: Stack, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    c = client
    tenant = stack.new_tenant()
    created = {"companyId": tenant, "messageStore": "full"}
    r = await c.post(f"{stack.api}/tenants", headers=stack.admin(), json=created)
    assert r.status_code == 201, r.text
    number = await stack.connect_session(c, tenant)
    friend, other = await stack.new_phone(c), await stack.new_phone(c)
    r = await c.post(f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "fwd me"})
    hello = r.json()["id"]
    with chromium(origin(stack)) as browser:
        sign_in(browser, stack.token(tenant))
        browser.click('#nav a[href="#/inbox"]')
        browser.click(f'#chats [data-chat-id="{friend}"] button')
        message = f'#thread [data-message-id="{hello}"]'
        browser.wait_text(message, "fwd me")

        # a mention: the number typed in its field is written into the text and mentioned
        browser.fill("#reply", mentions=friend)
        browser.submit("#reply", text="look")

        async def mentioned() -> bool:
            inbox = await _phone_inbox(stack, c, friend)
            return any(m.get("mentions") == [friend] for m in inbox)

        await until(mentioned, "the mention at the phone")
        sent = [m for m in await _phone_inbox(stack, c, friend) if m.get("mentions")]
        assert sent[0]["text"] == f"look @{friend}"
        _reply_box_cleared(browser)

        # a link preview, built from the page the link names
        async with media_files.file_server() as files:
            page = b'<html><head><meta property="og:title" content="The page"></head></html>'
            url = files.add("page.html", page, "text/html")
            browser.click("#reply input[name=linkPreview]")
            browser.submit("#reply", text=f"read {url}")

            async def previewed() -> bool:
                inbox = await _phone_inbox(stack, c, friend)
                cards = [m["link_preview"] for m in inbox if m.get("link_preview")]
                return any(card["title"] == "The page" for card in cards)

            await until(previewed, "the link preview at the phone")
            _reply_box_cleared(browser)

        # an image, view once
        picture = io.BytesIO()
        Image.new("RGB", (40, 30), (10, 90, 200)).save(picture, "PNG")
        path = tmp_path / "once.png"
        path.write_bytes(picture.getvalue())
        browser.find("#reply input[type=file]").send_keys(str(path))
        browser.click("#reply input[name=viewOnce]")
        browser.submit("#reply", text="just once")

        async def once() -> bool:
            inbox = await _phone_inbox(stack, c, friend)
            return any(m.get("view_once") is True and m.get("text") == "just once" for m in inbox)

        await until(once, "the view-once image at the phone")

        # the phone's message, forwarded from its thread to another chat
        browser.click(f"{message} .forward-open")
        browser.fill(f"{message} form.forward", to=other)
        # a reaction redraws the message meanwhile: its form stays open, as typed
        reaction = {"to": number, "messageId": hello, "emoji": "👍"}
        r = await c.post(f"{stack.sim}/phones/{friend}/reactions", json=reaction)
        assert r.status_code in (200, 201), r.text
        browser.wait_text(f"{message} .reactions", "👍")
        browser.find(f"{message} form.forward button[type=submit]").click()
        browser.wait_text(f"{message} form.forward .out", "forwarded")
        forwarded = await _phone_inbox(stack, c, other)
        assert [(m["text"], m.get("forwarded")) for m in forwarded] == [("fwd me", True)]
        assert browser.csp_violations() == []
