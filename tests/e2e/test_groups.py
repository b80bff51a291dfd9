"""Number checks, contacts and groups end to end: the gateway, the connector and the sim
network over real sockets, virtual phones driving every incoming group event.

One connected session per module; each test uses its own phones and groups.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from PIL import Image

from devstack import media_files
from devstack.stack import EventReader, Stack
from devstack.waiting import until
from tests.pictures import jpeg


@dataclass
class Tenant:
    tenant: str
    number: str  # the session's own number


@pytest.fixture(scope="module")
async def connected(stack: Stack) -> AsyncIterator[Tenant]:
    async with httpx.AsyncClient(timeout=20) as c:
        tenant = stack.new_tenant()
        yield Tenant(tenant, await stack.connect_session(c, tenant))


def unused_number(stack: Stack) -> str:
    """A valid number no virtual phone has: not on WhatsApp."""
    return stack.new_number()


async def number_queries(stack: Stack, c: httpx.AsyncClient, phone: str) -> int:
    r = await c.get(f"{stack.sim}/phones/{phone}")
    assert r.status_code == 200, r.text
    queries: int = r.json()["numberQueries"]
    return queries


async def group_update(
    events: EventReader, action: str, group_id: str, by: str | None = None
) -> dict[str, Any]:
    """The next group_update of `action` in `group_id`, done `by` that number if given
    (others are skipped: a group's own creation may still be on its way, say)."""
    while True:
        event = await events.until("group_update")
        data: dict[str, Any] = event["data"]
        done_by = (data.get("by") or {}).get("phone")
        if data["action"] == action and data["groupId"] == group_id and by in (None, done_by):
            return data


async def lid_of(stack: Stack, c: httpx.AsyncClient, phone: str) -> str:
    lid: str = (await c.get(f"{stack.sim}/phones/{phone}")).json()["lid"]
    return lid


# ---- number checks -----------------------------------------------------------------------


async def test_number_check_answers_per_number_and_caches(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    on, off = await stack.new_phone(client), unused_number(stack)
    before = await number_queries(stack, client, connected.number)

    r = await stack.call(
        client, "POST", connected.tenant, "contacts/check", json={"phones": [on, "+" + off]}
    )
    assert r.status_code == 200, r.text
    assert r.json()["numbers"] == [
        {
            "phone": on,
            "onWhatsApp": True,
            "jid": f"{on}@s.whatsapp.net",
            "lid": await lid_of(stack, client, on),
            "cached": False,
        },
        {"phone": off, "onWhatsApp": False, "jid": None, "lid": None, "cached": False},
    ]
    assert "X-RateLimit-Limit" in r.headers
    assert await number_queries(stack, client, connected.number) == before + 1

    # the same numbers again: from the cache, no query to WhatsApp, not counted
    again = await stack.call(
        client, "POST", connected.tenant, "contacts/check", json={"phones": [off, on]}
    )
    assert again.status_code == 200, again.text
    assert [(n["phone"], n["onWhatsApp"], n["cached"]) for n in again.json()["numbers"]] == [
        (off, False, True),
        (on, True, True),
    ]
    assert "X-RateLimit-Limit" not in again.headers
    assert await number_queries(stack, client, connected.number) == before + 1


async def test_number_check_refuses_bad_batches(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    too_many = [stack.new_number() for _ in range(51)]
    for body in ({"phones": too_many}, {"phones": []}, {"phones": ["12"]}, {"phones": "123"}):
        r = await stack.call(client, "POST", connected.tenant, "contacts/check", json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["code"] == "validation_failed"
    fifty = await stack.call(
        client, "POST", connected.tenant, "contacts/check", json={"phones": too_many[:50]}
    )
    assert fifty.status_code == 200, fifty.text
    assert len(fifty.json()["numbers"]) == 50


async def test_number_checks_have_their_own_limit_and_the_cache_stays_open(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    cached = stack.new_number()
    statuses = []
    for i in range(8):  # WAGATE_NUMBER_CHECK_RATE_PER_MINUTE is 6
        phones = [cached] if i == 0 else [stack.new_number()]
        r = await stack.call(client, "POST", tenant, "contacts/check", json={"phones": phones})
        statuses.append(r.status_code)
        if r.status_code == 429:
            assert r.json()["code"] == "number_check_rate_limited"
            assert int(r.headers["Retry-After"]) >= 1
    assert statuses == [200] * 6 + [429] * 2
    assert await number_queries(stack, client, number) == 6
    # a check the cache answers asks nothing, so it is not limited
    r = await stack.call(client, "POST", tenant, "contacts/check", json={"phones": [cached]})
    assert r.status_code == 200 and r.json()["numbers"][0]["cached"] is True
    # sends are limited apart: the number checks did not use them up
    friend = await stack.new_phone(client)
    sent = await stack.call(
        client, "POST", tenant, "messages/text", json={"to": friend, "text": "hi"}
    )
    assert sent.status_code == 200, sent.text


# ---- contacts ----------------------------------------------------------------------------


async def test_contact_profile_picture_and_about(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    friend = await stack.new_phone(client)
    r = await stack.call(client, "GET", connected.tenant, f"contacts/{friend}")
    assert r.status_code == 200, r.text
    assert r.json() == {
        "success": True,
        "companyId": connected.tenant,
        "phone": friend,
        "lid": await lid_of(stack, client, friend),
        "about": None,
        "pictureUrl": None,
        "businessName": None,
    }
    profile = {"about": "Out fishing", "picture": True, "businessName": "Fish & Co"}
    set_profile = await client.put(f"{stack.sim}/phones/{friend}/profile", json=profile)
    assert set_profile.status_code == 200, set_profile.text

    body = (await stack.call(client, "GET", connected.tenant, f"contacts/+{friend}")).json()
    assert (body["about"], body["businessName"]) == ("Out fishing", "Fish & Co")
    picture = await client.get(body["pictureUrl"])
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"
    assert picture.content.startswith(b"\xff\xd8")

    gone = await stack.call(client, "GET", connected.tenant, f"contacts/{unused_number(stack)}")
    assert gone.status_code == 422 and gone.json()["code"] == "not_on_whatsapp"
    bad = await stack.call(client, "GET", connected.tenant, "contacts/12ab")
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "phone"


# ---- groups: the session's own changes ---------------------------------------------------


async def test_create_change_and_read_a_group(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    co = connected.tenant
    p1, p2, p3 = [await stack.new_phone(client) for _ in range(3)]
    lids = {p: await lid_of(stack, client, p) for p in (connected.number, p1, p2, p3)}
    async with stack.events(co) as events:
        r = await stack.call(
            client, "POST", co, "groups", json={"subject": "Team", "participants": [p1, p2]}
        )
        assert r.status_code == 201, r.text
        group = r.json()["group"]
        gid = group["groupId"]
        assert gid.startswith("120363") and gid.endswith("@g.us")
        assert group["subject"] == "Team" and group["size"] == 3
        assert group["owner"] == {"phone": connected.number, "lid": lids[connected.number]}
        assert group["createdAt"].endswith("Z")
        assert [(m["phone"], m["lid"], m["role"]) for m in group["participants"]] == [
            (connected.number, lids[connected.number], "superadmin"),
            (p1, lids[p1], "member"),
            (p2, lids[p2], "member"),
        ]
        added = await group_update(events, "add", gid)
        assert added["by"] == {"phone": connected.number, "lid": lids[connected.number]}
        assert added["participants"] == [{"phone": p, "lid": lids[p]} for p in (p1, p2)]

        r = await stack.call(
            client, "PATCH", co, f"groups/{gid}", json={"subject": "Team 2", "description": "Hi"}
        )
        assert r.status_code == 200, r.text
        assert (r.json()["group"]["subject"], r.json()["group"]["description"]) == ("Team 2", "Hi")
        assert (await group_update(events, "subject", gid))["subject"] == "Team 2"
        assert (await group_update(events, "description", gid))["description"] == "Hi"

        # one outcome per participant, as WhatsApp answers
        nobody = unused_number(stack)
        r = await stack.call(
            client,
            "POST",
            co,
            f"groups/{gid}/participants",
            json={"action": "add", "participants": [p3, nobody, p1]},
        )
        assert r.status_code == 200, r.text
        assert [(p["phone"], p["status"]) for p in r.json()["participants"]] == [
            (p3, "ok"),
            (nobody, "not_on_whatsapp"),
            (p1, "already_member"),
        ]
        assert (await group_update(events, "add", gid))["participants"] == [
            {"phone": p3, "lid": lids[p3]}
        ]
        for action, who, status in (
            ("promote", p1, "ok"),
            ("demote", p1, "ok"),
            ("remove", p2, "ok"),
            ("remove", p2, "not_member"),
            ("demote", connected.number, "forbidden"),
        ):
            r = await stack.call(
                client,
                "POST",
                co,
                f"groups/{gid}/participants",
                json={"action": action, "participants": [who]},
            )
            assert r.status_code == 200, r.text
            assert r.json()["participants"][0]["status"] == status, (action, r.text)
            if status == "ok":
                update = await group_update(events, action, gid)
                assert update["participants"] == [{"phone": who, "lid": lids[who]}]

    found = await stack.call(client, "GET", co, f"groups/{gid}")
    assert found.status_code == 200, found.text
    roles = {m["phone"]: m["role"] for m in found.json()["group"]["participants"]}
    assert roles == {connected.number: "superadmin", p1: "member", p3: "member"}
    # the id's digits alone name the group too
    short = await stack.call(client, "GET", co, f"groups/{gid.removesuffix('@g.us')}")
    assert short.json()["group"]["groupId"] == gid
    listed = await stack.call(client, "GET", co, "groups")
    assert gid in [g["groupId"] for g in listed.json()["groups"]]
    assert listed.json()["total"] == len(listed.json()["groups"])


async def test_a_retried_create_with_its_idempotency_key_makes_one_group(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    co = connected.tenant
    p1 = await stack.new_phone(client)
    body = {"subject": "Orders", "participants": [p1]}
    key = {"Idempotency-Key": "create-orders-1"}
    first = await stack.call(client, "POST", co, "groups", json=body, headers=key)
    again = await stack.call(client, "POST", co, "groups", json=body, headers=key)
    assert (first.status_code, again.status_code) == (201, 201), again.text
    assert again.headers.get("Idempotency-Replayed") == "true"
    assert again.json()["group"]["groupId"] == first.json()["group"]["groupId"]
    groups = (await client.get(f"{stack.sim}/phones/{p1}/groups")).json()["groups"]
    assert [g["subject"] for g in groups] == ["Orders"]  # one group, not two
    other = {"subject": "Other", "participants": [p1]}
    r = await stack.call(client, "POST", co, "groups", json=other, headers=key)
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused", r.text


async def test_invite_links_join_and_leave(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    co = connected.tenant
    p1, p4, p5 = [await stack.new_phone(client) for _ in range(3)]
    r = await stack.call(
        client, "POST", co, "groups", json={"subject": "Club", "participants": [p1]}
    )
    gid = r.json()["group"]["groupId"]
    async with stack.events(co) as events:
        invite = await stack.call(client, "GET", co, f"groups/{gid}/invite")
        assert invite.status_code == 200, invite.text
        code = invite.json()["code"]
        assert invite.json()["link"] == f"https://chat.whatsapp.com/{code}"
        joined = await client.post(f"{stack.sim}/phones/{p4}/groups/join", json={"code": code})
        assert joined.status_code == 200 and joined.json()["group"] == gid
        update = await group_update(events, "add", gid, by=p4)  # not the creation's add
        assert update["by"]["phone"] == p4 and update["participants"][0]["phone"] == p4

        revoked = await stack.call(client, "DELETE", co, f"groups/{gid}/invite")
        assert revoked.status_code == 200 and revoked.json()["code"] != code
        old = await client.post(f"{stack.sim}/phones/{p5}/groups/join", json={"code": code})
        assert old.status_code == 404 and old.json()["code"] == "invite_not_found"

        # someone leaves: the remaining members hear who
        left = await client.post(f"{stack.sim}/phones/{p4}/groups/{gid}/leave", json={})
        assert left.status_code == 200, left.text
        update = await group_update(events, "remove", gid)
        assert update["by"]["phone"] == p4 and update["participants"][0]["phone"] == p4

    # the session joins another's group by its link, then leaves it
    made = await client.post(
        f"{stack.sim}/phones/{p1}/groups", json={"subject": "Other", "participants": []}
    )
    other = made.json()["id"]
    link = (await client.post(f"{stack.sim}/phones/{p1}/groups/{other}/invite", json={})).json()[
        "code"
    ]
    r = await stack.call(
        client, "POST", co, "groups/join", json={"code": f"https://chat.whatsapp.com/{link}"}
    )
    assert r.status_code == 200 and r.json()["groupId"] == other, r.text
    r = await stack.call(client, "POST", co, "groups/join", json={"code": "A" * 22})
    assert r.status_code == 404 and r.json()["code"] == "invite_not_found"
    assert (await stack.call(client, "POST", co, f"groups/{other}/leave")).status_code == 200
    r = await stack.call(client, "GET", co, f"groups/{other}")
    assert r.status_code == 404 and r.json()["code"] == "group_not_found"


# ---- groups: what other members do, and messages -----------------------------------------


async def test_group_events_and_messages_from_other_members(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    co = connected.tenant
    p1, p2 = await stack.new_phone(client), await stack.new_phone(client)
    lid1 = await lid_of(stack, client, p1)
    async with stack.events(co) as events:
        made = await client.post(
            f"{stack.sim}/phones/{p1}/groups",
            json={"subject": "Family", "participants": [connected.number, p2]},
        )
        assert made.status_code == 201, made.text
        gid = made.json()["id"]
        added = await group_update(events, "add", gid)
        assert added["by"] == {"phone": p1, "lid": lid1}
        assert {p["phone"] for p in added["participants"]} == {connected.number, p2}

        changed = await client.patch(
            f"{stack.sim}/phones/{p1}/groups/{gid}", json={"subject": "Fam"}
        )
        assert changed.status_code == 200, changed.text
        update = await group_update(events, "subject", gid)
        assert update["subject"] == "Fam" and update["by"] == {"phone": p1, "lid": lid1}

        # a member's message: the group is its chat, the member its author
        said = await client.post(
            f"{stack.sim}/phones/{p1}/messages", json={"to": gid, "text": "dinner at 8"}
        )
        assert said.status_code == 201, said.text
        message = (await events.until("message"))["data"]
        assert message["messageId"] == said.json()["id"]
        assert (message["chat"], message["from"], message["text"]) == (gid, p1, "dinner at 8")
        assert message["author"] == {"phone": p1, "lid": lid1}

        # read marks and reactions name the group as the chat and the member as the
        # writer: the member's phone sees its message read and reacted to
        r = await stack.call(
            client, "POST", co, f"chats/{gid}/read", json={"messageIds": [message["messageId"]]}
        )
        assert r.status_code == 200, r.text
        r = await stack.call(
            client,
            "POST",
            co,
            "messages/reaction",
            json={"to": gid, "messageId": message["messageId"], "emoji": "👍"},
        )
        assert r.status_code == 200, r.text

        async def seen_by_author() -> dict[str, Any] | None:
            activity = (await client.get(f"{stack.sim}/phones/{p1}/activity")).json()
            reacted = activity["messages"].get(message["messageId"], {}).get("reactions")
            return activity if message["messageId"] in activity["read"] and reacted else None

        activity = await until(seen_by_author, "the member's message read and reacted to")
        reactions = activity["messages"][message["messageId"]]["reactions"]
        assert list(reactions.values()) == ["👍"], reactions

        # the session's answer goes to every other member, quoting the message
        r = await stack.call(
            client,
            "POST",
            co,
            "messages/text",
            json={"to": gid, "text": "see you", "quotedMessageId": message["messageId"]},
        )
        assert r.status_code == 200, r.text
        for member in (p1, p2):
            inbox = (await client.get(f"{stack.sim}/phones/{member}/messages")).json()["messages"]
            mine = [m for m in inbox if m["id"] == r.json()["messageId"]]
            assert len(mine) == 1 and mine[0]["chat"] == gid and mine[0]["from"] == connected.number

        # any kind reaches the group: an image (its bytes, which each member downloads
        # and checks) and a location
        png = media_files.png(2000)
        r = await stack.call(
            client,
            "POST",
            co,
            "messages/image",
            json={"to": gid, "data": base64.b64encode(png).decode(), "caption": "menu"},
        )
        assert r.status_code == 200, r.text
        image_id = r.json()["messageId"]
        r = await stack.call(
            client,
            "POST",
            co,
            "messages/location",
            json={"to": gid, "latitude": 52.52, "longitude": 13.405, "name": "Restaurant"},
        )
        assert r.status_code == 200, r.text
        location_id = r.json()["messageId"]
        for member in (p1, p2):

            async def received(member: str = member) -> dict[str, dict[str, Any]] | None:
                r = await client.get(f"{stack.sim}/phones/{member}/messages")
                got = {m["id"]: m for m in r.json()["messages"]}
                image = got.get(image_id, {}).get("media", {})
                return got if image.get("status") == "ok" and location_id in got else None

            got = await until(received, f"the image and location at {member}")
            image, location = got[image_id], got[location_id]
            assert image["chat"] == gid and image["media"]["kind"] == "image"
            assert image["media"]["sha256"] == hashlib.sha256(png).hexdigest()
            assert (location["chat"], location["kind"]) == (gid, "location")

    # not an admin there: participant changes and invite links are refused
    r = await stack.call(
        client,
        "POST",
        co,
        f"groups/{gid}/participants",
        json={"action": "remove", "participants": [p2]},
    )
    assert r.status_code == 403 and r.json()["code"] == "not_group_admin"
    r = await stack.call(client, "GET", co, f"groups/{gid}/invite")
    assert r.status_code == 403 and r.json()["code"] == "not_group_admin"


# ---- refusals ------------------------------------------------------------------------------


async def test_groups_the_session_is_not_in_and_bad_input(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    co = connected.tenant
    stranger = await stack.new_phone(client)
    made = await client.post(
        f"{stack.sim}/phones/{stranger}/groups", json={"subject": "Private", "participants": []}
    )
    theirs = made.json()["id"]
    for gid in (theirs, "120363000000000000@g.us"):
        for method, path, body in (
            ("GET", f"groups/{gid}", None),
            ("PATCH", f"groups/{gid}", {"subject": "x"}),
            ("POST", f"groups/{gid}/participants", {"action": "add", "participants": [stranger]}),
            ("POST", f"groups/{gid}/leave", None),
            ("GET", f"groups/{gid}/invite", None),
            ("DELETE", f"groups/{gid}/invite", None),
        ):
            r = await stack.call(client, method, co, path, json=body)
            assert r.status_code == 404, (method, path, r.text)
            assert r.json()["code"] == "group_not_found"
    r = await stack.call(client, "POST", co, "messages/text", json={"to": theirs, "text": "hi"})
    assert r.status_code == 404 and r.json()["code"] == "group_not_found"

    for method, path, body in (
        ("GET", "groups/not-a-group", None),
        ("POST", "groups", {"subject": "", "participants": [stranger]}),
        ("POST", "groups", {"subject": "x" * 101, "participants": [stranger]}),
        ("POST", "groups", {"subject": "ok", "participants": ["12"]}),
        ("POST", "groups", {"subject": "ok", "participants": []}),
        ("PATCH", f"groups/{theirs}", {}),
        ("PATCH", f"groups/{theirs}", {"subject": None}),
        ("POST", f"groups/{theirs}/participants", {"action": "kick", "participants": [stranger]}),
        ("POST", f"groups/{theirs}/participants", {"action": "add", "participants": []}),
        ("POST", "groups/join", {"code": "https://evil.example/abcdefghijkl"}),
    ):
        r = await stack.call(client, method, co, path, json=body)
        assert r.status_code == 422, (method, path, body, r.text)
        assert r.json()["code"] == "validation_failed"


async def test_every_route_is_scoped_to_the_tenant(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    intruder = stack.new_tenant()
    gid = "120363000000000001@g.us"
    routes: list[tuple[str, str, dict[str, Any] | None]] = [
        ("POST", "contacts/check", {"phones": [connected.number]}),
        ("GET", f"contacts/{connected.number}", None),
        ("GET", "groups", None),
        ("POST", "groups", {"subject": "x", "participants": [connected.number]}),
        ("POST", "groups/join", {"code": "A" * 22}),
        ("GET", f"groups/{gid}", None),
        ("PATCH", f"groups/{gid}", {"subject": "x"}),
        (
            "POST",
            f"groups/{gid}/participants",
            {"action": "add", "participants": [connected.number]},
        ),
        ("POST", f"groups/{gid}/leave", None),
        ("GET", f"groups/{gid}/invite", None),
        ("DELETE", f"groups/{gid}/invite", None),
    ]
    for method, path, body in routes:
        r = await client.request(
            method,
            f"{stack.api}/sessions/{connected.tenant}/{path}",
            headers=stack.auth(intruder),
            json=body,
        )
        assert r.status_code == 404, (method, path, r.text)
        assert r.json()["code"] == "session_not_found"

    # webhooks can be told to carry group updates only
    hook = await client.post(
        f"{stack.api}/webhooks",
        headers=stack.auth(connected.tenant),
        json={"url": "http://127.0.0.1:9/hook", "eventTypes": ["group_update"]},
    )
    assert hook.status_code == 201, hook.text
    assert hook.json()["endpoint"]["eventTypes"] == ["group_update"]

    # reads need `read`, changes `send`
    reader = await stack.api_key(client, connected.tenant, "read")
    r = await client.get(
        f"{stack.api}/sessions/{connected.tenant}/groups", headers={"X-API-Key": reader}
    )
    assert r.status_code == 200, r.text
    r = await client.post(
        f"{stack.api}/sessions/{connected.tenant}/groups",
        headers={"X-API-Key": reader},
        json={"subject": "x", "participants": [connected.number]},
    )
    assert r.status_code == 403 and r.json()["code"] == "insufficient_scope"
    sender = await stack.api_key(client, connected.tenant, "send")
    r = await client.post(
        f"{stack.api}/sessions/{connected.tenant}/contacts/check",
        headers={"X-API-Key": sender},
        json={"phones": [connected.number]},
    )
    assert r.status_code == 403 and r.json()["code"] == "insufficient_scope"


# ---- group administration: settings, join requests, picture ------------------------------


async def _own_group(stack: Stack, client: httpx.AsyncClient, co: str, *members: str) -> str:
    body = {"subject": "Admin", "participants": list(members)}
    r = await stack.call(client, "POST", co, "groups", json=body)
    assert r.status_code == 201, r.text
    gid: str = r.json()["group"]["groupId"]
    return gid


async def test_settings_change_the_group_and_members_hear_each(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    co = connected.tenant
    p1 = await stack.new_phone(client)
    gid = await _own_group(stack, client, co, p1)
    change = {"announce": True, "locked": True, "disappearingTimer": "7d"}
    async with stack.events(co) as events:
        r = await stack.call(client, "PATCH", co, f"groups/{gid}/settings", json=change)
        assert r.status_code == 200, r.text
        seen = [(await group_update(events, "settings", gid))["settings"] for _ in change]
    assert seen == [{"announce": True}, {"locked": True}, {"disappearingTimer": "7d"}]
    assert r.json()["group"]["settings"] == {
        **change,
        "memberAddMode": "admin_add",
        "joinApproval": False,
    }
    # the member's phone sees it too: an announcement group, where members write nothing
    info = (await client.get(f"{stack.sim}/phones/{p1}/groups/{gid}")).json()
    assert info["settings"]["ephemeral"] == 7 * 86400
    said = await client.post(f"{stack.sim}/phones/{p1}/messages", json={"to": gid, "text": "x"})
    assert said.status_code == 403 and said.json()["code"] == "not_group_admin", said.text
    r = await stack.call(client, "GET", co, f"groups/{gid}")
    assert r.json()["group"]["settings"]["disappearingTimer"] == "7d"

    # another's group the session is in but not an admin of; one it is not in
    made = await client.post(
        f"{stack.sim}/phones/{p1}/groups", json={"subject": "P1's", "participants": []}
    )
    theirs = made.json()["id"]
    code = (await client.post(f"{stack.sim}/phones/{p1}/groups/{theirs}/invite", json={})).json()
    joined = await stack.call(client, "POST", co, "groups/join", json={"code": code["code"]})
    assert joined.status_code == 200, joined.text
    for group, status, error in ((theirs, 403, "not_group_admin"), (_NO_GROUP, 404, _GONE)):
        for method, path, body in (
            ("PATCH", f"groups/{group}/settings", {"locked": True}),
            ("GET", f"groups/{group}/requests", None),
            ("POST", f"groups/{group}/requests", {"action": "approve", "participants": [p1]}),
        ):
            r = await stack.call(client, method, co, path, json=body)
            assert (r.status_code, r.json()["code"]) == (status, error), (group, path, r.text)


_NO_GROUP, _GONE = "120363000000000009@g.us", "group_not_found"


async def test_join_requests_are_listed_approved_and_rejected(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    co = connected.tenant
    p1, p2, p3 = [await stack.new_phone(client) for _ in range(3)]
    gid = await _own_group(stack, client, co, p1)
    r = await stack.call(client, "PATCH", co, f"groups/{gid}/settings", json={"joinApproval": True})
    assert r.status_code == 200 and r.json()["group"]["settings"]["joinApproval"], r.text
    code = (await stack.call(client, "GET", co, f"groups/{gid}/invite")).json()["code"]
    async with stack.events(co) as events:
        for phone in (p2, p3):
            asked = await client.post(
                f"{stack.sim}/phones/{phone}/groups/join", json={"code": code}
            )
            assert asked.json() == {"success": True, "group": gid, "pending": True}, asked.text
            update = await group_update(events, "join_request", gid, by=phone)
            assert update["participants"][0]["phone"] == phone
        r = await stack.call(client, "GET", co, f"groups/{gid}/requests")
        assert r.status_code == 200, r.text
        assert [q["phone"] for q in r.json()["requests"]] == [p2, p3]
        assert all(q["requestedAt"].endswith("Z") for q in r.json()["requests"])

        body = {"action": "approve", "participants": [p2, p1]}
        r = await stack.call(client, "POST", co, f"groups/{gid}/requests", json=body)
        assert r.status_code == 200, r.text
        assert [(q["phone"], q["status"]) for q in r.json()["participants"]] == [
            (p2, "ok"),
            (p1, "not_requested"),
        ]
        added = await group_update(events, "add", gid, by=connected.number)
        assert [m["phone"] for m in added["participants"]] == [p2]
    body = {"action": "reject", "participants": [p3]}
    r = await stack.call(client, "POST", co, f"groups/{gid}/requests", json=body)
    assert r.json()["participants"][0]["status"] == "ok", r.text
    assert (await stack.call(client, "GET", co, f"groups/{gid}/requests")).json()["total"] == 0
    members = (await stack.call(client, "GET", co, f"groups/{gid}")).json()["group"]
    assert [m["phone"] for m in members["participants"]] == [connected.number, p1, p2]
    r = await stack.call(client, "POST", co, f"groups/{gid}/requests", json={"action": "x"})
    assert r.status_code == 422 and r.json()["code"] == "validation_failed"


async def test_a_group_picture_is_set_as_a_jpeg_and_removed(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    co = connected.tenant
    p1 = await stack.new_phone(client)
    gid = await _own_group(stack, client, co, p1)
    async with stack.events(co) as events:
        # a PNG larger than WhatsApp takes: cropped and scaled to a 640x640 JPEG
        r = await stack.call(
            client, "PUT", co, f"groups/{gid}/picture", files={"file": ("p", _png(900, 700))}
        )
        assert r.status_code == 200, r.text
        picture_id = r.json()["pictureId"]
        assert (
            picture_id and (await group_update(events, "picture", gid))["pictureId"] == picture_id
        )
        assert (await stack.call(client, "GET", co, f"groups/{gid}")).json()["group"][
            "pictureId"
        ] == picture_id
        r = await stack.call(client, "DELETE", co, f"groups/{gid}/picture")
        assert r.status_code == 200 and r.json()["pictureId"] is None, r.text
        assert (await group_update(events, "picture", gid))["pictureId"] == ""
    for bad in (b"", b"not an image at all", media_files.png()[:40]):
        r = await stack.call(client, "PUT", co, f"groups/{gid}/picture", files={"file": ("p", bad)})
        assert r.status_code == 422 and r.json()["code"] == "invalid_image", r.text
    r = await stack.call(
        client, "PUT", co, f"groups/{_NO_GROUP}/picture", files={"file": ("p", _png(50, 50))}
    )
    assert r.status_code == 404 and r.json()["code"] == _GONE


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


# ---- the account's profile, a business's ---------------------------------------------------


async def test_profile_changes_reach_the_network_and_a_business_is_read(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    body = {"pushName": "Bakery Kim", "about": "fresh at 7"}
    r = await stack.call(client, "PUT", connected.tenant, "profile", json=body)
    assert r.status_code == 200, r.text
    picture = jpeg(640, 480)
    r = await stack.call(
        client,
        "PUT",
        connected.tenant,
        "profile/picture",
        files={"file": ("me.jpg", picture, "image/jpeg")},
    )
    assert r.status_code == 200 and r.json()["width"] == 640, r.text
    phone = (await client.get(f"{stack.sim}/phones/{connected.number}")).json()
    assert (phone["pushName"], phone["about"]) == ("Bakery Kim", "fresh at 7"), phone
    served = await client.get(phone["pictureUrl"])  # what contacts now see
    assert served.status_code == 200 and served.content == picture

    r = await stack.call(client, "DELETE", connected.tenant, "profile/picture")
    assert r.status_code == 200, r.text
    phone = (await client.get(f"{stack.sim}/phones/{connected.number}")).json()
    assert phone["pictureUrl"] == "", phone

    shop, plain = await stack.new_phone(client), await stack.new_phone(client)
    business = {"address": "Main St 1", "email": "kim@example.com", "categories": ["Bakery"],
                "hoursTimeZone": "Europe/Berlin",
                "hours": [{"dayOfWeek": "sun", "mode": "appointment_only"}]}  # fmt: skip
    r = await client.put(f"{stack.sim}/phones/{shop}/business", json=business)
    assert r.status_code == 200, r.text
    r = await stack.call(client, "GET", connected.tenant, f"contacts/{shop}/business")
    assert r.status_code == 200, r.text
    got = r.json()["business"]
    assert (got["phone"], got["address"], got["categories"]) == (shop, "Main St 1", ["Bakery"])
    assert got["hours"] == [
        {"dayOfWeek": "sun", "mode": "appointment_only", "openTime": None, "closeTime": None}
    ]
    r = await stack.call(client, "GET", connected.tenant, f"contacts/{plain}/business")
    assert r.status_code == 404 and r.json()["code"] == "not_a_business", r.text


# ---- channels (newsletters) ----------------------------------------------------------------


async def test_channels_are_followed_read_and_posted_to_by_their_admins(
    stack: Stack, client: httpx.AsyncClient, connected: Tenant
) -> None:
    tenant, owner = connected.tenant, await stack.new_phone(client)
    r = await client.post(f"{stack.sim}/phones/{owner}/channels", json={"name": "Bakery news"})
    assert r.status_code == 201, r.text
    channel = r.json()["id"]
    r = await client.post(
        f"{stack.sim}/phones/{owner}/messages", json={"to": channel, "text": "Open!"}
    )
    assert r.status_code == 201, r.text

    r = await stack.call(client, "GET", tenant, f"channels/{channel}")
    assert (r.status_code, r.json()["channel"]["role"]) == (200, "guest"), r.text
    r = await stack.call(client, "POST", tenant, f"channels/{channel}/follow")
    assert r.status_code == 200 and r.json()["following"] is True, r.text
    r = await stack.call(client, "GET", tenant, "channels")
    assert [(c["channelId"], c["role"]) for c in r.json()["channels"]] == [(channel, "subscriber")]
    r = await stack.call(client, "GET", tenant, f"channels/{channel}/posts")
    assert [p["text"] for p in r.json()["posts"]] == ["Open!"], r.text

    post = {"to": channel, "text": "ours"}
    r = await stack.call(client, "POST", tenant, "messages/text", json=post)
    assert r.status_code == 403 and r.json()["code"] == "not_channel_admin", r.text
    r = await client.post(
        f"{stack.sim}/phones/{owner}/channels/{channel}/admins", json={"phone": connected.number}
    )
    assert r.status_code == 200, r.text
    r = await stack.call(client, "POST", tenant, "messages/text", json=post)
    assert r.status_code == 200, r.text
    photo = {"file": ("bread.jpg", jpeg(640, 480), "image/jpeg")}
    r = await stack.call(client, "POST", tenant, "messages/image", files=photo,
                         data={"to": channel, "caption": "bread"})  # fmt: skip
    assert r.status_code == 200, r.text
    r = await stack.call(client, "GET", tenant, f"channels/{channel}/posts")
    got = [(p["type"], p["text"]) for p in r.json()["posts"]]
    assert got == [("image", "bread"), ("text", "ours"), ("text", "Open!")], r.text

    r = await stack.call(client, "DELETE", tenant, f"channels/{channel}/follow")
    assert r.status_code == 200 and r.json()["following"] is False, r.text
    r = await stack.call(client, "GET", tenant, "channels/120363999999999999@newsletter")
    assert r.status_code == 404 and r.json()["code"] == "channel_not_found", r.text
