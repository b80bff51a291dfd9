"""The message store end to end on the sim network: what a phone writes, edits and
revokes and what the tenant answers shows in the chat list and the thread, in order,
with the unread count; a message the network delivers again is stored once; read marks
lower the unread count; the retention sweep deletes old messages; a delete with
`purge=true` leaves nothing. Bad input and scoping run in process
(tests/gateway/test_inproc_conversations.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from devstack.stack import EventReader, Stack, deployment
from devstack.waiting import until


@pytest.fixture(scope="module")
async def store_stack() -> AsyncIterator[Stack]:
    # a sweep every second, so the test sees it without waiting an hour
    async with deployment(WAGATE_MESSAGE_STORE_SWEEP_INTERVAL="1") as s:
        yield s


async def _phone(stack: Stack, c: httpx.AsyncClient, phone: str, path: str, body: Any) -> str:
    r = await c.post(f"{stack.sim}/phones/{phone}/{path}", json=body)
    assert r.status_code in (200, 201), r.text
    return str(r.json().get("id", ""))


async def _get(stack: Stack, c: httpx.AsyncClient, tenant: str, path: str, **params: Any) -> Any:
    r = await stack.call(c, "GET", tenant, path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


async def _conversation(
    stack: Stack, c: httpx.AsyncClient, events: EventReader, friend: str, number: str
) -> list[str]:
    """The phone writes three messages, edits the first and revokes the second."""
    ids = []
    for text in ("first", "second", "third"):
        ids.append(await _phone(stack, c, friend, "messages", {"to": number, "text": text}))
        await events.until("message")
    edit = {"to": number, "messageId": ids[0], "text": "first, edited"}
    await _phone(stack, c, friend, "edits", edit)
    await events.until("message_edited")
    await _phone(stack, c, friend, "revokes", {"to": number, "messageId": ids[1]})
    await events.until("message_revoked")
    return ids


async def test_a_conversation_is_stored_and_read_back_in_order(
    store_stack: Stack, client: httpx.AsyncClient
) -> None:
    stack, c = store_stack, client
    tenant = stack.new_tenant()
    created = {"companyId": tenant, "messageStore": "full"}
    r = await c.post(f"{stack.api}/tenants", headers=stack.admin(), json=created)
    assert r.status_code == 201 and r.json()["tenant"]["messageStore"] == "full", r.text
    async with stack.events(tenant) as events:
        number = await stack.connect_session(c, tenant)
        friend = await stack.new_phone(c)
        ids = await _conversation(stack, c, events, friend, number)
        # the network delivers the third message again: stored (and published) once; the
        # session reads in order, so once the next message is out the repeat was handled
        await _phone(stack, c, friend, f"messages/{ids[2]}/redeliver", {})
        ids.append(await _phone(stack, c, friend, "messages", {"to": number, "text": "fourth"}))
        assert (await events.until("message"))["data"]["messageId"] == ids[3]
        r = await stack.call(
            c, "POST", tenant, "messages/text", json={"to": friend, "text": "the answer"}
        )
        assert r.status_code == 200, r.text
        reply = r.json()["messageId"]

    thread = await _get(stack, c, tenant, f"chats/{friend}/messages")
    got = [(m["messageId"], m["direction"], m["text"], m["revoked"]) for m in thread["messages"]]
    assert got == [
        (ids[0], "in", "first, edited", False),
        (ids[1], "in", None, True),
        (ids[2], "in", "third", False),
        (ids[3], "in", "fourth", False),
        (reply, "out", "the answer", False),
    ], got
    assert [e["text"] for e in thread["messages"][0]["edits"]] == ["first"]
    (chat,) = (await _get(stack, c, tenant, "chats"))["chats"]
    assert (chat["chatId"], chat["unreadCount"]) == (friend, 4), chat
    assert chat["lastMessage"] == {
        "messageId": reply,
        "kind": "text",
        "direction": "out",
        "preview": "the answer",
    }
    found = await _get(stack, c, tenant, "messages/search", q="edited")
    assert [m["messageId"] for m in found["messages"]] == [ids[0]]

    r = await stack.call(c, "POST", tenant, f"chats/{friend}/read", json={"upTo": ids[3]})
    assert r.status_code == 200, r.text
    (chat,) = (await _get(stack, c, tenant, "chats"))["chats"]
    assert chat["unreadCount"] == 0, chat


async def test_retention_sweeps_old_messages_and_purge_leaves_none(
    store_stack: Stack, client: httpx.AsyncClient
) -> None:
    stack, c = store_stack, client
    tenant = stack.new_tenant()
    created = {"companyId": tenant, "messageRetentionDays": 1}
    r = await c.post(f"{stack.api}/tenants", headers=stack.admin(), json=created)
    assert r.status_code == 201, r.text
    async with stack.events(tenant) as events:
        number = await stack.connect_session(c, tenant)
        friend = await stack.new_phone(c)
        old = await _phone(stack, c, friend, "messages", {"to": number, "text": "old"})
        await events.until("message")
        new = await _phone(stack, c, friend, "messages", {"to": number, "text": "new"})
        await events.until("message")
    stored = await _get(stack, c, tenant, f"messages/{old}")
    assert stored["message"]["text"] is None  # metadata by default: no bodies

    conn = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:  # two days pass for the first message
        await conn.execute(
            "UPDATE stored_messages SET sent_at = sent_at - interval '2 days' "
            "WHERE tenant_id = $1 AND message_id = $2",
            tenant,
            old,
        )
    finally:
        await conn.close()

    async def swept() -> bool:
        r = await stack.call(c, "GET", tenant, f"messages/{old}")
        return r.status_code == 404

    await until(swept, "the retention sweep", timeout_s=15, every_s=0.2)
    thread = await _get(stack, c, tenant, f"chats/{friend}/messages")
    assert [m["messageId"] for m in thread["messages"]] == [new]

    r = await stack.call(c, "DELETE", tenant, params={"purge": "true"})
    assert r.status_code == 200 and r.json()["purged"]["messages"] == 1, r.text
    assert (await _get(stack, c, tenant, "chats"))["chats"] == []
    r = await stack.call(c, "GET", tenant, f"messages/{new}")
    assert r.status_code == 404, r.text


@contextlib.asynccontextmanager
async def _talking(
    stack: Stack, c: httpx.AsyncClient
) -> AsyncIterator[tuple[str, EventReader, str, str]]:
    """A new tenant (default store) with its session connected and a phone to talk to:
    (tenant, its events, the session's number, the phone's)."""
    tenant = stack.new_tenant()
    r = await c.post(f"{stack.api}/tenants", headers=stack.admin(), json={"companyId": tenant})
    assert r.status_code == 201, r.text
    async with stack.events(tenant) as events:
        number = await stack.connect_session(c, tenant)
        yield tenant, events, number, await stack.new_phone(c)


async def test_push_names_and_the_address_book_name_a_chat_and_contact(
    store_stack: Stack, client: httpx.AsyncClient
) -> None:
    stack, c = store_stack, client
    async with _talking(stack, c) as (tenant, events, number, friend):
        for name in ("Olga <b>", "Olga Petrova"):  # she renames herself between messages
            r = await c.put(f"{stack.sim}/phones/{friend}/profile", json={"pushName": name})
            assert r.status_code == 200, r.text
            await _phone(stack, c, friend, "messages", {"to": number, "text": "hi"})
            await events.until("message")
            (chat,) = (await _get(stack, c, tenant, "chats"))["chats"]
            assert (chat["chatId"], chat["name"]) == (friend, name), chat
    r = await c.put(f"{stack.sim}/phones/{friend}/profile", json={"pushName": "x" * 257})
    assert r.status_code == 400, r.text
    found = await _get(stack, c, tenant, "contacts", q="petrova")
    assert found["contacts"] == [
        {
            "contactId": friend,
            "phone": friend,
            "lid": None,
            "pushName": "Olga Petrova",
            "name": None,
        }
    ], found
    assert (await _get(stack, c, tenant, "contacts", q="Ivan"))["contacts"] == []

    # the account's phone saves her in its address book: that name wins, until removed
    for saved, shown in [("Olga from work", "Olga from work"), ("", "Olga Petrova")]:
        r = await c.put(f"{stack.sim}/phones/{number}/address-book/{friend}", json={"name": saved})
        assert r.status_code == 200, r.text

        async def named(saved: str = saved, shown: str = shown) -> bool | None:
            (contact,) = (await _get(stack, c, tenant, "contacts"))["contacts"]
            (chat,) = (await _get(stack, c, tenant, "chats"))["chats"]
            return True if (contact["name"] or "", chat["name"]) == (saved, shown) else None

        await until(named, f"the address book's {saved!r}")


async def test_a_groups_subject_names_its_chat(
    store_stack: Stack, client: httpx.AsyncClient
) -> None:
    stack, c = store_stack, client
    async with _talking(stack, c) as (tenant, events, number, friend):
        made = await c.post(
            f"{stack.sim}/phones/{friend}/groups",
            json={"subject": "Family", "participants": [number]},
        )
        assert made.status_code == 201, made.text
        group = made.json()["id"]
        # renamed before its first message: the chat has its name as soon as it exists
        renamed = await c.patch(
            f"{stack.sim}/phones/{friend}/groups/{group}", json={"subject": "Fam"}
        )
        assert renamed.status_code == 200, renamed.text
        await _phone(stack, c, friend, "messages", {"to": group, "text": "dinner at 8"})
        await events.until("message")
        (chat,) = (await _get(stack, c, tenant, "chats"))["chats"]
        assert (chat["chatId"], chat["kind"], chat["name"]) == (group, "group", "Fam"), chat
        renamed = await c.patch(
            f"{stack.sim}/phones/{friend}/groups/{group}", json={"subject": "Family <3"}
        )
        assert renamed.status_code == 200, renamed.text

        # the new name is stored in the transaction that publishes the update
        while (await events.until("group_update"))["data"].get("subject") != "Family <3":
            pass
        (chat,) = (await _get(stack, c, tenant, "chats"))["chats"]
        assert chat["name"] == "Family <3", chat
    # a group the session creates is named by the subject it was given
    r = await stack.call(
        c, "POST", tenant, "groups", json={"subject": "Book club", "participants": [friend]}
    )
    assert r.status_code == 201, r.text
    club = r.json()["group"]["groupId"]
    async with stack.events(tenant) as events:
        await _phone(stack, c, friend, "messages", {"to": club, "text": "first chapter?"})
        await events.until("message")
    names = {x["chatId"]: x["name"] for x in (await _get(stack, c, tenant, "chats"))["chats"]}
    assert names == {group: "Family <3", club: "Book club"}, names
    # a group is a chat, not a contact
    assert [x["contactId"] for x in (await _get(stack, c, tenant, "contacts"))["contacts"]] == [
        friend
    ]


async def _chat_state(stack: Stack, c: httpx.AsyncClient, tenant: str) -> dict[str, Any]:
    (chat,) = (await _get(stack, c, tenant, "chats"))["chats"]
    return {k: chat[k] for k in ("archived", "pinned", "mutedUntil", "unread")}


async def test_chat_actions_reach_the_phone_and_the_phones_reach_the_store(
    store_stack: Stack, client: httpx.AsyncClient
) -> None:
    stack, c = store_stack, client
    async with _talking(stack, c) as (tenant, events, number, friend):
        await _phone(stack, c, friend, "messages", {"to": number, "text": "hi"})
        await events.until("message")
    until_at = "2030-01-01T00:00:00.000Z"
    # through the API: the account's phone shows each change
    steps = [
        ({"pinned": True}, "pinned", True),
        ({"archived": True}, "pinned", False),  # archiving unpins, as on WhatsApp
        ({"pinned": True}, "pinned", True),
        ({"mutedUntil": until_at}, "mutedUntil", until_at),
        ({"mutedUntil": "forever"}, "mutedUntil", "forever"),
        ({"unread": True}, "unread", True),
        ({"archived": False}, "archived", False),
        ({"mutedUntil": None}, "mutedUntil", None),
    ]
    for body, field, shown in steps:
        r = await stack.call(c, "PATCH", tenant, f"chats/{friend}", json=body)
        assert r.status_code == 200 and r.json()[field] == shown, (body, r.text)
        assert (await _chat_state(stack, c, tenant))[field] == shown, body
    r = await c.get(f"{stack.sim}/phones/{number}/chats")
    assert r.json()["chats"][friend] == {
        "archived": False,
        "pinned": True,
        "mutedUntil": None,
        "unread": True,
    }, r.text
    # on the phone: the store follows
    phone_steps = [
        ({"state": "archived", "on": True}, "archived", True),
        ({"state": "pinned", "on": False}, "pinned", False),
        ({"state": "muted", "on": True, "mutedUntil": 1893456000000}, "mutedUntil", until_at),
        ({"state": "muted", "on": True}, "mutedUntil", "forever"),
        ({"state": "unread", "on": False}, "unread", False),
    ]
    for body, field, shown in phone_steps:
        r = await c.post(f"{stack.sim}/phones/{number}/chats/{friend}/app-state", json=body)
        assert r.status_code == 200, r.text

        async def arrived(field: str = field, shown: Any = shown) -> bool | None:
            return True if (await _chat_state(stack, c, tenant))[field] == shown else None

        await until(arrived, f"the phone's {body} in the store")
    assert await _chat_state(stack, c, tenant) == {
        "archived": True,
        "pinned": False,
        "mutedUntil": "forever",
        "unread": False,
    }


async def test_a_burst_from_several_phones_is_published_in_order_and_stored_whole(
    store_stack: Stack, client: httpx.AsyncClient
) -> None:
    """Messages that wait together at the session are published in one transaction: each
    still reaches the tenant once, in its phone's order, and the store and the contacts
    hold every one of them."""
    stack, c = store_stack, client
    each = 15
    async with _talking(stack, c) as (tenant, events, number, first):
        phones = [first, await stack.new_phone(c), await stack.new_phone(c)]
        for k, phone in enumerate(phones):
            r = await c.put(f"{stack.sim}/phones/{phone}/profile", json={"pushName": f"P{k}"})
            assert r.status_code == 200, r.text

        async def write(phone: str) -> list[str]:
            body = {"to": number, "text": "burst"}
            return [await _phone(stack, c, phone, "messages", body) for _ in range(each)]

        sent = await asyncio.gather(*(write(phone) for phone in phones))
        got: dict[str, list[str]] = {phone: [] for phone in phones}
        for _ in range(each * len(phones)):
            event = await events.until("message")
            got[event["data"]["from"]].append(event["data"]["messageId"])
    assert got == dict(zip(phones, sent, strict=True))  # each once, in its phone's order
    chats = (await _get(stack, c, tenant, "chats"))["chats"]
    assert sorted((x["chatId"], x["unreadCount"], x["name"]) for x in chats) == sorted(
        (phone, each, f"P{k}") for k, phone in enumerate(phones)
    ), chats
    thread = await _get(stack, c, tenant, f"chats/{phones[1]}/messages")
    assert [m["messageId"] for m in thread["messages"]] == sent[1]
