"""The console's group page in a real browser (Chromium, Selenium) against the shared
deployment: settings saved from the form reach WhatsApp (the sim network), a request to
join shows and is approved with one click, and a picture is set from a file, while one
that is not an image is refused with the API's message."""

from __future__ import annotations

from pathlib import Path

import httpx

from devstack import media_files
from devstack.stack import Stack
from devstack.waiting import until
from tests.browser import chromium
from tests.gateway.test_console_browser import origin, sign_in


async def test_a_group_is_administered_from_its_page(
    stack: Stack, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    tenant = stack.new_tenant()
    await stack.connect_session(client, tenant)
    member, asker = await stack.new_phone(client), await stack.new_phone(client)
    body = {"subject": "Console club", "participants": [member]}
    gid = (await stack.call(client, "POST", tenant, "groups", json=body)).json()["group"]["groupId"]
    with chromium(origin(stack)) as browser:
        sign_in(browser, stack.token(tenant))
        browser.click('#nav a[href="#/groups"]')
        browser.click(f'#groups [data-group-id="{gid}"] a')
        browser.wait_text("main h1", "Console club")

        browser.click("#group-settings [name=joinApproval]")
        browser.find("#group-settings [name=disappearingTimer] option[value='7d']").click()
        browser.find("#group-settings button[type=submit]").click()
        browser.wait_text("#group-settings .out", "Saved.")
        seen = (await client.get(f"{stack.sim}/phones/{member}/groups/{gid}")).json()
        assert seen["settings"]["join_approval"] and seen["settings"]["ephemeral"] == 604800

        code = (await stack.call(client, "GET", tenant, f"groups/{gid}/invite")).json()["code"]
        asked = await client.post(f"{stack.sim}/phones/{asker}/groups/join", json={"code": code})
        assert asked.json()["pending"], asked.text
        browser.driver.refresh()
        browser.click(f'#join-requests [data-phone="{asker}"] .approve')
        browser.wait_text("#join-requests", "No one is waiting.")

        async def asker_joined() -> bool:
            info = await stack.call(client, "GET", tenant, f"groups/{gid}")
            return asker in [p["phone"] for p in info.json()["group"]["participants"]]

        await until(asker_joined, "the approved asker in the group")

        not_image = tmp_path / "notes.png"
        not_image.write_bytes(b"these are notes, not a picture")
        browser.find("#group-picture input[type=file]").send_keys(str(not_image))
        browser.find("#group-picture button[type=submit]").click()
        browser.wait_text("#group-picture .out", "not a JPEG, PNG or WebP image")
        picture = tmp_path / "logo.png"
        picture.write_bytes(media_files.png(20_000))
        browser.find("#group-picture input[type=file]").send_keys(str(picture))
        browser.find("#group-picture button[type=submit]").click()
        browser.wait_text("#group-picture .out", "Picture set.")
        picture_id = browser.text("#picture-id")
        seen = (await client.get(f"{stack.sim}/phones/{member}/groups/{gid}")).json()
        assert seen["picture_id"] == picture_id != "none"
        assert browser.csp_violations() == []
