"""The walking skeleton's user journey, end to end over real sockets: initialize, scan,
send, receive, and every read route, with the seed's response shapes."""

from __future__ import annotations

import asyncio
import base64

import httpx

from devstack.stack import Stack


async def test_initialize_returns_a_scannable_qr(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    r = await client.post(f"{stack.api}/sessions/{tenant}/initialize", headers=stack.auth(tenant))
    assert r.status_code == 200
    body = r.json()
    assert body["success"] is True
    assert body["companyId"] == tenant
    assert body["status"] == "qr"
    assert body["qr"].startswith("2@")
    png = base64.b64decode(body["qrDataUrl"].removeprefix("data:image/png;base64,"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "█" in body["qrTerminal"] and body["qrTerminal"].count("\n") > 20
    # the path in the phone's WhatsApp app, in its own words
    assert (
        body["message"] == "Scan the QR code in WhatsApp: Settings → Linked devices → Link a device"
    )


async def test_scan_send_receive(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        status = await stack.status(client, tenant)
        assert status["connected"] is True and status["phone"] == number

        qr_event = await events.until("qr")
        assert qr_event["companyId"] == tenant and qr_event["data"]["qr"].startswith("2@")
        connected = await events.until("connected")
        assert connected["data"]["phone"] == number

        # tenant → virtual phone
        friend = await stack.new_phone(client)
        r = await client.post(
            f"{stack.api}/sessions/{tenant}/send",
            headers=stack.auth(tenant),
            json={"phone": friend, "message": "Hello from wagate"},
        )
        assert r.status_code == 200, r.text
        sent = r.json()
        assert sent["success"] is True and sent["messageId"] and sent["timestamp"].endswith("Z")
        inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
        assert [(m["id"], m["from"], m["text"]) for m in inbox] == [
            (sent["messageId"], number, "Hello from wagate")
        ]
        receipt = await events.until("receipt")
        assert receipt["data"] == {
            "messageId": sent["messageId"],
            "to": friend,
            "status": "delivered",
        }

        # virtual phone → tenant, seen on the WebSocket
        r = await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "Hi tenant"}
        )
        assert r.status_code == 201
        message = await events.until("message")
        assert message["data"]["from"] == friend
        assert message["data"]["text"] == "Hi tenant"
        assert message["data"]["messageId"] == r.json()["id"]


async def test_read_routes(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    await stack.connect_session(client, tenant)

    r = await client.get(f"{stack.api}/sessions", headers=stack.auth(tenant))
    assert r.status_code == 200
    assert r.json()["total"] == 1
    assert [s["companyId"] for s in r.json()["sessions"]] == [tenant]

    r = await client.get(
        f"{stack.api}/sessions", headers={"Authorization": f"Bearer {stack.admin_token()}"}
    )
    assert tenant in {s["companyId"] for s in r.json()["sessions"]}

    r = await client.get(f"{stack.api}/sessions/{tenant}/health", headers=stack.auth(tenant))
    assert r.status_code == 200
    assert r.json()["healthy"] is True and r.json()["latencyMs"] >= 0

    admin = {"Authorization": f"Bearer {stack.admin_token()}"}
    metrics = (await client.get(f"{stack.api}/metrics", headers=admin)).json()["metrics"]
    assert metrics["activeConnections"] >= 1
    assert metrics["totalSessions"] >= 1

    text = (await client.get(f"{stack.api}/metrics/prometheus", headers=admin)).text
    for name in (
        "whatsapp_sessions_total",
        "whatsapp_active_connections",
        "whatsapp_messages_sent_total",
        "whatsapp_messages_received_total",
        "whatsapp_errors_total",
        "whatsapp_reconnect_attempts",
    ):
        assert f"\n{name}" in text, name


async def test_second_initialize_reuses_the_session(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    url = f"{stack.api}/sessions/{tenant}/initialize"
    first, second = await asyncio.gather(
        client.post(url, headers=stack.auth(tenant)), client.post(url, headers=stack.auth(tenant))
    )
    assert first.json()["qr"] == second.json()["qr"]  # one pairing attempt, one socket

    phone = await stack.new_phone(client)
    await client.post(f"{stack.sim}/phones/{phone}/link", json={"qr": first.json()["qr"]})
    await stack.wait_status(client, tenant, "connected")

    again = await client.post(url, headers=stack.auth(tenant))
    assert again.json()["status"] == "connected"
    assert again.json()["message"] == "Session already connected"
    device = (await client.get(f"{stack.sim}/phones/{phone}")).json()
    assert device["linkedDevices"] == 1 and device["connectedDevices"] == 1


async def test_send_errors_from_whatsapp(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    send = f"{stack.api}/sessions/{tenant}/send"
    await client.post(f"{stack.api}/sessions/{tenant}/initialize", headers=stack.auth(tenant))
    r = await client.post(
        send, headers=stack.auth(tenant), json={"phone": "79001112233", "message": "x"}
    )
    assert (r.status_code, r.json()["code"]) == (409, "session_not_connected")

    await stack.connect_session(client, tenant)
    unknown = stack.new_number()  # no virtual phone has this number
    r = await client.post(send, headers=stack.auth(tenant), json={"phone": unknown, "message": "x"})
    assert (r.status_code, r.json()["code"]) == (422, "not_on_whatsapp")


async def test_pairing_expires_and_initialize_starts_again(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    url = f"{stack.api}/sessions/{tenant}/initialize"
    async with stack.events(tenant) as events:
        first = (await client.post(url, headers=stack.auth(tenant))).json()
        # the test stack rotates codes every 2 s, 3 codes per attempt
        codes = {first["qr"]}
        while len(codes) < 3:
            codes.add((await events.until("qr"))["data"]["qr"])
        expired = await events.until("state", timeout_s=5)
        assert expired["data"] == {"state": "stopped", "previous": "qr", "reason": "qr_expired"}
    status = await stack.status(client, tenant)
    assert (status["status"], status["reason"]) == ("stopped", "qr_expired")

    phone = await stack.new_phone(client)
    r = await client.post(f"{stack.sim}/phones/{phone}/link", json={"qr": first["qr"]})
    assert r.status_code == 410  # an old code no longer links

    again = (await client.post(url, headers=stack.auth(tenant))).json()
    assert again["status"] == "qr" and again["qr"] not in codes


async def test_a_send_can_reply_to_a_message(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    async with stack.events(tenant) as events:
        number = await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)
        r = await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "Is it in stock?"}
        )
        asked = r.json()["id"]
        await events.until("message")

    async def reply(quoted: object, text: str = "Yes") -> httpx.Response:
        return await client.post(
            f"{stack.api}/sessions/{tenant}/send",
            headers=stack.auth(tenant),
            json={"phone": friend, "message": text, "quotedMessageId": quoted},
        )

    r = await reply(asked)
    assert r.status_code == 200, r.text
    answer = r.json()["messageId"]
    r = await reply(answer, "It ships tomorrow")  # quoting the session's own message
    assert r.status_code == 200, r.text
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert [(m["text"], m.get("quoted")) for m in inbox] == [
        ("Yes", {"id": asked, "from": friend}),
        ("It ships tomorrow", {"id": answer, "from": number}),
    ]

    # a message this session never saw (another tenant's, or made up) is not quotable
    r = await reply("3EB0DEADBEEF00000000")
    assert (r.status_code, r.json()["code"]) == (422, "quoted_message_not_found"), r.text
    for bad in ("", "has spaces", None, 42):
        r = await reply(bad)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (bad, r.text)
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert len(inbox) == 2  # nothing refused went out


async def test_the_text_message_route_sends_to_a_chat(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    """POST /messages/text: the seed's send with `to` (a chat) and `text`, the same
    answer, the same idempotency, quotes and validation."""
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    url = f"{stack.api}/sessions/{tenant}/messages/text"

    async def post(body: object, key: str | None = None) -> httpx.Response:
        headers = stack.auth(tenant) | ({"Idempotency-Key": key} if key else {})
        return await client.post(url, headers=headers, json=body)

    r = await post({"to": f"+{friend}", "text": "Hi there"}, key="k1")
    assert r.status_code == 200, r.text
    sent = r.json()
    assert sent["success"] is True and sent["to"] == friend and sent["companyId"] == tenant
    again = await post({"to": f"+{friend}", "text": "Hi there"}, key="k1")
    assert again.json() == sent and again.headers["Idempotency-Replayed"] == "true"
    r = await post({"to": friend, "text": "Quoting", "quotedMessageId": sent["messageId"]})
    assert r.status_code == 200, r.text
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert [(m["text"], m.get("quoted")) for m in inbox] == [
        ("Hi there", None),
        ("Quoting", {"id": sent["messageId"], "from": number}),
    ]

    for bad in (
        {"to": friend},  # no text
        {"to": friend, "text": ""},
        {"to": "12", "text": "x"},  # not a number
        {"to": "123@g.us", "text": "x"},  # not a group id
        {"to": friend, "message": "x"},  # the seed's field name is not this route's
        {"phone": friend, "text": "x"},
    ):
        r = await post(bad)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (bad, r.text)
    r = await client.post(
        url, headers=stack.auth(stack.new_tenant()), json={"to": friend, "text": "x"}
    )
    assert r.status_code == 404  # another tenant's session is not there
    r = await client.post(
        f"{stack.api}/sessions/{stack.new_tenant()}/messages/text",
        headers=stack.auth(tenant),
        json={"to": friend, "text": "x"},
    )
    assert (r.status_code, r.json()["code"]) == (404, "session_not_found")
