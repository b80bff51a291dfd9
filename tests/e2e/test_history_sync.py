"""History sync on the sim network: a phone with three chats and 1,200 old messages
links; they reach the message store once each, in chunks, while the tenant hears
`history_sync` started, progress and done with counts on its WebSocket, and none of them
as a `message` event; a message that arrived live and is in the history too is stored
once; older messages, which the phone keeps at linking, come on demand before the oldest
stored."""

from __future__ import annotations

import time
from typing import Any

import asyncpg
import httpx

from devstack.stack import EventReader, Stack

PER_CHAT = 400
LIVE_ID = "3EB0LIVEANDHISTORY"


def _chats(friends: list[str]) -> list[dict[str, Any]]:
    """Three chats of 400, every third message the owner's; the last chat's newest is
    the one its friend also sends live."""
    chats = []
    for n, friend in enumerate(friends):
        messages: list[dict[str, Any]] = [
            {"text": f"old {n}-{i}", "fromMe": i % 3 == 0} for i in range(PER_CHAT)
        ]
        chats.append({"chat": friend, "messages": messages})
    chats[-1]["messages"][-1] = {"text": "said live, kept in history", "id": LIVE_ID}
    return chats


async def _link_with_history(
    stack: Stack, c: httpx.AsyncClient, tenant: str, chats: list[dict[str, Any]], count: int
) -> str:
    phone = await stack.new_phone(c)
    r = await c.post(f"{stack.sim}/phones/{phone}/history", json={"chats": chats})
    assert r.status_code == 200 and r.json()["messages"] == count, r.text
    r = await c.post(f"{stack.api}/sessions/{tenant}/initialize", headers=stack.auth(tenant))
    assert r.status_code == 200 and r.json()["status"] == "qr", r.text
    link = await c.post(f"{stack.sim}/phones/{phone}/link", json={"qr": r.json()["qr"]})
    assert link.status_code == 200, link.text
    return phone


async def _course(events: EventReader) -> tuple[list[dict[str, Any]], list[str]]:
    """Every history_sync until both syncs are done, and the `message` events' ids (the
    live one's alone: history is never published as messages)."""
    course: list[dict[str, Any]] = []
    messages: list[str] = []
    while sum(e["status"] == "done" for e in course) < 2 or not messages:
        event = await events.next(timeout_s=60)
        if event["type"] == "history_sync":
            course.append(event["data"])
        elif event["type"] == "message":
            messages.append(event["data"]["messageId"])
    return course, messages


async def test_a_linked_phones_history_is_stored_once_and_its_course_told(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    c, tenant = client, stack.new_tenant()
    r = await c.post(
        f"{stack.api}/tenants",
        headers=stack.admin(),
        json={"companyId": tenant, "messageStore": "full"},
    )
    assert r.status_code == 201, r.text
    friends = [await stack.new_phone(c) for _ in range(3)]
    async with stack.events(tenant) as events:
        chats = _chats(friends)
        phone = await _link_with_history(stack, c, tenant, chats, 3 * PER_CHAT)
        # the same message arrives live while the history is on its way
        live = {"to": phone, "text": "said live, kept in history", "id": LIVE_ID}
        r = await c.post(f"{stack.sim}/phones/{friends[2]}/messages", json=live)
        assert r.status_code == 201, r.text
        course, published = await _course(events)
    assert published == [LIVE_ID]

    by_sync = {
        t: [e for e in course if e["syncType"] == t] for t in ("initial_bootstrap", "recent")
    }
    for sync in by_sync.values():
        assert sync[0]["status"] == "started" and sync[-1]["status"] == "done"
        assert {e["status"] for e in sync[1:-1]} <= {"progress"}
        counts = [e["messages"] for e in sync]
        assert counts == sorted(counts)  # they grow chunk by chunk
    # the bootstrap: each chat's newest 100; the recent syncs: the rest
    assert by_sync["initial_bootstrap"][-1]["messages"] == 300
    assert by_sync["recent"][-1]["messages"] == 900
    assert any(e["status"] == "progress" for e in by_sync["recent"])
    stored = sum(sync[-1]["stored"] for sync in by_sync.values())

    conn = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:
        rows = await conn.fetch(
            "SELECT chat, message_id, direction, body FROM stored_messages WHERE tenant_id = $1",
            tenant,
        )
    finally:
        await conn.close()
    assert len(rows) == len({r["message_id"] for r in rows}) == 3 * PER_CHAT  # each once
    assert {r["chat"] for r in rows} == set(friends)
    own = sum(m.get("fromMe", False) for chat in chats for m in chat["messages"])
    assert sum(r["direction"] == "out" for r in rows) == own
    assert {r["body"] for r in rows if r["message_id"] == LIVE_ID} == {"said live, kept in history"}
    assert stored in (3 * PER_CHAT, 3 * PER_CHAT - 1)  # the live one may have come first


async def _synced(events: EventReader, sync_type: str) -> dict[str, Any]:
    """The `done` of the next sync of that type."""
    while True:
        event = await events.until("history_sync", timeout_s=30)
        if event["data"]["syncType"] == sync_type and event["data"]["status"] == "done":
            return dict(event["data"])


async def test_older_messages_come_on_demand_before_the_oldest_stored(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    c, tenant = client, stack.new_tenant()
    # the tenant takes the last 90 days at pairing: the older ones stay on the phone
    created = {"companyId": tenant, "messageStore": "full", "historySync": "90d"}
    r = await c.post(f"{stack.api}/tenants", headers=stack.admin(), json=created)
    assert r.status_code == 201, r.text
    friend = await stack.new_phone(c)
    # 60 messages of 200 days ago, 20 recent ones
    long_ago = int(time.time() * 1000) - 200 * 86_400_000
    old = [{"text": f"long ago {i}", "timestamp": long_ago + i} for i in range(60)]
    recent = [{"text": f"lately {i}"} for i in range(20)]
    async with stack.events(tenant) as events:
        await _link_with_history(stack, c, tenant, [{"chat": friend, "messages": old + recent}], 80)
        assert (await _synced(events, "initial_bootstrap"))["stored"] == 20
        for asked, came in ((50, 50), (50, 10), (50, 0)):
            r = await stack.call(
                c, "POST", tenant, f"chats/{friend}/history", json={"count": asked}
            )
            assert r.status_code == 202, r.text
            done = await _synced(events, "on_demand")
            assert (done["messages"], done["stored"]) == (came, came)
    r = await stack.call(c, "GET", tenant, f"chats/{friend}/messages", params={"limit": 100})
    assert r.status_code == 200, r.text
    texts = [m["text"] for m in r.json()["messages"]]
    assert texts == [m["text"] for m in old + recent]  # all of them, in order, once
