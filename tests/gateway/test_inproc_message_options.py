"""Options on the existing kinds in process (tests/inproc.py): a text's mentions, a
media send's view once and a forward of a stored message, as the gateway checks them
and the bus carries them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.inproc import Gateway
from wagate.bus import CommandType, SendMessage
from wagate.content import LinkPreview, Location, MediaFile, Text
from wagate.tables import message_store as ms

FRIEND = "79005550123"
OTHER = "4915112345678"
GROUP = "120363000000000001@g.us"


async def test_mentions_reach_the_engine_as_numbers_the_text_writes(
    gw: Gateway, tenant: str
) -> None:
    await gw.connect(tenant)
    body = {"to": GROUP, "text": f"hi @{FRIEND} and @{OTHER}", "mentions": [f"+{FRIEND}", OTHER]}
    r = await gw.call(gw.client, "POST", tenant, "messages/text", json=body)
    assert r.status_code == 200, r.text
    everyone = {"to": GROUP, "text": "@all the build is green", "mentionAll": True}
    r = await gw.call(gw.client, "POST", tenant, "messages/text", json=everyone)
    assert r.status_code == 200, r.text
    sent = [m[1] for m in gw.engine_of(tenant).messages]
    assert sent == [
        Text(f"hi @{FRIEND} and @{OTHER}", [FRIEND, OTHER]),
        Text("@all the build is green", None, True),
    ]


async def test_bad_mentions_are_refused_before_anything_is_sent(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    bad = [
        {"to": FRIEND, "text": "hi @12", "mentions": ["12"]},  # not a number
        {"to": FRIEND, "text": "hi @99912345678", "mentions": ["99912345678"]},  # not valid
        {"to": FRIEND, "text": "hi there", "mentions": [FRIEND]},  # not in the text
        {"to": FRIEND, "text": f"hi @{FRIEND}0", "mentions": [FRIEND]},  # a longer number
        {"to": FRIEND, "text": "hi", "mentions": []},
        {"to": FRIEND, "text": "hi", "mentions": None},
        {"to": FRIEND, "text": "@all hi", "mentionAll": True},  # not a group
        {"to": GROUP, "text": "hi everyone", "mentionAll": True},  # no @all written
        {"to": GROUP, "text": "@all", "mentionAll": "yes"},
    ]
    for body in bad:
        r = await gw.call(gw.client, "POST", tenant, "messages/text", json=body)
        assert (r.status_code, r.json().get("code")) == (422, "validation_failed"), (body, r.text)
    assert [c.type for c in gw.bus.commands] == [CommandType.INITIALIZE]


async def test_view_once_is_asked_of_an_image_a_video_or_a_voice_note(
    gw: Gateway, tenant: str
) -> None:
    """The file at a URL: the connector here keeps no media, so what is checked is the
    command the gateway wrote (an upload's multipart field is in tests/e2e/test_media.py)."""
    await gw.connect(tenant)
    for kind in ("image", "video", "voice"):
        body = {"to": FRIEND, "url": f"https://files.example.com/{kind}", "viewOnce": True}
        await gw.call(gw.client, "POST", tenant, f"messages/{kind}", json=body)
    sends = [c.body() for c in gw.bus.commands if c.type == CommandType.SEND_MESSAGE]
    files = [s.content for s in sends if isinstance(s, SendMessage)]
    assert [(f.kind, f.view_once) for f in files if isinstance(f, MediaFile)] == [
        ("image", True),
        ("video", True),
        ("voice", True),
    ]
    # what cannot be opened once is refused: the field is unknown there
    for kind in ("audio", "document", "sticker"):
        body = {"to": FRIEND, "url": "https://files.example.com/f", "viewOnce": True}
        r = await gw.call(gw.client, "POST", tenant, f"messages/{kind}", json=body)
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (kind, r.text)
    body = {"to": FRIEND, "url": "https://files.example.com/f", "viewOnce": "true"}
    r = await gw.call(gw.client, "POST", tenant, "messages/image", json=body)
    assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), r.text


