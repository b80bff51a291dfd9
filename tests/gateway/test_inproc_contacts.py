"""Contacts and chat names in process, on a store seeded straight into PostgreSQL: a 1:1
chat is listed under its person's name, GET /contacts pages and searches the tenant's
contacts alone, and every bad input is a 4xx with a stable code."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import asyncpg

from tests.inproc import Gateway
from wagate.tables import contacts
from wagate.tables import message_store as ms

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ANNA, BORIS, CLARA = "79005550001", "79005550002", "79005550003"
GROUP = "120363000000000001@g.us"


async def _seed(gw: Gateway, tenant: str, other: str) -> None:
    conn = await asyncpg.connect(gw.settings.database_url)
    try:
        for i, (who, name) in enumerate([(ANNA, "Anna 100%"), (BORIS, ""), (CLARA, "Clara")]):
            at = T0 + timedelta(minutes=i)
            await ms.add(conn, ms.NewMessage(tenant, who, f"M{i}", "in", who, "text", None, at))
            await contacts.seen(conn, contacts.Seen(tenant, who, f"1000{i}", name))
        group_message = ms.NewMessage(tenant, GROUP, "G0", "in", ANNA, "text", None, T0)
        await ms.add(conn, group_message)
        await contacts.seen(conn, contacts.Seen(tenant, "10009", "10009", "Dmitri"))  # LID only
        await contacts.group_named(conn, contacts.GroupNamed(tenant, GROUP, "Family"))
        await contacts.seen(conn, contacts.Seen(other, ANNA, "", "Anna as other knows her"))
        # a later message without a push name keeps the one known
        await contacts.seen(conn, contacts.Seen(tenant, ANNA, "", ""))
    finally:
        await conn.close()


async def test_a_persons_chat_is_named_by_their_push_name(
    gw: Gateway, tenant: str, other: str
) -> None:
    await _seed(gw, tenant, other)
    r = await gw.call(gw.client, "GET", tenant, "chats")
    assert r.status_code == 200, r.text
    names = {c["chatId"]: c["name"] for c in r.json()["chats"]}
    assert names == {CLARA: "Clara", BORIS: None, ANNA: "Anna 100%", GROUP: "Family"}, names


async def test_contacts_page_and_search_within_the_tenant(
    gw: Gateway, tenant: str, other: str
) -> None:
    await _seed(gw, tenant, other)
    r = await gw.call(gw.client, "GET", tenant, "contacts", params={"limit": 2})
    assert r.status_code == 200, r.text
    first = r.json()
    assert first["contacts"][0] == {
        "contactId": "10009",
        "phone": None,
        "lid": "10009",
        "pushName": "Dmitri",
        "name": None,
    }
    r = await gw.call(gw.client, "GET", tenant, "contacts", params={"cursor": first["next"]})
    rest = r.json()
    listed = [c["contactId"] for c in first["contacts"] + rest["contacts"]]
    # the group's name is kept beside the people, never listed as one
    assert listed == ["10009", ANNA, BORIS, CLARA] and rest["next"] is None, r.text
    assert rest["contacts"][0]["lid"] == "10001"  # Boris: his LID
    for q, found in [("anna", [ANNA]), ("100%", [ANNA]), ("5550003", [CLARA]), ("_", [])]:
        r = await gw.call(gw.client, "GET", tenant, "contacts", params={"q": q})
        assert [c["contactId"] for c in r.json()["contacts"]] == found, (q, r.text)
    r = await gw.call(gw.client, "GET", other, "contacts")
    assert [c["pushName"] for c in r.json()["contacts"]] == ["Anna as other knows her"]
    r = await gw.client.get(f"/sessions/{tenant}/contacts", headers=gw.auth(other))
    assert r.status_code in (403, 404) and "Clara" not in r.text, r.text


def _b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


async def test_bad_contact_queries_are_4xx(gw: Gateway, tenant: str, other: str) -> None:
    await _seed(gw, tenant, other)
    for cursor in ("not base64!", _b64("v1|chat|1|79005550001"), _b64("v1|contact|0|a b")):
        r = await gw.call(gw.client, "GET", tenant, "contacts", params={"cursor": cursor})
        assert (r.status_code, r.json()["code"]) == (400, "invalid_cursor"), (cursor, r.text)
    bad = [
        {"limit": "0"},
        {"limit": "101"},
        {"q": ""},
        {"q": "x" * 257},
        {"q": "nul\x00byte"},
        {"cursor": "x" * 401},
        {"sort": "name"},
    ]
    for params in bad:
        r = await gw.call(gw.client, "GET", tenant, "contacts", params=params)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (params, r.text)
    # LIKE's own characters are matched as written: "%" is Anna's alone
    for q, found in [
        ("%", [ANNA]),
        ("\\", []),
        ("'; DROP TABLE contacts; --", []),
        ("é" * 256, []),
    ]:
        r = await gw.call(gw.client, "GET", tenant, "contacts", params={"q": q})
        assert r.status_code == 200, (q, r.text)
        assert [c["contactId"] for c in r.json()["contacts"]] == found, (q, r.text)


async def test_chat_state_changes_refuse_bad_input_and_other_tenants_chats(
    gw: Gateway, tenant: str, other: str
) -> None:
    await _seed(gw, tenant, other)
    bad_bodies = [
        {},
        {"archived": True, "pinned": True},
        {"archived": None},
        {"archived": "yes"},
        {"pinned": 1},
        {"unread": True, "mutedUntil": None},
        {"mutedUntil": ""},
        {"mutedUntil": "tomorrow"},
        {"mutedUntil": "2020-01-01T00:00:00Z"},  # past
        {"mutedUntil": "2030-01-01T00:00:00"},  # no offset
        {"mutedUntil": "9999-12-31T00:00:00Z"},
        {"mutedUntil": "x" * 41},
        {"mutedUntil": 1893456000000},
        {"colour": "red"},
    ]
    for body in bad_bodies:
        r = await gw.call(gw.client, "PATCH", tenant, f"chats/{ANNA}", json=body)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (body, r.text)
    r = await gw.call(gw.client, "PATCH", tenant, "chats/12", json={"archived": True})
    assert r.status_code == 422, r.text
    # a chat the tenant's store does not have, or another tenant has: 404, WhatsApp unasked
    for chat in ("79005550099", "120363000000000099@g.us"):
        r = await gw.call(gw.client, "PATCH", tenant, f"chats/{chat}", json={"pinned": True})
        assert (r.status_code, r.json()["code"]) == (404, "chat_not_found"), r.text
    r = await gw.call(gw.client, "PATCH", other, f"chats/{BORIS}", json={"pinned": True})
    assert (r.status_code, r.json()["code"]) == (404, "chat_not_found"), r.text
    r = await gw.client.patch(
        f"/sessions/{tenant}/chats/{ANNA}", json={"pinned": True}, headers=gw.auth(other)
    )
    assert r.status_code in (403, 404), r.text
    r = await gw.call(gw.client, "GET", tenant, "chats")
    states = {(c["archived"], c["pinned"], c["mutedUntil"], c["unread"]) for c in r.json()["chats"]}
    assert states == {(False, False, None, False)}, r.text
