"""What a phone sends reaches the tenant, whatever it contains, and no single message can
stop a session's stream: fields PostgreSQL cannot store arrive with U+FFFD in place of
the offending characters, and an event the database refuses for any other reason is kept
aside (an `error` event says so) while the stream moves on."""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import sys
from typing import Any

import asyncpg
import httpx

from devstack.stack import EventReader, Stack
from tests.gateway.test_openapi_contract import Contract, load_spec

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


async def _quarantine_list(stack: Stack, tenant: str) -> list[dict[str, Any]]:
    """What `wagate quarantine list` shows the operator for the tenant."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "wagate", "quarantine", "list", "--company", tenant,
        env=stack.env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(child.communicate(), 60)
    assert child.returncode == 0, err.decode()
    listed: list[dict[str, Any]] = json.loads(out)
    return listed


async def _quarantined_metric(stack: Stack, c: httpx.AsyncClient) -> float:
    for line in (await c.get(f"{stack.connector_ops}/metrics")).text.splitlines():
        if line.startswith("wagate_events_quarantined_total "):
            return float(line.split()[1])
    raise AssertionError("no wagate_events_quarantined_total in the connector's metrics")


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

        event = await _message(events, media["id"])
        Contract(load_spec()).check_ws_frame(event, "Event")
        got = event["data"]
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


async def test_an_event_the_database_refuses_is_set_aside_and_later_ones_arrive(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    pill = f"poison-{secrets.token_hex(4)}"
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        await events.until("connected")  # from here on, only what the phone sends
        friend = await stack.new_phone(client)
        before = await _quarantined_metric(stack, client)
        pg = await asyncpg.connect(stack.env["DATABASE_URL"])
        # PostgreSQL refuses one event for a reason nobody foresaw (a constraint here)
        await pg.execute(
            f"ALTER TABLE event_log ADD CONSTRAINT refuse_{pill.replace('-', '_')} "
            f"CHECK (fields->>'data' NOT LIKE '%{pill}%')"
        )
        try:
            bad = await _sim_post(
                client, f"{stack.sim}/phones/{friend}/messages", {"to": number, "text": pill}
            )
            after = await _sim_post(
                client, f"{stack.sim}/phones/{friend}/messages", {"to": number, "text": "after"}
            )
            notice = await events.next()
            assert notice["type"] == "error", notice
            Contract(load_spec()).check_ws_frame(notice, "Event")  # as openapi.yaml says
            assert notice["data"]["code"] == "event_quarantined"
            assert notice["data"]["messageId"] == bad["id"]
            assert (await _message(events, after["id"]))["data"]["text"] == "after"
        finally:
            await pg.execute(
                f"ALTER TABLE event_log DROP CONSTRAINT refuse_{pill.replace('-', '_')}"
            )
            await pg.close()
        assert (await stack.status(client, tenant))["status"] == "connected"

    (kept,) = await _quarantine_list(stack, tenant)
    assert kept["eventId"] == notice["data"]["eventId"]
    assert (kept["type"], kept["data"]["text"], kept["tries"]) == ("message", pill, 3)
    assert "CheckViolationError" in kept["error"]
    assert await _quarantined_metric(stack, client) == before + 1
