"""The sim engine's channel calls (WhatsApp's newsletters): one query frame each
(simnet/channels.py answers them). Posting is a send to the channel's id."""

from __future__ import annotations

from typing import Any

from wagate.bus import ChannelInfo, ChannelPost
from wagate.timestamps import iso_of_ms


def _channel(found: dict[str, Any]) -> ChannelInfo:
    return ChannelInfo(
        channel_id=str(found["id"]),
        name=str(found["name"]),
        description=str(found.get("description", "")),
        followers=int(found.get("followers", 0)),
        role=str(found.get("role", "guest")),
        created_at=iso_of_ms(int(found["created"])) if found.get("created") else None,
    )


class SimChannels:
    async def _query(self, kind: str, **fields: Any) -> dict[str, Any]:
        raise NotImplementedError

    async def followed_channels(self) -> list[ChannelInfo]:
        return [_channel(c) for c in (await self._query("channels"))["channels"]]

    async def channel_info(self, channel_id: str) -> ChannelInfo:
        return _channel(await self._query("channel_info", channel=channel_id))

    async def follow_channel(self, channel_id: str, follow: bool) -> None:
        await self._query("follow_channel", channel=channel_id, follow=follow)

    async def channel_posts(
        self, channel_id: str, count: int, before: int | None
    ) -> list[ChannelPost]:
        found = await self._query("channel_posts", channel=channel_id, count=count, before=before)
        return [
            ChannelPost(
                server_id=int(p["server_id"]),
                message_id=str(p["message_id"]),
                timestamp=iso_of_ms(int(p["timestamp"])),
                kind=str(p["kind"]),
                text=str(p.get("text", "")),
                views=int(p.get("views", 0)),
            )
            for p in found["posts"]
        ]
