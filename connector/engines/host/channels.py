"""Channels (WhatsApp's newsletters) on an engine host: one request each
(internal/wa/channels.go); posting is a send to the channel's JID."""

from __future__ import annotations

from connector.engine import EngineError
from connector.engines.host.errors import GROUP_CALL_FAILED
from connector.engines.host.messages import ChannelRequest, ChannelWire, Reply, Request
from wagate.bus import ChannelInfo, ChannelPost
from wagate.timestamps import iso_of_ms

# whatsmeow's own wait for an answer (75 s), and some margin past it
CHANNEL_DEADLINE_S = 75.0 + 15.0


def _channel(found: ChannelWire) -> ChannelInfo:
    created = iso_of_ms(found.created_ms) if found.created_ms else None
    return ChannelInfo(
        found.jid, found.name, found.description, found.followers, found.role, found.verified,
        created,
    )  # fmt: skip


class HostChannels:
    session: str

    async def _call(self, request: Request, deadline_s: float, fallback: str = "") -> Reply:
        raise NotImplementedError

    async def _channel_call(self, kind: str, **fields: object) -> Reply:
        request = ChannelRequest.model_validate({"type": kind, "session": self.session, **fields})
        return await self._call(request, CHANNEL_DEADLINE_S, GROUP_CALL_FAILED)

    async def followed_channels(self) -> list[ChannelInfo]:
        return [_channel(c) for c in (await self._channel_call("followed_channels")).channels or []]

    async def channel_info(self, channel_id: str) -> ChannelInfo:
        return _one(await self._channel_call("channel_info", channel=channel_id))

    async def follow_channel(self, channel_id: str, follow: bool) -> None:
        _one(await self._channel_call("follow_channel", channel=channel_id, follow=follow))

    async def channel_posts(
        self, channel_id: str, count: int, before: int | None
    ) -> list[ChannelPost]:
        reply = await self._channel_call(
            "channel_posts", channel=channel_id, count=count, before=before
        )
        return [
            ChannelPost(
                p.server_id, p.message_id, iso_of_ms(p.timestamp_ms), p.kind, p.text, p.views
            )
            for p in reply.posts or []
        ]


def _one(reply: Reply) -> ChannelInfo:
    if reply.channel is None:
        raise EngineError(GROUP_CALL_FAILED, "the engine host answered no channel")
    return _channel(reply.channel)
