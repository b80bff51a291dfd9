"""Messaging end to end on the sim network: every outgoing kind and chat action (what the
virtual phone received), every incoming event kind (what the tenant's stream carries) and
the refusals the connector makes (unknown message, not one's own, the edit window). Bad
bodies and the tenant scoping of every route run in process
(tests/gateway/test_inproc_messaging.py)."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime

import asyncpg
import httpx

from devstack import media_files
from devstack.stack import EventReader, Stack
from tests.pictures import jpeg


async def _send(
    stack: Stack, c: httpx.AsyncClient, tenant: str, kind: str, body: dict[str, object], **kw: str
) -> httpx.Response:
    return await stack.call(c, "POST", tenant, f"messages/{kind}", json=body, headers=kw)


async def _inbox(stack: Stack, c: httpx.AsyncClient, phone: str) -> dict[str, dict[str, object]]:
    messages = (await c.get(f"{stack.sim}/phones/{phone}/messages")).json()["messages"]
    return {m["id"]: m for m in messages}


async def _upload_image(
    stack: Stack, c: httpx.AsyncClient, tenant: str, **fields: str
) -> dict[str, object]:
    """A PNG sent as a multipart upload with these text fields; its answer."""
    png = ("a.png", media_files.png(2000), "image/png")
    r = await stack.call(c, "POST", tenant, "messages/image", data=fields, files={"file": png})
    assert r.status_code == 200, r.text
    sent: dict[str, object] = r.json()
    return sent


async def _activity(stack: Stack, c: httpx.AsyncClient, phone: str) -> dict[str, object]:
    r = await c.get(f"{stack.sim}/phones/{phone}/activity")
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


async def _incoming_text(
    stack: Stack, c: httpx.AsyncClient, events: EventReader, friend: str, number: str
) -> str:
    r = await c.post(f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "hi"})
    assert r.status_code == 201, r.text
    message = await events.until("message")
    assert message["data"]["messageId"] == r.json()["id"]
    return str(r.json()["id"])


async def test_outgoing_kinds_and_chat_actions(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)
        received = await _incoming_text(stack, client, events, friend, number)

        # location, contact cards, a poll: the phone receives each with its content
        r = await _send(
            stack, client, tenant, "location",
            {"to": friend, "latitude": 55.75, "longitude": 37, "name": "Office"},
        )  # fmt: skip
        assert r.status_code == 200, r.text
        location_id = r.json()["messageId"]
        r = await _send(
            stack, client, tenant, "contacts",
            {"to": "+" + friend, "contacts": [
                {"name": "Ann; Lee", "phones": ["+79161234567"], "organization": "Acme"},
                {"name": "Bo", "phones": ["79161234568", "79161234569"]},
            ]},
        )  # fmt: skip
        assert r.status_code == 200, r.text
        contacts_id = r.json()["messageId"]
        poll = {"to": friend, "question": "Lunch?", "options": ["Pizza", "Sushi", "Soup"]}
        r = await _send(stack, client, tenant, "poll", {**poll, "selectableCount": 2})
        assert r.status_code == 200, r.text
        poll_id = r.json()["messageId"]
        r = await _send(stack, client, tenant, "text", {"to": friend, "text": "typo"})
        text_id = r.json()["messageId"]

        inbox = await _inbox(stack, client, friend)
        assert inbox[location_id]["kind"] == "location"
        assert inbox[location_id]["content"] == {
            "latitude": 55.75, "longitude": 37.0, "name": "Office",
        }  # fmt: skip
        cards = inbox[contacts_id]["content"]["contacts"]  # type: ignore[index]
        assert [card["name"] for card in cards] == ["Ann; Lee", "Bo"]
        assert "FN:Ann\\; Lee" in cards[0]["vcard"] and "ORG:Acme" in cards[0]["vcard"]
        assert "TEL;type=CELL;type=VOICE;waid=79161234567:+79161234567" in cards[0]["vcard"]
        assert cards[1]["vcard"].count("TEL;") == 2
        sent_poll = inbox[poll_id]["content"]
        assert sent_poll["question"] == "Lunch?" and sent_poll["selectable"] == 2  # type: ignore[index]
        assert len(base64_bytes(sent_poll["secret"])) == 32  # type: ignore[index]

        # a reaction on a message received and on one sent; "" removes it
        r = await _send(
            stack, client, tenant, "reaction",
            {"to": friend, "messageId": received, "emoji": "👍"}, **{"Idempotency-Key": "r1"},
        )  # fmt: skip
        assert r.status_code == 200, r.text
        again = await _send(
            stack, client, tenant, "reaction",
            {"to": friend, "messageId": received, "emoji": "👍"}, **{"Idempotency-Key": "r1"},
        )  # fmt: skip
        assert again.json() == r.json() and again.headers["Idempotency-Replayed"] == "true"
        assert (await _send(
            stack, client, tenant, "reaction", {"to": friend, "messageId": text_id, "emoji": "🔥"}
        )).status_code == 200  # fmt: skip
        applied = (await _activity(stack, client, friend))["messages"]
        assert applied[received] == {"reactions": {number: "👍"}}  # type: ignore[index]
        assert (await _inbox(stack, client, friend))[text_id]["reactions"] == {number: "🔥"}
        await _send(
            stack, client, tenant, "reaction", {"to": friend, "messageId": text_id, "emoji": ""}
        )
        assert "reactions" not in (await _inbox(stack, client, friend))[text_id]

        # edit and revoke a sent message; the phone applies both
        chat = f"chats/{friend}/messages/{text_id}"
        r = await stack.call(client, "PUT", tenant, chat, json={"text": "fixed"})
        assert r.status_code == 200, r.text
        assert r.json()["messageId"] != text_id and r.json()["to"] == friend
        assert (await _inbox(stack, client, friend))[text_id]["editedText"] == "fixed"
        r = await stack.call(client, "DELETE", tenant, f"chats/{friend}/messages/{location_id}")
        assert r.status_code == 200, r.text
        assert (await _inbox(stack, client, friend))[location_id]["revoked"] is True

        # refusals: unknown message, someone else's message, the edit window
        r = await _send(
            stack,
            client,
            tenant,
            "reaction",
            {"to": friend, "messageId": "3EB0NOPE", "emoji": "x"},
        )
        assert (r.status_code, r.json()["code"]) == (404, "message_not_found")
        other = await stack.new_phone(client)  # a message of this chat is not of that one
        r = await stack.call(
            client, "PUT", tenant, f"chats/{other}/messages/{text_id}", json={"text": "x"}
        )
        assert (r.status_code, r.json()["code"]) == (404, "message_not_found")
        r = await stack.call(
            client, "PUT", tenant, f"chats/{friend}/messages/{received}", json={"text": "x"}
        )
        assert (r.status_code, r.json()["code"]) == (422, "not_own_message")
        r = await stack.call(client, "DELETE", tenant, f"chats/{friend}/messages/{received}")
        assert (r.status_code, r.json()["code"]) == (422, "not_own_message")
        await _age(stack, poll_id, minutes=21)
        r = await stack.call(
            client, "PUT", tenant, f"chats/{friend}/messages/{poll_id}", json={"text": "x"}
        )
        assert (r.status_code, r.json()["code"]) == (422, "edit_window_closed")

        # read marks: by id, then everything up to a message; the phone sees them read
        second = await _incoming_text(stack, client, events, friend, number)
        third = await _incoming_text(stack, client, events, friend, number)
        r = await stack.call(
            client, "POST", tenant, f"chats/{friend}/read", json={"messageIds": [second, second]}
        )
        assert r.status_code == 200, r.text
        assert r.json() == {
            "success": True, "companyId": tenant, "chatId": friend, "messageIds": [second],
        }  # fmt: skip
        r = await stack.call(client, "POST", tenant, f"chats/{friend}/read", json={"upTo": third})
        assert r.json()["messageIds"] == [received, third]  # `second` was read already
        read = (await _activity(stack, client, friend))["read"]
        assert set(read) == {received, second, third}  # type: ignore[arg-type]
        r = await stack.call(client, "POST", tenant, f"chats/{friend}/read", json={"upTo": text_id})
        assert (r.status_code, r.json()["code"]) == (404, "message_not_found")  # one of ours

        # presence: typing in the chat, then the session's own availability
        r = await stack.call(
            client, "POST", tenant, f"chats/{friend}/presence", json={"state": "typing"}
        )
        assert r.status_code == 200, r.text
        r = await stack.call(client, "POST", tenant, "presence", json={"available": False})
        assert r.status_code == 200, r.text
        activity = await _activity(stack, client, friend)
        assert [(p["from"], p["state"]) for p in activity["presence"]] == [(number, "typing")]  # type: ignore[union-attr]
        assert (await _activity(stack, client, number))["ownPresence"] == "unavailable"


async def test_a_business_is_marked_available_on_connect_unless_its_tenant_says_not(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    shown, hidden = stack.new_tenant(), stack.new_tenant()
    for body in ({"companyId": shown}, {"companyId": hidden, "markOnline": False}):
        r = await client.post(f"{stack.api}/tenants", headers=stack.admin(), json=body)
        assert r.status_code == 201, r.text
        assert r.json()["tenant"]["markOnline"] is (body["companyId"] == shown)
    online = await stack.connect_session(client, shown)
    offline = await stack.connect_session(client, hidden)
    assert (await _activity(stack, client, online))["ownPresence"] == "available"
    assert (await _activity(stack, client, offline))["ownPresence"] is None
    r = await client.patch(
        f"{stack.api}/tenants/{hidden}", headers=stack.admin(), json={"markOnline": True}
    )
    assert r.status_code == 200 and r.json()["tenant"]["markOnline"] is True, r.text
    r = await client.patch(
        f"{stack.api}/tenants/{hidden}", headers=stack.admin(), json={"markOnline": None}
    )
    assert r.status_code == 422, r.text


async def test_incoming_events(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant, quiet = stack.new_tenant(), stack.new_tenant()
    for who, wanted in ((tenant, True), (quiet, False)):
        r = await client.post(
            f"{stack.api}/tenants",
            headers=stack.admin(),
            json={"companyId": who, "presenceEvents": wanted},
        )
        assert r.status_code == 201 and r.json()["tenant"]["presenceEvents"] is wanted, r.text
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        r = await client.post(
            f"{stack.sim}/phones", json={"phone": stack.new_number(), "lidAddressed": True}
        )
        friend = r.json()["phone"]
        lid = (await client.get(f"{stack.sim}/phones/{friend}")).json()["lid"]
        phone_api = f"{stack.sim}/phones/{friend}"

        # location, contacts and a poll from the phone: message events with their content
        r = await client.post(
            f"{phone_api}/messages/location",
            json={"to": number, "latitude": -33.9, "longitude": 18.4, "address": "Cape Town"},
        )
        assert r.status_code == 201, r.text
        event = await events.until("message")
        assert event["data"]["type"] == "location" and event["data"]["fromLid"] == lid
        assert event["data"]["location"] == {
            "latitude": -33.9,
            "longitude": 18.4,
            "address": "Cape Town",
        }
        assert event["data"]["from"] == friend
        await client.post(
            f"{phone_api}/messages/contacts",
            json={
                "to": number,
                "contacts": [{"name": "Cy", "vcard": "BEGIN:VCARD\nFN:Cy\nEND:VCARD"}],
            },
        )
        event = await events.until("message")
        assert event["data"]["type"] == "contacts"
        assert event["data"]["contacts"] == [
            {"name": "Cy", "vcard": "BEGIN:VCARD\nFN:Cy\nEND:VCARD"}
        ]
        await client.post(
            f"{phone_api}/messages/poll",
            json={"to": number, "question": "Q?", "options": ["a", "b"]},
        )
        event = await events.until("message")
        assert event["data"]["poll"] == {
            "question": "Q?",
            "options": ["a", "b"],
            "selectableCount": 1,
        }

        # the phone reacts to a message of ours, edits and revokes one of its own
        sent = await _send(stack, client, tenant, "text", {"to": friend, "text": "hello"})
        ours = sent.json()["messageId"]
        r = await client.post(
            f"{phone_api}/reactions", json={"to": number, "messageId": ours, "emoji": "❤️"}
        )
        assert r.status_code == 201, r.text
        reaction_id = r.json()["id"]
        event = await events.until("reaction")
        assert event["data"] == {
            "messageId": ours, "emoji": "❤️", "removed": False, "from": friend, "fromLid": lid,
                "chat": friend,
            "timestamp": r.json()["timestamp"],
        }  # fmt: skip
        theirs = (
            await client.post(f"{phone_api}/messages", json={"to": number, "text": "teh"})
        ).json()["id"]
        await events.until("message")
        r = await client.post(
            f"{phone_api}/edits", json={"to": number, "messageId": theirs, "text": "the"}
        )
        event = await events.until("message_edited")
        assert (event["data"]["messageId"], event["data"]["text"], event["data"]["from"]) == (
            theirs,
            "the",
            friend,
        )
        await client.post(f"{phone_api}/revokes", json={"to": number, "messageId": theirs})
        event = await events.until("message_revoked")
        assert (event["data"]["messageId"], event["data"]["fromLid"]) == (theirs, lid)
        # reactions, edits and revokes are not messages to read or to react to
        r = await stack.call(client, "POST", tenant, f"chats/{friend}/read", json={"upTo": theirs})
        assert theirs in r.json()["messageIds"] and reaction_id not in r.json()["messageIds"]
        assert len(r.json()["messageIds"]) == 4  # the location, contacts, poll and text
        r = await _send(
            stack,
            client,
            tenant,
            "reaction",
            {"to": friend, "messageId": reaction_id, "emoji": "x"},
        )
        assert (r.status_code, r.json()["code"]) == (404, "message_not_found")

        # a vote on our poll arrives decrypted, options by name
        r = await _send(
            stack,
            client,
            tenant,
            "poll",
            {"to": friend, "question": "When?", "options": ["9", "10", "11"], "selectableCount": 2},
        )
        poll_id = r.json()["messageId"]
        r = await client.post(
            f"{phone_api}/votes", json={"to": number, "pollId": poll_id, "options": ["11", "9"]}
        )
        assert r.status_code == 201, r.text
        event = await events.until("poll_vote")
        assert event["data"]["pollId"] == poll_id and event["data"]["from"] == friend
        assert sorted(event["data"]["options"]) == ["11", "9"]
        await client.post(
            f"{phone_api}/votes", json={"to": number, "pollId": poll_id, "options": []}
        )
        assert (await events.until("poll_vote"))["data"]["options"] == []

        # the phone reads our message: a read receipt
        await client.post(f"{phone_api}/read", json={"to": number, "messageIds": [ours]})
        receipt = await events.until("receipt")
        assert (receipt["data"]["messageId"], receipt["data"]["status"]) == (ours, "read")

        # presence, opted in: the phone's availability and typing
        r = await client.post(f"{phone_api}/presence", json={"to": number, "state": "typing"})
        assert r.json()["devices"] == 1
        event = await events.until("presence")
        assert event["data"] == {"state": "typing", "from": friend, "fromLid": lid, "chat": friend}
        await client.post(f"{phone_api}/presence", json={"to": number, "state": "unavailable"})
        event = await events.until("presence")
        assert event["data"]["state"] == "unavailable" and event["data"]["lastSeen"] > 0

    # a tenant that did not opt in gets no presence events
    async with stack.events(quiet) as events:
        other = await stack.connect_session(client, quiet)
        friend = await stack.new_phone(client)
        await client.post(
            f"{stack.sim}/phones/{friend}/presence", json={"to": other, "state": "available"}
        )
        await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": other, "text": "after"}
        )
        while (event := await events.next())["type"] != "message":
            assert event["type"] != "presence", event


async def test_a_contacts_availability_arrives_once_the_tenant_subscribes(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    """WhatsApp pushes a contact's availability only to who subscribed to it: before the
    subscription the phone's change reaches no device, after it a `presence` event."""
    tenant = stack.new_tenant()
    r = await client.post(
        f"{stack.api}/tenants",
        headers=stack.admin(),
        json={"companyId": tenant, "presenceEvents": True},
    )
    assert r.status_code == 201, r.text
    async with stack.events(tenant) as events:
        await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)
        phone_api = f"{stack.sim}/phones/{friend}/presence"
        r = await client.post(phone_api, json={"state": "available"})
        assert r.json()["devices"] == 0  # nobody subscribed yet
        r = await stack.call(client, "POST", tenant, f"contacts/+{friend}/presence/subscribe")
        assert r.status_code == 200, r.text
        assert r.json() == {"success": True, "companyId": tenant, "phone": friend}
        r = await client.post(phone_api, json={"state": "unavailable"})
        assert r.json()["devices"] == 1
        event = await events.until("presence")
        assert (event["data"]["from"], event["data"]["state"]) == (friend, "unavailable")
        r = await stack.call(client, "POST", tenant, "contacts/not-a-number/presence/subscribe")
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed")