async def test_a_caption_mentions_as_a_text_does(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    url = "https://files.example.com/f"
    for kind, to in (("image", FRIEND), ("document", GROUP)):
        body = {"to": to, "url": url, "caption": f"@all for @{OTHER}", "mentions": [OTHER]}
        body |= {"mentionAll": True} if to == GROUP else {}
        await gw.call(gw.client, "POST", tenant, f"messages/{kind}", json=body)
    files = [c.body().content for c in gw.bus.commands if c.type == CommandType.SEND_MESSAGE]
    assert [(f.kind, f.mentions, f.mention_all) for f in files if isinstance(f, MediaFile)] == [
        ("image", [OTHER], None),
        ("document", [OTHER], True),
    ]
    for kind, body in (
        ("image", {"caption": "no one", "mentions": [OTHER]}),
        ("video", {"caption": "@all", "mentionAll": True}),  # not a group
        ("document", {"caption": f"@{OTHER}", "mentions": ["12"]}),
        ("voice", {"mentions": [OTHER]}),  # no caption, no mentions
    ):
        r = await gw.call(
            gw.client, "POST", tenant, f"messages/{kind}", json={"to": FRIEND, "url": url, **body}
        )
        assert (r.status_code, r.json()["code"]) == (422, "validation_failed"), (kind, r.text)


async def _stored(gw: Gateway, message: ms.NewMessage) -> None:
    pool = await gw.services.db.pool()
    assert await ms.add(pool, message)


def _kept(tenant: str, message_id: str, kind: str, **fields: Any) -> ms.NewMessage:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    defaults: dict[str, Any] = {"direction": "in", "sender": FRIEND, "body": None}
    return ms.NewMessage(tenant, FRIEND, message_id, kind=kind, sent_at=at, **(defaults | fields))


async def test_a_forward_sends_the_stored_content_marked_forwarded(
    gw: Gateway, tenant: str
) -> None:
    await gw.connect(tenant)
    place = {"latitude": 1.5, "longitude": 2.5, "name": "Here", "address": ""}
    await _stored(gw, _kept(tenant, "3EB0TEXT", "text", body="hello"))
    await _stored(gw, _kept(tenant, "3EB0PLACE", "location", content=place))
    for message_id in ("3EB0TEXT", "3EB0PLACE"):
        path = f"chats/{FRIEND}/messages/{message_id}/forward"
        r = await gw.call(gw.client, "POST", tenant, path, json={"to": GROUP})
        assert r.status_code == 200 and r.json()["to"] == GROUP, r.text
    sent = [(m[0], m[1]) for m in gw.engine_of(tenant).messages]
    assert sent == [
        (GROUP, Text("hello", forwarded=True)),
        (GROUP, Location(1.5, 2.5, "Here", "", forwarded=True)),
    ]


async def test_what_cannot_be_forwarded_is_refused_with_its_code(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    poll = {"question": "Q", "options": ["a", "b"], "selectable": 1}
    await _stored(gw, _kept(tenant, "3EB0POLL", "poll", content=poll))
    await _stored(gw, _kept(tenant, "3EB0META", "text"))  # a store of metadata only
    await _stored(gw, _kept(tenant, "3EB0GONE", "text", body="oops"))
    pool = await gw.services.db.pool()
    await ms.revoke(pool, tenant, FRIEND, "3EB0GONE", datetime.now(UTC))
    live = {"latitude": 1.5, "longitude": 2.5, "live": True, "sequenceNumber": 2}
    await _stored(gw, _kept(tenant, "3EB0LIVE", "location", content=live))
    remote = {"mediaId": "med_" + "0" * 24, "kind": "image", "mimetype": "image/png"}
    await _stored(gw, _kept(tenant, "3EB0IMG", "image", media=remote))
    refused = [
        (f"chats/{FRIEND}/messages/3EB0NONE", {"to": OTHER}, 404, "message_not_found"),
        (f"chats/{OTHER}/messages/3EB0POLL", {"to": OTHER}, 404, "message_not_found"),
        (f"chats/{FRIEND}/messages/3EB0POLL", {"to": OTHER}, 409, "message_not_forwardable"),
        (f"chats/{FRIEND}/messages/3EB0META", {"to": OTHER}, 409, "message_not_forwardable"),
        (f"chats/{FRIEND}/messages/3EB0GONE", {"to": OTHER}, 409, "message_not_forwardable"),
        (f"chats/{FRIEND}/messages/3EB0LIVE", {"to": OTHER}, 409, "message_not_forwardable"),
        (f"chats/{FRIEND}/messages/3EB0IMG", {"to": OTHER}, 404, "media_not_stored"),
        (f"chats/{FRIEND}/messages/3EB0POLL", {"to": "12"}, 422, "validation_failed"),
        (f"chats/{FRIEND}/messages/3EB0POLL", {}, 422, "validation_failed"),
        (f"chats/{FRIEND}/messages/bad!id", {"to": OTHER}, 422, "validation_failed"),
    ]
    for path, body, status, code in refused:
        r = await gw.call(gw.client, "POST", tenant, f"{path}/forward", json=body)
        assert (r.status_code, r.json()["code"]) == (status, code), (path, body, r.text)
    # forwarding shows the store's content at `to`: a key must both send and read
    await _stored(gw, _kept(tenant, "3EB0OK", "text", body="kept"))
    for scopes in (("send",), ("read",)):
        key = await gw.api_key(gw.client, tenant, *scopes)
        r = await gw.client.post(
            f"/sessions/{tenant}/chats/{FRIEND}/messages/3EB0OK/forward",
            headers={"X-API-Key": key},
            json={"to": OTHER},
        )
        assert (r.status_code, r.json()["code"]) == (403, "insufficient_scope"), (scopes, r.text)
    assert [c.type for c in gw.bus.commands] == [CommandType.INITIALIZE]


async def test_a_link_preview_is_asked_for_a_url_the_text_writes(gw: Gateway, tenant: str) -> None:
    """`true` asks the connector to build it (this connector has no fetcher: the engine
    gets it as asked); a caller's own card is sent as given."""
    await gw.connect(tenant)
    text = "read https://example.com/news/1. Then call"
    own = {"url": "https://example.com/news/1", "title": "News", "description": "One"}
    for preview in (True, own):
        r = await gw.call(
            gw.client, "POST", tenant, "messages/text",
            json={"to": FRIEND, "text": text, "linkPreview": preview},
        )  # fmt: skip
        assert r.status_code == 200, r.text
    sent = [m[1] for m in gw.engine_of(tenant).messages]
    assert [t.link_preview for t in sent if isinstance(t, Text)] == [
        LinkPreview("https://example.com/news/1", build=True),
        LinkPreview("https://example.com/news/1", "News", "One"),
    ]
    refused = [
        ({"text": "no link here", "linkPreview": True}, 422, "validation_failed"),
        ({"text": "see https://a.example", "linkPreview": {"url": "https://b.example"}}, 422,
         "validation_failed"),
        ({"text": "see https://a.example", "linkPreview": None}, 422, "validation_failed"),
        ({"text": "see https://a.example", "linkPreview": "yes"}, 422, "validation_failed"),
        ({"text": "see http://user:pw@a.example/x", "linkPreview": True}, 422, "url_not_allowed"),
        ({"text": "see https://a.example:0/x", "linkPreview": True}, 422, "url_not_allowed"),
    ]  # fmt: skip
    for body, status, code in refused:
        r = await gw.call(gw.client, "POST", tenant, "messages/text", json={"to": FRIEND, **body})
        assert (r.status_code, r.json()["code"]) == (status, code), (body, r.text)
