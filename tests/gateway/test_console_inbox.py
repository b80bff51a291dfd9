"""The console's inbox in a real browser (Chromium, Selenium) against a real deployment:
a virtual phone of the sim network writes and the chat list follows live, a reply typed
in the page reaches the phone, media shows inline with the bytes that were sent, and
nothing a sender wrote ever runs as markup."""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from selenium.common.exceptions import NoAlertPresentException

from devstack.stack import Stack, deployment
from devstack.waiting import until
from tests.browser import Browser, chromium
from tests.gateway.test_console_browser import origin, sign_in

PAGE = 20  # the thread's page size (gateway/console/static/thread.js)
CHAT_PAGE = 50  # the chat list's (gateway/console/static/inbox.js)
# markup in everything a sender controls: it must show as these characters, never run
XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


@pytest.fixture(scope="module")
async def inbox_stack() -> AsyncIterator[Stack]:
    async with deployment() as s:
        yield s


async def _tenant(stack: Stack, c: httpx.AsyncClient) -> tuple[str, str]:
    """A tenant that stores whole messages, with a connected session: (id, its number)."""
    tenant = stack.new_tenant()
    created = {"companyId": tenant, "messageStore": "full"}
    r = await c.post(f"{stack.api}/tenants", headers=stack.admin(), json=created)
    assert r.status_code == 201, r.text
    return tenant, await stack.connect_session(c, tenant)


async def _phone(stack: Stack, c: httpx.AsyncClient, phone: str, path: str, body: Any) -> str:
    r = await c.post(f"{stack.sim}/phones/{phone}/{path}", json=body)
    assert r.status_code in (200, 201), r.text
    return str(r.json().get("id", ""))


def _png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 32), colour).save(out, "PNG")
    return out.getvalue()


def _open_inbox(browser: Browser, tenant: str, token: str) -> None:
    sign_in(browser, token)
    browser.click('#nav a[href="#/inbox"]')
    browser.wait_text("main h1", f"Inbox {tenant}")
    browser.wait_text("main h1 .live", "live")  # events from here on reach the page


def _chat(chat: str) -> str:
    return f'#chats [data-chat-id="{chat}"]'


def _message(message_id: str) -> str:
    return f'#thread [data-message-id="{message_id}"]'


def _loaded(browser: Browser, img: str) -> bool:
    """Whether the image's bytes were fetched and it shows them (a blob: URL)."""
    return any(src and src.startswith("blob:") for src in browser.attribute(img, "src"))


_READ_IMAGE = """
const done = arguments[arguments.length - 1];
fetch(document.querySelector(arguments[0]).src).then((r) => r.arrayBuffer()).then((b) => {
  let s = ""; new Uint8Array(b).forEach((x) => (s += String.fromCharCode(x))); done(btoa(s));
}, (e) => done("failed: " + e));
"""


