"""The console's profile & channels page in a real browser (Chromium, Selenium) against a real
deployment: the profile form and picture reach the sim network's phone, a status reaches
a contact, and the channels section follows a channel, reads its posts and posts to it;
a channel's name never runs as markup."""

from __future__ import annotations

from pathlib import Path

import httpx

from devstack.stack import Stack
from devstack.waiting import until
from tests.browser import chromium
from tests.gateway.test_console_browser import origin, sign_in
from tests.pictures import jpeg

XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


async def test_profile_status_and_channels_from_the_profile_page(
    stack: Stack, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    """On the suite's shared deployment: nothing here needs settings of its own."""
    c = client
    tenant = stack.new_tenant()
    number = await stack.connect_session(c, tenant)
    friend, owner = await stack.new_phone(c), await stack.new_phone(c)
    r = await c.put(f"{stack.sim}/phones/{number}/address-book/{friend}", json={"name": "Ann"})
    assert r.status_code == 200, r.text
    made = await c.post(f"{stack.sim}/phones/{owner}/channels", json={"name": XSS})
    channel = made.json()["id"]
    await c.post(f"{stack.sim}/phones/{owner}/messages", json={"to": channel, "text": "first post"})
    await c.post(f"{stack.sim}/phones/{owner}/channels/{channel}/admins", json={"phone": number})
    picture = tmp_path / "me.jpg"
    picture.write_bytes(jpeg(640, 480))

    async def phone() -> dict[str, str]:
        found: dict[str, str] = (await c.get(f"{stack.sim}/phones/{number}")).json()
        return found

    with chromium(origin(stack)) as browser:
        sign_in(browser, stack.token(tenant))
        browser.click('#nav a[href="#/profile"]')
        browser.wait_text("main h1", "Profile & channels")

        browser.submit("#profile", pushName="Bakery Kim", about="fresh at 7")
        browser.wait_text("#profile .out", "Profile saved.")
        assert (await phone())["pushName"] == "Bakery Kim"
        browser.find("#picture [name=file]").send_keys(str(picture))
        browser.click("#picture button[type=submit]")
        browser.wait_text("#picture .out", "Picture set (640×480).")
        served = await c.get((await phone())["pictureUrl"])
        assert served.content == picture.read_bytes()

        browser.submit("#status", text="Open today")

        async def status_arrived() -> bool:
            inbox = (await c.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
            return any(m.get("chat") == "status@broadcast" for m in inbox)

        await until(status_arrived, "the status at the contact")

        browser.submit("#channel-follow", channelId=channel)
        browser.wait_text("#channels-note", f"Following {channel}.")  # the list drawn again
        row = f'#channels tr[data-channel-id="{channel}"]'
        browser.wait_text(row, "admin")
        browser.click(f"{row} button.link")
        browser.wait_text("#channel .posts", "first post")
        assert XSS in browser.text("#channel h3")  # shown as text, never run
        browser.submit("#channel-post", text="from the console")
        browser.wait_text("#channel-post .out", "Posted.")
        posts = await stack.call(c, "GET", tenant, f"channels/{channel}/posts")
        assert [p["text"] for p in posts.json()["posts"]] == ["from the console", "first post"]
        assert browser.driver.execute_script("return window.__pwned") is None
        assert browser.csp_violations() == []
