"""Channels (WhatsApp's newsletters): the ones the account follows, one channel's info,
follow and unfollow, and a channel's posts. Posting is a send: `POST .../messages/text`
(or `image`, `video`) with `to` the channel's id (`…@newsletter`), which only its owner
and admins may make
(`403 not_channel_admin`). An id no channel has is `404 channel_not_found`.

Reads need the `read` scope; follow and unfollow act in WhatsApp as the session's number,
as group changes do: `send`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response

from gateway.access import tenant_for
from gateway.answers import tenant_ok
from gateway.bus_client import tenant_call
from gateway.errors import ApiError
from gateway.principal import Scope
from gateway.routing import route
from gateway.schemas import CHANNEL_ID, validate
from wagate import bus
from wagate.content import CHANNEL_SERVER

T = TypeVar("T")
MAX_POSTS = 100


class ChannelPostsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")  # query strings are text: not strict

    count: int = Field(default=20, ge=1, le=MAX_POSTS)
    before: int | None = Field(default=None, ge=1, description="a post's serverId")


def channel_id_param(value: str) -> str:
    """The path's channel id: `…@newsletter`, or its digits alone."""
    channel_id = value if value.endswith(CHANNEL_SERVER) else value + CHANNEL_SERVER
    if len(channel_id) > 64 or not CHANNEL_ID.fullmatch(channel_id):
        message = "is not a channel id (digits, then @newsletter)"
        raise ApiError(
            "validation_failed",
            f"channelId: {message}",
            details=[{"field": "channelId", "message": message}],
        )
    return channel_id


def channel_json(c: bus.ChannelInfo) -> dict[str, Any]:
    return {
        "channelId": c.channel_id,
        "name": c.name,
        "description": c.description,
        "followers": c.followers,
        "role": c.role,
        "verified": c.verified,
        "createdAt": c.created_at,
    }


def post_json(p: bus.ChannelPost) -> dict[str, Any]:
    return {
        "serverId": p.server_id,
        "messageId": p.message_id,
        "timestamp": p.timestamp,
        "type": p.kind,
        "text": p.text,
        "views": p.views,
    }


async def list_channels(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    found = await tenant_call(request, tenant_id, bus.ListChannels(), bus.ChannelList)
    channels = [channel_json(c) for c in found.channels]
    return tenant_ok(tenant_id, {"channels": channels, "total": len(channels)})


async def get_channel(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    channel_id = channel_id_param(request.path_params["channelId"])
    found = await tenant_call(request, tenant_id, bus.ChannelInfoQuery(channel_id), bus.ChannelInfo)
    return tenant_ok(tenant_id, {"channel": channel_json(found)})


async def _follow(request: Request, follow: bool) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    channel_id = channel_id_param(request.path_params["channelId"])
    done = await tenant_call(
        request, tenant_id, bus.FollowChannel(channel_id, follow), bus.ChannelDone
    )
    return tenant_ok(tenant_id, {"channelId": done.channel_id, "following": done.following})


async def follow(request: Request) -> Response:
    return await _follow(request, True)


async def unfollow(request: Request) -> Response:
    return await _follow(request, False)


async def channel_posts(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    channel_id = channel_id_param(request.path_params["channelId"])
    query = validate(ChannelPostsQuery, dict(request.query_params))
    payload = bus.ChannelPostsQuery(channel_id, query.count, query.before)
    found = await tenant_call(request, tenant_id, payload, bus.ChannelPosts)
    posts = [post_json(p) for p in found.posts]
    # the next page: the posts before the oldest of this one, when it was full
    before = found.posts[-1].server_id if len(found.posts) == query.count else None
    return tenant_ok(tenant_id, {"channelId": channel_id, "posts": posts, "nextBefore": before})


routes = [
    route("/sessions/{companyId}/channels", GET=list_channels),
    route("/sessions/{companyId}/channels/{channelId}", GET=get_channel),
    route("/sessions/{companyId}/channels/{channelId}/follow", POST=follow, DELETE=unfollow),
    route("/sessions/{companyId}/channels/{channelId}/posts", GET=channel_posts),
]