async def _age(stack: Stack, message_id: str, minutes: int) -> None:
    """Move a sent message's time back, as if it had gone out `minutes` ago."""
    conn = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:
        await conn.execute(
            "UPDATE message_log SET sent_at = sent_at - make_interval(mins => $2)"
            " WHERE message_id = $1",
            message_id,
            minutes,
        )
    finally:
        await conn.close()


def base64_bytes(text: object) -> bytes:
    import base64

    return base64.b64decode(str(text))


async def _chat_with_two_messages(
    stack: Stack, client: httpx.AsyncClient
) -> tuple[str, str, str, str]:
    """A connected tenant and a friend's phone with one message each way: (tenant,
    friend, the message received, the one sent)."""
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)
        received = await _incoming_text(stack, client, events, friend, number)
    r = await _send(stack, client, tenant, "text", {"to": friend, "text": "act on me"})
    return tenant, friend, received, r.json()["messageId"]


async def test_a_pin_reaches_the_phone_and_an_unpin_lifts_it(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, friend, received, own = await _chat_with_two_messages(stack, client)

    for message_id in (received, own):  # a message received, and one sent
        pin = f"chats/{friend}/messages/{message_id}/pin"
        r = await stack.call(client, "POST", tenant, pin, json={"duration": "7d"})
        assert r.status_code == 200, r.text
        assert r.json()["to"] == friend and r.json()["messageId"] != message_id
        pinned_at = datetime.fromisoformat(r.json()["timestamp"]).timestamp() * 1000
        until = (await _activity(stack, client, friend))["messages"][message_id]["pinnedUntil"]  # type: ignore[index]
        assert abs(until - (pinned_at + 7 * 24 * 3600 * 1000)) < 2000, (until, pinned_at)
    r = await stack.call(client, "DELETE", tenant, f"chats/{friend}/messages/{own}/pin")
    assert r.status_code == 200, r.text
    assert "pinnedUntil" not in (await _activity(stack, client, friend))["messages"][own]  # type: ignore[index]

    # refused before anything is sent: a duration WhatsApp does not offer, no duration,
    # and a message this chat never had
    pin = f"chats/{friend}/messages/{own}/pin"
    for body in ({"duration": "1y"}, {"duration": 86400}, {}):
        r = await stack.call(client, "POST", tenant, pin, json=body)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (body, r.text)
    unknown = f"chats/{friend}/messages/3EB0NOPE/pin"
    r = await stack.call(client, "POST", tenant, unknown, json={"duration": "24h"})
    assert (r.status_code, r.json()["code"]) == (404, "message_not_found")
    r = await stack.call(client, "DELETE", tenant, unknown)
    assert (r.status_code, r.json()["code"]) == (404, "message_not_found")


async def test_a_keep_reaches_the_phone_and_an_unkeep_lets_it_go(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant, friend, received, own = await _chat_with_two_messages(stack, client)

    for message_id in (received, own):  # a message received, and one sent
        keep = f"chats/{friend}/messages/{message_id}/keep"
        r = await stack.call(client, "POST", tenant, keep, headers={"Idempotency-Key": message_id})
        assert r.status_code == 200, r.text
        assert r.json()["to"] == friend and r.json()["messageId"] != message_id
        again = await stack.call(
            client, "POST", tenant, keep, headers={"Idempotency-Key": message_id}
        )
        assert again.json() == r.json() and again.headers["Idempotency-Replayed"] == "true"
        kept = (await _activity(stack, client, friend))["messages"][message_id]  # type: ignore[index]
        assert kept == {"kept": True}, kept
    r = await stack.call(client, "DELETE", tenant, f"chats/{friend}/messages/{own}/keep")
    assert r.status_code == 200, r.text
    applied = (await _activity(stack, client, friend))["messages"]
    assert "kept" not in applied[own] and applied[received] == {"kept": True}  # type: ignore[index]

    # a message this chat never had is refused, and nothing is sent
    for method in ("POST", "DELETE"):
        r = await stack.call(client, method, tenant, f"chats/{friend}/messages/3EB0NOPE/keep")
        assert (r.status_code, r.json()["code"]) == (404, "message_not_found"), method
        other = await stack.new_phone(client)
        r = await stack.call(client, method, tenant, f"chats/{other}/messages/{own}/keep")
        assert (r.status_code, r.json()["code"]) == (404, "message_not_found"), method
    kinds = [m["kind"] for m in (await _inbox(stack, client, friend)).values() if "kind" in m]
    assert kinds.count("keep") == 3, kinds


async def test_mentions_and_view_once_both_ways(stack: Stack, client: httpx.AsyncClient) -> None:
    """A text's mentions and a group's @all, and a view-once image, as the phone receives
    them; a phone's mentions in the tenant's message event."""
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)
        r = await _send(
            stack, client, tenant, "text",
            {"to": friend, "text": f"hi @{friend}", "mentions": [friend]},
        )  # fmt: skip
        assert r.status_code == 200, r.text
        mentioned = r.json()["messageId"]
        once = (await _upload_image(stack, client, tenant, to=friend, viewOnce="true"))["messageId"]
        png = base64.b64encode(media_files.png(2000)).decode()
        captioned = {"to": friend, "data": png, "caption": f"@{friend}", "mentions": [friend]}
        r = await _send(stack, client, tenant, "image", captioned)
        assert r.status_code == 200, r.text
        caption_mention = r.json()["messageId"]
        made = await client.post(
            f"{stack.sim}/phones/{friend}/groups",
            json={"subject": "Team", "participants": [number]},
        )
        group = made.json()["id"]
        await events.until("group_update")
        r = await _send(
            stack, client, tenant, "text", {"to": group, "text": "@all hi", "mentionAll": True}
        )
        assert r.status_code == 200, r.text
        everyone = r.json()["messageId"]
        inbox = await _inbox(stack, client, friend)
        assert inbox[mentioned]["mentions"] == [friend]
        assert inbox[caption_mention]["mentions"] == [friend]
        assert inbox[once]["view_once"] is True and inbox[once]["media"]["kind"] == "image"  # type: ignore[index]
        assert inbox[everyone]["mention_all"] is True and "view_once" not in inbox[mentioned]

        # a phone's mentions (the session's number) in the tenant's message event
        r = await client.post(
            f"{stack.sim}/phones/{friend}/messages",
            json={
                "to": group,
                "text": f"@all and @{number}",
                "mentions": [number],
                "mentionAll": True,
            },
        )
        assert r.status_code == 201, r.text
        data = (await events.until("message"))["data"]
        assert data["messageId"] == r.json()["id"]
        assert data["mentions"] == [{"phone": number}] and data["mentionAll"] is True


async def test_a_stored_message_is_forwarded_with_its_content(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    """A received text and a sent image, forwarded to another chat: the phone there gets
    the same content marked forwarded; the image goes from the upload wagate keeps."""
    tenant = stack.new_tenant()
    created = {"companyId": tenant, "messageStore": "full"}
    r = await client.post(f"{stack.api}/tenants", headers=stack.admin(), json=created)
    assert r.status_code == 201, r.text
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        friend, other = await stack.new_phone(client), await stack.new_phone(client)
        received = await _incoming_text(stack, client, events, friend, number)
        sent = await _upload_image(stack, client, tenant, to=friend, caption="look")
        image, sha256 = sent["messageId"], sent["sha256"]
        photo = media_files.png(3000)
        r = await client.post(
            f"{stack.sim}/phones/{friend}/media",
            json={"to": number, "kind": "image", "mimetype": "image/png",
                  "data": base64.b64encode(photo).decode()},
        )  # fmt: skip
        assert r.status_code == 201, r.text
        incoming = (await events.until("message"))["data"]
    # once wagate has the incoming file's bytes (fetched for this GET if not yet)
    fetched = await stack.call(client, "GET", tenant, f"media/{incoming['media']['id']}")
    assert fetched.status_code == 200 and fetched.content == photo
    forwards = {}
    for message_id in (received, image, incoming["messageId"]):
        path = f"chats/{friend}/messages/{message_id}/forward"
        r = await stack.call(client, "POST", tenant, path, json={"to": other})
        assert r.status_code == 200, r.text
        forwards[message_id] = r.json()["messageId"]
    inbox = await _inbox(stack, client, other)
    text, picture = inbox[forwards[received]], inbox[forwards[image]]
    assert text["text"] == "hi" and text["forwarded"] is True
    assert picture["forwarded"] is True and picture["text"] == "look"
    assert picture["media"]["declaredSha256"] == sha256  # type: ignore[index]
    again = inbox[forwards[incoming["messageId"]]]
    assert again["forwarded"] is True and again["media"]["kind"] == "image"  # type: ignore[index]
    assert again["media"]["declaredSha256"] == hashlib.sha256(photo).hexdigest()  # type: ignore[index]


async def test_a_live_location_share_arrives_as_numbered_location_events(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)
        shared = []
        for update in (
            {"latitude": 52.52, "longitude": 13.405, "sequence": 1, "caption": "on my way"},
            {"latitude": 52.53, "longitude": 13.41, "sequence": 2, "accuracyM": 8,
             "speedMps": 1.25, "headingDeg": 90},
        ):  # fmt: skip
            r = await client.post(
                f"{stack.sim}/phones/{friend}/messages/live_location", json={"to": number, **update}
            )
            assert r.status_code == 201, r.text
            data = (await events.until("message"))["data"]
            assert data["messageId"] == r.json()["id"] and data["type"] == "location"
            shared.append(data["location"])
    assert shared == [
        {"latitude": 52.52, "longitude": 13.405, "live": True, "sequenceNumber": 1,
         "caption": "on my way"},
        {"latitude": 52.53, "longitude": 13.41, "live": True, "sequenceNumber": 2,
         "accuracyMeters": 8, "speedMps": 1.25, "headingDegrees": 90},
    ]  # fmt: skip


async def test_a_link_preview_is_built_from_the_page_through_the_ssrf_guard(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    """The page is served here, on loopback, which the deployment's guard lets through
    (WAGATE_WEBHOOK_ALLOW_PRIVATE, as for the media URL tests); a cloud metadata address
    it refuses whatever that setting says."""
    tenant = stack.new_tenant()
    async with media_files.file_server() as files:
        image = files.add("card.png", media_files.png(4000), "image/png")
        page = (
            '<html><head><title>fallback</title><meta property="og:title" content="Launch day">'
            f'<meta property="og:description" content="All about it"><meta property="og:image" '
            f'content="{image}"></head><body>…</body></html>'
        ).encode()
        url = files.add("news.html", page, "text/html; charset=utf-8")
        await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)
        body = {"to": friend, "text": f"see {url} today", "linkPreview": True}
        r = await _send(stack, client, tenant, "text", body)
        assert r.status_code == 200, r.text
        card = (await _inbox(stack, client, friend))[r.json()["messageId"]]["link_preview"]
        assert card["url"] == url and card["title"] == "Launch day"  # type: ignore[index]
        assert card["description"] == "All about it"  # type: ignore[index]
        assert base64.b64decode(card["thumbnail"])[:3] == b"\xff\xd8\xff"  # type: ignore[index]
        assert "/f/card.png" in files.hits  # the image was fetched, and made a JPEG
    refused = {"to": friend, "text": "see http://169.254.169.254/latest", "linkPreview": True}
    r = await _send(stack, client, tenant, "text", refused)
    assert (r.status_code, r.json()["code"]) == (422, "url_not_allowed"), r.text


async def test_a_status_reaches_the_contacts_and_a_contacts_status_arrives(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        friend, stranger = await stack.new_phone(client), await stack.new_phone(client)
        # the account's address book names the friend: its statuses reach the friend alone
        r = await client.put(
            f"{stack.sim}/phones/{number}/address-book/{friend}", json={"name": "Ann"}
        )
        assert r.status_code == 200, r.text

        r = await _send(stack, client, tenant, "text", {"to": "status@broadcast", "text": "Open!"})
        assert r.status_code == 200, r.text
        text_id = r.json()["messageId"]
        photo = {"to": "status@broadcast", "caption": "new bread",
                 "data": base64.b64encode(jpeg(640, 480)).decode()}  # fmt: skip
        r = await _send(stack, client, tenant, "image", photo)
        assert r.status_code == 200, r.text
        photo_id = r.json()["messageId"]
        inbox = await _inbox(stack, client, friend)
        assert inbox[text_id]["chat"] == "status@broadcast" and inbox[text_id]["text"] == "Open!"
        assert inbox[photo_id]["chat"] == "status@broadcast"
        assert inbox[photo_id]["media"]["caption"] == "new bread"  # type: ignore[index]
        assert await _inbox(stack, client, stranger) == {}

        # the friend saved the business's number: the friend's status reaches it
        r = await client.put(
            f"{stack.sim}/phones/{friend}/address-book/{number}", json={"name": "Shop"}
        )
        assert r.status_code == 200, r.text
        r = await client.post(
            f"{stack.sim}/phones/{friend}/messages",
            json={"to": "status@broadcast", "text": "on holiday"},
        )
        assert r.status_code == 201, r.text
        status = await events.until("status")
        assert status["data"]["messageId"] == r.json()["id"]
        assert (status["data"]["from"], status["data"]["text"]) == (friend, "on holiday")

        # statuses are no chat's messages: the store lists no status@broadcast chat
        r = await stack.call(client, "GET", tenant, "chats")
        assert r.status_code == 200, r.text
        assert "status@broadcast" not in {c["chatId"] for c in r.json()["chats"]}, r.text
