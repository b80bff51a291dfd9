"""The engine host adapter's channel requests: what the host is sent, and its answers
read as the bus's channel types."""

from __future__ import annotations

from typing import Any

import pytest

from connector.engine import EngineError
from connector.engines.host.channels import HostChannels
from connector.engines.host.errors import check
from connector.engines.host.messages import Reply, Request
from wagate.bus import ChannelInfo, ChannelPost

NEWS = "120363000000000001@newsletter"


class ChannelEngine(HostChannels):
    def __init__(self, answer: dict[str, Any]) -> None:
        self.session = "t#1"
        self.answer = answer
        self.sent: list[dict[str, Any]] = []

    async def _call(self, request: Request, deadline_s: float, fallback: str = "") -> Reply:
        self.sent.append(request.model_dump(exclude={"id"}, exclude_none=True))
        return check(Reply.model_validate({"type": "reply", "id": 1, **self.answer}), fallback)


async def test_channel_requests_and_their_answers() -> None:
    channel = {"jid": NEWS, "name": "News", "followers": 3, "role": "subscriber",
               "created_ms": 1_767_225_600_000}  # fmt: skip
    post = {"server_id": 101, "message_id": "M1", "timestamp_ms": 1_767_225_600_000,
            "kind": "text", "text": "Open!", "views": 7}  # fmt: skip
    engine = ChannelEngine({"channel": channel, "channels": [channel], "posts": [post]})
    news = ChannelInfo(NEWS, "News", "", 3, "subscriber", False, "2026-01-01T00:00:00.000Z")
    assert await engine.followed_channels() == [news]
    assert await engine.channel_info(NEWS) == news
    await engine.follow_channel(NEWS, False)
    assert await engine.channel_posts(NEWS, 5, 200) == [
        ChannelPost(101, "M1", "2026-01-01T00:00:00.000Z", "text", "Open!", 7)
    ]
    assert engine.sent == [
        {"type": "followed_channels", "session": "t#1"},
        {"type": "channel_info", "session": "t#1", "channel": NEWS},
        {"type": "follow_channel", "session": "t#1", "channel": NEWS, "follow": False},
        {"type": "channel_posts", "session": "t#1", "channel": NEWS, "count": 5, "before": 200},
    ]


@pytest.mark.parametrize("code", ["channel_not_found", "not_channel_admin"])
async def test_the_hosts_channel_refusals_keep_their_codes(code: str) -> None:
    engine = ChannelEngine({"error": {"code": code}})
    with pytest.raises(EngineError) as raised:
        await engine.channel_info(NEWS)
    assert raised.value.code == code
