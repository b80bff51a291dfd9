"""The conversations API in process, on a message store seeded straight into PostgreSQL:
chats and threads in order with their cursors both ways, filters, one message, search,
every bad input a 4xx with a stable code, and another tenant's rows out of reach."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import asyncpg

from tests.inproc import Gateway
from wagate.tables import media
from wagate.tables import message_store as ms

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ANNA, BORIS = "79005550001", "79005550002"


async def _seed(gw: Gateway, tenant: str, other: str) -> None:
    conn = await asyncpg.connect(gw.settings.database_url)
    try:
        for i in range(5):  # Anna writes 5, the tenant answers the last
            at = T0 + timedelta(minutes=i)
            await ms.add(
                conn, ms.NewMessage(tenant, ANNA, f"A{i}", "in", ANNA, "text", f"hi {i}", at)
            )
        reply = ms.NewMessage(
            tenant, ANNA, "OUT", "out", "", "text", "pizza tonight", T0 + timedelta(minutes=9)
        )
        await ms.add(conn, reply)
        photo = ms.NewMessage(
            tenant, BORIS, "B0", "in", BORIS, "image", "a cat", T0, media={"mediaId": "med_1"}
        )
        await ms.add(conn, photo)
        await ms.add(conn, ms.NewMessage(other, ANNA, "X0", "in", ANNA, "text", "secret", T0))
    finally:
        await conn.close()


async def test_chats_threads_messages_and_search(gw: Gateway, tenant: str, other: str) -> None:
    await _seed(gw, tenant, other)
    r = await gw.call(gw.client, "GET", tenant, "chats", params={"limit": 1})
    assert r.status_code == 200, r.text
    (anna,) = r.json()["chats"]
    assert (anna["chatId"], anna["unreadCount"], anna["kind"]) == (ANNA, 5, "person")
    assert anna["lastMessage"]["preview"] == "pizza tonight"
    r = await gw.call(gw.client, "GET", tenant, "chats", params={"cursor": r.json()["next"]})
    assert [c["chatId"] for c in r.json()["chats"]] == [BORIS] and r.json()["next"] is None

    r = await gw.call(gw.client, "GET", tenant, f"chats/{ANNA}/messages", params={"limit": 2})
    page = r.json()
    assert [m["messageId"] for m in page["messages"]] == ["A4", "OUT"], r.text
    r = await gw.call(
        gw.client, "GET", tenant, f"chats/{ANNA}/messages", params={"before": page["before"]}
    )
    older = r.json()
    assert [m["messageId"] for m in older["messages"]] == ["A0", "A1", "A2", "A3"]
    assert older["before"] is None  # nothing older
    r = await gw.call(
        gw.client, "GET", tenant, f"chats/{ANNA}/messages", params={"after": older["after"]}
    )
    assert [m["messageId"] for m in r.json()["messages"]] == ["A4", "OUT"]
    r = await gw.call(
        gw.client, "GET", tenant, f"chats/{ANNA}/messages", params={"direction": "out"}
    )
    assert [m["messageId"] for m in r.json()["messages"]] == ["OUT"]
    r = await gw.call(gw.client, "GET", tenant, f"chats/{BORIS}/messages", params={"kind": "image"})
    (cat,) = r.json()["messages"]
    assert (cat["text"], cat["media"], cat["from"]) == ("a cat", {"mediaId": "med_1"}, BORIS)

    r = await gw.call(gw.client, "GET", tenant, "messages/OUT")
    assert r.json()["message"]["text"] == "pizza tonight" and r.json()["message"]["from"] is None
    r = await gw.call(gw.client, "GET", tenant, "messages/search", params={"q": "pizza"})
    assert [m["messageId"] for m in r.json()["messages"]] == ["OUT"], r.text


async def test_another_tenants_rows_are_out_of_reach(gw: Gateway, tenant: str, other: str) -> None:
    await _seed(gw, tenant, other)
    r = await gw.call(gw.client, "GET", tenant, "messages/X0")
    assert (r.status_code, r.json()["code"]) == (404, "message_not_found")
    r = await gw.call(gw.client, "GET", tenant, "messages/search", params={"q": "secret"})
    assert r.status_code == 200 and r.json()["messages"] == []
    r = await gw.call(gw.client, "GET", other, f"chats/{BORIS}/messages")
    assert (r.status_code, r.json()["code"]) == (404, "chat_not_found")
    r = await gw.call(gw.client, "GET", other, "chats")
    assert [c["chatId"] for c in r.json()["chats"]] == [ANNA]
    assert r.json()["chats"][0]["lastMessage"]["preview"] == "secret"
    # another tenant's token for this company reaches nothing
    for path in ("chats", f"chats/{ANNA}/messages", "messages/A0", "messages/search?q=hi"):
        url = f"/sessions/{tenant}/{path}"
        r = await gw.client.get(url, headers=gw.auth(other))
        assert r.status_code in (403, 404) and "hi 0" not in r.text, (path, r.text)


def _words(path: str) -> dict[str, str]:
    return {"q": "hi"} if path == "messages/search" else {}


def _b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


async def test_bad_cursors_and_parameters_are_4xx(gw: Gateway, tenant: str, other: str) -> None:
    await _seed(gw, tenant, other)
    r = await gw.call(gw.client, "GET", tenant, "chats", params={"limit": 1})
    chat_cursor = r.json()["next"]
    thread = f"chats/{ANNA}/messages"
    bad_cursors = [
        ("chats", "cursor", "not base64!"),
        ("chats", "cursor", _b64("v1|message|1|2")),  # a thread's cursor for the chat list
        ("chats", "cursor", _b64("v1|chat|1|bad chat id")),
        ("chats", "cursor", _b64("v1|chat|99999999999999999999|x")),  # out of range
        (thread, "before", chat_cursor),
        (thread, "after", _b64("v1|message|1|-4")),
        (thread, "before", _b64("v1|message|x|4")),
        (thread, "after", "Zm9v"),
        ("messages/search", "cursor", _b64("\xff\xfe")),
    ]
    for path, name, cursor in bad_cursors:
        r = await gw.call(gw.client, "GET", tenant, path, params={name: cursor, **_words(path)})
        assert (r.status_code, r.json()["code"]) == (400, "invalid_cursor"), (path, cursor, r.text)
    bad_params = [
        ("chats", {"limit": "0"}),
        ("chats", {"limit": "101"}),
        ("chats", {"limit": "ten"}),
        ("chats", {"cursor": "x" * 401}),
        ("chats", {"colour": "red"}),
        (thread, {"before": "a", "after": "b"}),
        (thread, {"kind": "text,spaceship"}),
        (thread, {"direction": "sideways"}),
        ("messages/search", {}),
        ("messages/search", {"q": ""}),
        ("messages/search", {"q": "x" * 257}),
        ("messages/search", {"q": "nul\x00byte"}),
    ]
    for path, params in bad_params:
        r = await gw.call(gw.client, "GET", tenant, path, params=params)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (path, r.text)
    for path in ("chats/12/messages", "chats/x@g.us/messages", "messages/bad!id"):
        r = await gw.call(gw.client, "GET", tenant, path)
        assert r.status_code == 422, (path, r.text)
    for q in ('"', "!!!", "a & (b | !c)", "-", "'; DROP TABLE chats; --", "é" * 256, "\ufffd"):
        r = await gw.call(gw.client, "GET", tenant, "messages/search", params={"q": q})
        assert r.status_code == 200, (q, r.text)


async def test_delete_with_purge_removes_stored_messages_and_media(
    gw: Gateway, tenant: str, other: str
) -> None:
    await gw.connect(tenant)
    await _seed(gw, tenant, other)
    conn = await asyncpg.connect(gw.settings.database_url)
    try:
        row = media.MediaRow(
            media.new_id(), tenant, "in", "image", "image/png", T0 + timedelta(days=30)
        )
        await media.add(conn, row)
    finally:
        await conn.close()
    r = await gw.call(gw.client, "DELETE", tenant, params={"purge": "true"})
    assert r.status_code == 200, r.text
    assert r.json()["purged"] == {"messages": 7, "media": 1}
    r = await gw.call(gw.client, "GET", tenant, "chats")
    assert r.json()["chats"] == []
    r = await gw.call(gw.client, "GET", tenant, f"media/{row.id}")
    assert r.status_code == 404, r.text
    r = await gw.call(gw.client, "GET", other, "chats")  # another tenant's stay
    assert [c["chatId"] for c in r.json()["chats"]] == [ANNA]
