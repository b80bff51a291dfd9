"""Messaging's bad bodies and tenant scoping in process (tests/inproc.py): each refused by
the gateway with the field it names, or as no session at all for another tenant, before
anything reaches the connector."""

from __future__ import annotations

from tests.inproc import Gateway
from wagate.bus import CommandType

FRIEND = "79005550123"


async def test_validation_and_tenant_scoping(gw: Gateway, tenant: str, other: str) -> None:
    stranger, friend = other, FRIEND
    await gw.connect(tenant)
    bad = [
        ("location", {"to": friend, "latitude": 91, "longitude": 0}, "latitude"),
        ("location", {"to": friend, "latitude": 0, "longitude": -180.5}, "longitude"),
        ("location", {"to": friend, "latitude": "1", "longitude": 0}, "latitude"),
        ("contacts", {"to": friend, "contacts": []}, "contacts"),
        (
            "contacts",
            {"to": friend, "contacts": [{"name": "A", "phones": ["12"]}]},
            "contacts.0.phones",
        ),
        (
            "poll",
            {"to": friend, "question": "Q", "options": [str(i) for i in range(13)]},
            "options",
        ),
        ("poll", {"to": friend, "question": "Q", "options": ["a"]}, "options"),
        ("poll", {"to": friend, "question": "Q", "options": ["a", "a"]}, "options"),
        (
            "poll",
            {"to": friend, "question": "Q", "options": ["a", "b"], "selectableCount": 3},
            "body",
        ),
        ("reaction", {"to": friend, "messageId": "3EB0X", "emoji": "a b"}, "emoji"),
        ("reaction", {"to": friend, "messageId": "bad id!", "emoji": "x"}, "messageId"),
    ]
    for kind, body, field in bad:
        r = await gw.call(gw.client, "POST", tenant, f"messages/{kind}", json=body)
        assert r.status_code == 422, (kind, body, r.text)
        assert field in [d["field"] for d in r.json()["details"]], (kind, body, r.text)
    for path, body in (
        (f"chats/{friend}/read", {"messageIds": ["A"], "upTo": "B"}),
        (f"chats/{friend}/read", {}),
        (f"chats/{friend}/presence", {"state": "dancing"}),
        ("presence", {"available": "yes"}),
        ("chats/12/presence", {"state": "typing"}),
    ):
        r = await gw.call(gw.client, "POST", tenant, path, json=body)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (path, r.text)
    r = await gw.call(
        gw.client, "PUT", tenant, f"chats/{friend}/messages/bad!id", json={"text": "x"}
    )
    assert r.status_code == 422, r.text
    # webhook endpoints filter by the new event types too
    kinds = ["reaction", "message_edited", "message_revoked", "poll_vote", "presence"]
    r = await gw.client.post(
        "/webhooks",
        headers=gw.auth(tenant),
        json={"url": "http://127.0.0.1:9/hook", "eventTypes": kinds},
    )
    assert r.status_code == 201 and r.json()["endpoint"]["eventTypes"] == sorted(kinds), r.text

    # another tenant's token reaches none of these routes for this company
    routes = [
        ("POST", "messages/location", {"to": friend, "latitude": 1, "longitude": 1}),
        (
            "POST",
            "messages/contacts",
            {"to": friend, "contacts": [{"name": "A", "phones": ["79161234567"]}]},
        ),
        ("POST", "messages/poll", {"to": friend, "question": "Q", "options": ["a", "b"]}),
        ("POST", "messages/reaction", {"to": friend, "messageId": "3EB0X", "emoji": "x"}),
        ("PUT", f"chats/{friend}/messages/3EB0X", {"text": "x"}),
        ("DELETE", f"chats/{friend}/messages/3EB0X", None),
        ("POST", f"chats/{friend}/read", {"upTo": "3EB0X"}),
        ("POST", f"chats/{friend}/presence", {"state": "typing"}),
        ("POST", "presence", {"available": True}),
    ]
    for method, path, body in routes:
        r = await gw.client.request(
            method,
            f"/sessions/{tenant}/{path}",
            headers=gw.auth(stranger),
            json=body,
        )
        assert (r.status_code, r.json()["code"]) == (404, "session_not_found"), (path, r.text)
    # the session's initialize was the only command: every refusal above was the gateway's
    assert [c.type for c in gw.bus.commands] == [CommandType.INITIALIZE]
