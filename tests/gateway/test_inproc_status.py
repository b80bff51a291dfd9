"""Status updates in process: text, photos and videos go to WhatsApp's status broadcast
through the one send pipeline; every other kind, a reply, or the status broadcast named
as a chat to act in is 422 before anything reaches the connector."""

from __future__ import annotations

import base64

import pytest

from tests.inproc import Gateway
from wagate.content import Text

STATUS = "status@broadcast"


async def test_a_text_status_is_one_send_to_the_status_broadcast(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    r = await gw.call(
        gw.client, "POST", tenant, "messages/text", json={"to": STATUS, "text": "Open!"}
    )
    assert r.status_code == 200, r.text
    ((chat, content, message_id, quote, _),) = gw.engine_of(tenant).messages
    assert (chat, content, message_id, quote) == (
        STATUS,
        Text("Open!"),
        r.json()["messageId"],
        None,
    )


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("messages/location", {"to": STATUS, "latitude": 1, "longitude": 2}),
        ("messages/poll", {"to": STATUS, "question": "Q", "options": ["a", "b"]}),
        ("messages/reaction", {"to": STATUS, "messageId": "3EB0AA", "emoji": "x"}),
        (
            "messages/contacts",
            {"to": STATUS, "contacts": [{"name": "A", "phones": ["79005550123"]}]},
        ),
        ("messages/document", {"to": STATUS, "data": base64.b64encode(b"%PDF-1.4 x").decode()}),
        ("messages/sticker", {"to": STATUS, "data": "UklGRgAAAABXRUJQ"}),
        ("messages/text", {"to": STATUS, "text": "re", "quotedMessageId": "3EB0AA"}),
        ("messages/text", {"to": "status@broadcast2", "text": "x"}),
    ],
)
async def test_what_cannot_be_a_status_is_422(
    gw: Gateway, tenant: str, path: str, body: dict[str, object]
) -> None:
    await gw.connect(tenant)
    r = await gw.call(gw.client, "POST", tenant, path, json=body)
    assert r.status_code == 422 and r.json()["code"] == "validation_failed", r.text
    assert gw.engine_of(tenant).messages == []


async def test_the_status_broadcast_is_no_chat_to_act_in(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    for method, path, body in [
        ("PUT", f"chats/{STATUS}/messages/3EB0AA", {"text": "x"}),
        ("POST", f"chats/{STATUS}/messages/3EB0AA/pin", None),
        ("POST", f"chats/{STATUS}/read", {"messageIds": ["3EB0AA"]}),
    ]:
        r = await gw.call(gw.client, method, tenant, path, json=body)
        assert r.status_code == 422 and r.json()["code"] == "validation_failed", (path, r.text)
    assert gw.engine_of(tenant).messages == []
