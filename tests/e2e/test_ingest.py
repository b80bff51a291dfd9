"""What a phone sends reaches the tenant, whatever it contains: fields PostgreSQL cannot
store arrive with U+FFFD in place of the offending characters, and the session stays
connected."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx

from devstack.stack import EventReader, Stack

# a lone UTF-16 surrogate: valid JSON, not encodable as UTF-8
LONE_SURROGATE_JSON = '"hi \\ud800 there"'
PDF = b"%PDF-1.4 hello"


async def _sim_post(c: httpx.AsyncClient, url: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST a body whose text may hold lone surrogates, as raw JSON with escapes."""
    raw = json.dumps(body)  # ensure_ascii: a lone surrogate stays an escape
    r = await c.post(url, content=raw.encode(), headers={"content-type": "application/json"})
    assert r.status_code == 201, r.text
    answer: dict[str, Any] = r.json()
    return answer


async def _message(events: EventReader, message_id: str) -> dict[str, Any]:
    """The message's event; no session event on the way (it stays connected)."""
    while True:
        event = await events.next()
        assert event["type"] in ("message", "receipt"), event
        if event["type"] == "message" and event["data"]["messageId"] == message_id:
            return event


async def test_unstorable_characters_arrive_replaced_and_the_session_stays_connected(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        await events.until("connected")  # from here on, only what the phone sends
        friend = await stack.new_phone(client)
        media = await _sim_post(
            client,
            f"{stack.sim}/phones/{friend}/media",
            {
                "to": number,
                "kind": "document",
                "mimetype": "application/pdf\x00x",
                "filename": "re\x00port.pdf",
                "caption": "see\x00this",
                "data": base64.b64encode(PDF).decode(),
            },
        )
        text = await _sim_post(
            client,
            f"{stack.sim}/phones/{friend}/messages",
            {"to": number, "text": json.loads(LONE_SURROGATE_JSON)},
        )
        plain = await _sim_post(
            client, f"{stack.sim}/phones/{friend}/messages", {"to": number, "text": "after"}
        )

        got = (await _message(events, media["id"]))["data"]
        assert got["media"]["mimetype"] == "application/pdf\ufffdx"
        assert got["media"]["filename"] == "re\ufffdport.pdf"
        assert got["media"]["caption"] == "see\ufffdthis"
        assert got["text"] == "see\ufffdthis"
        assert (await _message(events, text["id"]))["data"]["text"] == "hi \ufffd there"
        assert (await _message(events, plain["id"]))["data"]["text"] == "after"

        # the attachment's row holds the same: its download names the file so
        r = await stack.call(client, "GET", tenant, f"media/{got['media']['id']}")
        assert r.status_code == 200, r.text
        assert r.content == PDF
        assert "filename*=UTF-8''re%EF%BF%BDport.pdf" in r.headers["content-disposition"]
        status = await stack.status(client, tenant)
    assert status["status"] == "connected", status