async def test_inbox_follows_a_conversation_live(
    inbox_stack: Stack, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    stack, c = inbox_stack, client
    tenant, number = await _tenant(stack, c)
    friend, other = await stack.new_phone(c), await stack.new_phone(c)
    with chromium(origin(stack)) as browser:
        _open_inbox(browser, tenant, stack.token(tenant))
        browser.driver.execute_script("window.__samePage = true")

        # the phone writes: its chat appears, and its unread count rises, with no reload
        first = await _phone(stack, c, friend, "messages", {"to": number, "text": "hello"})
        browser.wait_text(f"{_chat(friend)} .unread", "1")
        second = await _phone(stack, c, friend, "messages", {"to": number, "text": "you there?"})
        browser.wait_text(f"{_chat(friend)} .unread", "2")
        browser.wait_text(f"{_chat(friend)} .preview", "you there?")
        await _phone(stack, c, other, "messages", {"to": number, "text": "me too"})
        browser.wait(
            lambda: browser.attribute("#chats li", "data-chat-id")[:2] == [other, friend],
            why="the newest chat on top",
        )
        assert browser.driver.execute_script("return window.__samePage") is True
        lists = browser.driver.execute_script(
            "return performance.getEntriesByType('resource')"
            ".filter((e) => e.name.includes('/chats?')).length"
        )
        assert lists == 1, f"the chat list was read {lists} times: events are applied locally"

        # opened: the thread, and the chat marked read (in the page and in the API)
        browser.click(f"{_chat(friend)} button")
        browser.wait_text(_message(first), "hello")
        browser.wait_text(_message(second), "you there?")
        browser.wait(lambda: not browser.text(f"{_chat(friend)} .unread"), why="no unread")

        async def marked_read() -> bool:
            r = await stack.call(c, "GET", tenant, "chats")
            return any(x["chatId"] == friend and x["unreadCount"] == 0 for x in r.json()["chats"])

        await until(marked_read, "the chat marked read", timeout_s=10)

        # a reply typed in the page arrives at the phone, and shows in the thread
        browser.submit("#reply", text="typed in the console")

        async def arrived(text: str) -> bool:
            r = await c.get(f"{stack.sim}/phones/{friend}/messages")
            return any(m.get("text") == text for m in r.json()["messages"])

        await until(lambda: arrived("typed in the console"), "the reply at the phone")  # noqa: B023
        browser.wait_text("#thread .msg.out", "typed in the console")

        # the phone sends an image: shown inline while the chat is open
        png = _png((200, 30, 90))
        image = await _phone(
            stack,
            c,
            friend,
            "media",
            {
                "to": number,
                "kind": "image",
                "mimetype": "image/png",
                "caption": "a red one",
                "data": base64.b64encode(png).decode(),
            },
        )
        browser.wait_text(_message(image), "a red one")
        browser.wait(lambda: _loaded(browser, f"{_message(image)} img"), why="the image")

        # video and audio play inline; a document is offered as a download by its name
        played = {}
        for kind, mimetype, head in (
            ("video", "video/mp4", "AAAAIGZ0eXBpc29t"),
            ("audio", "audio/ogg", "T2dnUw=="),
            ("document", "application/pdf", "JVBERi0="),
        ):
            media = {"kind": kind, "mimetype": mimetype, "size": 4000, "head": head}
            media |= {"filename": "report.pdf"} if kind == "document" else {}
            played[kind] = await _phone(stack, c, friend, "media", {"to": number, **media})
        browser.wait(lambda: _loaded(browser, f"{_message(played['video'])} video"), why="video")
        browser.wait(lambda: _loaded(browser, f"{_message(played['audio'])} audio"), why="audio")
        browser.wait_text(f"{_message(played['document'])} button.document", "report.pdf")

        # an edit, a revoke and a reaction from the phone redraw their messages
        await _phone(stack, c, friend, "edits", {"to": number, "messageId": first, "text": "hi!"})
        await _phone(stack, c, friend, "revokes", {"to": number, "messageId": second})
        reply = browser.attribute("#thread .msg.out", "data-message-id")[0]
        reaction = {"to": number, "messageId": reply, "emoji": "👍"}
        await _phone(stack, c, friend, "reactions", reaction)
        browser.wait_text(f"{_message(first)} .edited", "edited")
        browser.wait_text(_message(first), "hi!")
        browser.wait_text(f"{_message(second)} .tombstone", "deleted")
        assert "you there?" not in browser.text("#thread")
        browser.wait_text(f"{_message(reply)} .reactions", "👍")
        browser.screenshot("inbox")

        # an attachment chosen in the page reaches the phone with the same bytes
        sent = _png((20, 160, 60))
        path = tmp_path / "green.png"
        path.write_bytes(sent)
        browser.find("#reply input[type=file]").send_keys(str(path))
        browser.submit("#reply", text="a green one")

        async def attachment_arrived() -> bool:
            r = await c.get(f"{stack.sim}/phones/{friend}/messages")
            media = [m["media"] for m in r.json()["messages"] if m.get("media")]
            return any(m["status"] == "ok" and m["caption"] == "a green one" for m in media) and (
                any(m["sha256"] == hashlib.sha256(sent).hexdigest() for m in media)
            )

        await until(attachment_arrived, "the attachment at the phone, bytes intact")
        browser.wait_text("#thread .msg.out", "a green one")

        # history loads as the thread is scrolled up
        for n in range(PAGE + 5):
            await _phone(stack, c, other, "messages", {"to": number, "text": f"line {n}"})
        browser.wait_text(f"{_chat(other)} .unread", str(PAGE + 6))
        browser.click(f"{_chat(other)} button")
        browser.wait_text("#thread", f"line {PAGE + 4}")
        assert "me too" not in browser.text("#thread")  # only the newest page so far
        browser.driver.execute_script("document.getElementById('thread').scrollTop = 0")
        browser.wait_text("#thread", "me too")
        assert len(browser.attribute("#thread .msg", "data-message-id")) == PAGE + 6

        # phone width: the list above the thread, nothing wider than the screen
        browser.driver.set_window_size(390, 800)
        overflow = browser.driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{overflow} px wider than a phone"
        browser.screenshot("inbox-phone", width=390)

        assert browser.foreign_requests() == []
        assert browser.csp_violations() == []

        # the bytes behind the image shown are the phone's. Reading a blob: URL back is a
        # connection the console's policy does not allow, so this one read bypasses it
        browser.driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
        browser.driver.get("about:blank")  # a new document: the bypass applies from its load
        browser.open("/console#/inbox")
        browser.click(f"{_chat(friend)} button")
        img = f"{_message(image)} img"
        browser.wait(lambda: _loaded(browser, img), why="the image, again")
        shown = browser.driver.execute_async_script(_READ_IMAGE, img)
        assert base64.b64decode(shown) == png, shown[:80]


async def test_inbox_shows_what_senders_write_as_text_only(
    inbox_stack: Stack, client: httpx.AsyncClient
) -> None:
    stack, c = inbox_stack, client
    tenant, number = await _tenant(stack, c)
    friend = await stack.new_phone(c)
    with chromium(origin(stack)) as browser:
        _open_inbox(browser, tenant, stack.token(tenant))
        image = base64.b64encode(_png((1, 2, 3))).decode()
        card = {"name": XSS, "vcard": f"BEGIN:VCARD\nFN:{XSS}\nEND:VCARD"}
        sent = [
            ("messages", {"text": XSS}),
            ("media", {"kind": "image", "mimetype": "image/png", "caption": XSS, "data": image}),
            (
                "media",
                {
                    "kind": "document",
                    "mimetype": "application/pdf",
                    "filename": XSS,
                    "caption": XSS,
                    "size": 2000,
                    "head": "JVBERi0=",
                },
            ),
            ("messages/poll", {"question": XSS, "options": [XSS, XSS + " 2"]}),
            ("messages/contacts", {"contacts": [card]}),
            ("messages/location", {"latitude": 1.5, "longitude": 2.5, "name": XSS, "address": XSS}),
        ]
        ids = [await _phone(stack, c, friend, path, {"to": number, **body}) for path, body in sent]
        group = await _phone(stack, c, friend, "groups", {"subject": XSS, "participants": [number]})
        in_group = await _phone(stack, c, friend, "messages", {"to": group, "text": XSS})

        browser.click(f"{_chat(group)} button")
        browser.wait_text(_message(in_group), XSS)
        browser.wait_text("#chat-title", XSS)  # the group's subject
        browser.wait_text(f"{_chat(group)} .name", XSS)
        browser.wait_text(f"{_chat(friend)} .unread", str(len(ids)))
        browser.click(f"{_chat(friend)} button")
        for message_id in ids:
            browser.wait_text(_message(message_id), XSS)
        browser.wait_text(f"{_message(ids[2])} .document", XSS)  # the file name, as text
        browser.screenshot("inbox-text-only")

        assert browser.driver.execute_script("return window.__pwned") is None
        with pytest.raises(NoAlertPresentException):
            browser.driver.switch_to.alert  # noqa: B018 (the property raises when none is open)
        # nothing the senders wrote became an element: every image is an attachment's
        scripts = browser.driver.execute_script("return document.querySelectorAll('main script')")
        assert scripts == []
        sources = browser.attribute("main img", "src")
        assert all(s and s.startswith("blob:") for s in sources), sources
        assert browser.csp_violations() == []  # stopped by being text, not by the policy

        # an operator reaches the same inbox from the tenant's session page
        browser.click("#signout")
        sign_in(browser, stack.admin_token())
        browser.open(f"/console#/sessions/{tenant}")
        browser.click("#open-inbox")
        browser.wait_text("main h1", f"Inbox {tenant}")
        browser.wait_text(f"{_chat(group)} .name", XSS)
        assert browser.csp_violations() == []


async def test_inbox_offers_chats_past_the_first_page(
    inbox_stack: Stack, client: httpx.AsyncClient
) -> None:
    stack, c = inbox_stack, client
    tenant, number = await _tenant(stack, c)
    phones = [await stack.new_phone(c) for _ in range(CHAT_PAGE + 1)]
    for n, phone in enumerate(phones):
        await _phone(stack, c, phone, "messages", {"to": number, "text": f"chat {n}"})

    async def all_stored() -> bool:
        r = await stack.call(c, "GET", tenant, "chats", params={"limit": 100})
        return len(r.json()["chats"]) == len(phones)

    await until(all_stored, "every chat stored")
    with chromium(origin(stack)) as browser:
        _open_inbox(browser, tenant, stack.token(tenant))
        assert browser.attribute("#chats li[data-chat-id]", "data-chat-id")[0] == phones[-1]
        assert len(browser.attribute("#chats li[data-chat-id]", "data-chat-id")) == CHAT_PAGE
        browser.click("#more-chats")
        browser.wait_text(_chat(phones[0]), "chat 0")
        assert len(browser.attribute("#chats li[data-chat-id]", "data-chat-id")) == len(phones)
        assert not browser.driver.find_elements("css selector", "#more-chats")


_SLOW_GROUP_READS = """
const fetched = window.fetch;
window.fetch = (url, ...rest) =>
  String(url).includes("/groups/")
    ? new Promise((done) => setTimeout(() => done(fetched(url, ...rest)), 1500))
    : fetched(url, ...rest);
"""


async def test_an_open_group_chat_takes_its_subject_when_it_arrives(
    inbox_stack: Stack, client: httpx.AsyncClient
) -> None:
    """A group chat the store has no name for shows its id until the group's subject is
    read: opened before that read returns, its title still becomes the subject."""
    stack, c = inbox_stack, client
    tenant, number = await _tenant(stack, c)
    friend = await stack.new_phone(c)
    with chromium(origin(stack)) as browser:
        _open_inbox(browser, tenant, stack.token(tenant))
        browser.driver.execute_script(_SLOW_GROUP_READS)
        group = await _phone(
            stack, c, friend, "groups", {"subject": "Team", "participants": [number]}
        )
        await _phone(stack, c, friend, "messages", {"to": group, "text": "hello team"})
        browser.click(f"{_chat(group)} button")
        assert group in browser.text("#chat-title")  # the subject is still being read
        browser.wait_text("#chat-title", "Team")
