"""Channels in process against a fake engine: what the routes answer, a post as a send
to the channel's id, and every bad input a 4xx with a stable code (an unknown channel
404, a channel the account does not administer 403)."""

from __future__ import annotations

import pytest

from tests.inproc import Gateway
from wagate.bus import ChannelInfo, ChannelPost
from wagate.content import Text

NEWS = "120363000000000001@newsletter"
MINE = "120363000000000002@newsletter"


def _channels(gw: Gateway, tenant: str) -> None:
    engine = gw.engine_of(tenant)
    engine.channels[NEWS] = ChannelInfo(NEWS, "News", followers=3)
    engine.channels[MINE] = ChannelInfo(MINE, "Ours", role="owner")
    engine.channel_posts_[NEWS] = [
        ChannelPost(100 + i, f"M{i}", "2026-12-01T12:00:00.000Z", "text", f"post {i}")
        for i in range(5)
    ]


async def test_follow_list_read_and_unfollow(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    _channels(gw, tenant)
    r = await gw.call(gw.client, "GET", tenant, "channels")
    assert [c["channelId"] for c in r.json()["channels"]] == [MINE], r.text
    r = await gw.call(gw.client, "POST", tenant, "channels/120363000000000001/follow")
    assert r.status_code == 200 and r.json()["following"] is True, r.text
    r = await gw.call(gw.client, "GET", tenant, f"channels/{NEWS}")
    assert r.json()["channel"] == {
        "channelId": NEWS,
        "name": "News",
        "description": "",
        "followers": 3,
        "role": "subscriber",
        "verified": False,
        "createdAt": None,
    }
    r = await gw.call(gw.client, "GET", tenant, f"channels/{NEWS}/posts", params={"count": 2})
    page = r.json()
    assert [p["serverId"] for p in page["posts"]] == [104, 103] and page["nextBefore"] == 103
    params = {"count": 5, "before": page["nextBefore"]}
    r = await gw.call(gw.client, "GET", tenant, f"channels/{NEWS}/posts", params=params)
    page = r.json()
    assert [p["text"] for p in page["posts"]] == ["post 2", "post 1", "post 0"], r.text
    assert page["nextBefore"] is None
    r = await gw.call(gw.client, "DELETE", tenant, f"channels/{NEWS}/follow")
    assert r.status_code == 200 and r.json()["following"] is False, r.text
    r = await gw.call(gw.client, "GET", tenant, "channels")
    assert [c["channelId"] for c in r.json()["channels"]] == [MINE], r.text


async def test_a_post_is_a_text_send_to_the_channel_its_admins_alone_make(
    gw: Gateway, tenant: str
) -> None:
    await gw.connect(tenant)
    _channels(gw, tenant)
    r = await gw.call(gw.client, "POST", tenant, "messages/text", json={"to": MINE, "text": "hi"})
    assert r.status_code == 200, r.text
    ((chat, content, *_),) = gw.engine_of(tenant).messages
    assert (chat, content) == (MINE, Text("hi"))
    r = await gw.call(gw.client, "POST", tenant, "messages/text", json={"to": NEWS, "text": "x"})
    assert r.status_code == 403 and r.json()["code"] == "not_channel_admin", r.text
    unknown = {"to": "120363000000000009@newsletter", "text": "x"}
    r = await gw.call(gw.client, "POST", tenant, "messages/text", json=unknown)
    assert r.status_code == 404 and r.json()["code"] == "channel_not_found", r.text


@pytest.mark.parametrize(
    ("method", "path", "kw", "status", "code"),
    [
        ("GET", "channels/120363000000000009@newsletter", {}, 404, "channel_not_found"),
        ("POST", "channels/120363000000000009/follow", {}, 404, "channel_not_found"),
        ("GET", "channels/abc", {}, 422, "validation_failed"),
        ("GET", "channels/1203@g.us", {}, 422, "validation_failed"),
        ("GET", f"channels/{NEWS}/posts", {"params": {"count": 0}}, 422, "validation_failed"),
        ("GET", f"channels/{NEWS}/posts", {"params": {"count": 101}}, 422, "validation_failed"),
        ("GET", f"channels/{NEWS}/posts", {"params": {"before": "x"}}, 422, "validation_failed"),
        ("GET", f"channels/{NEWS}/posts", {"params": {"since": 1}}, 422, "validation_failed"),
        (
            "POST",
            "messages/document",
            {"json": {"to": NEWS, "data": "aaaa"}},
            422,
            "validation_failed",
        ),
        (
            "POST",
            "messages/poll",
            {"json": {"to": NEWS, "question": "Q", "options": ["a", "b"]}},
            422,
            "validation_failed",
        ),  # fmt: skip
        (
            "POST",
            "messages/text",
            {"json": {"to": MINE, "text": "x", "quotedMessageId": "3EB0AA"}},
            422,
            "validation_failed",
        ),  # fmt: skip
    ],
)
async def test_bad_channel_input_is_a_4xx_with_a_stable_code(
    gw: Gateway, tenant: str, method: str, path: str, kw: dict[str, object], status: int, code: str
) -> None:
    await gw.connect(tenant)
    _channels(gw, tenant)
    r = await gw.call(gw.client, method, tenant, path, **kw)
    assert r.status_code == status and r.json()["code"] == code, r.text
    assert gw.engine_of(tenant).messages == []
