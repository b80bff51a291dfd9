"""Channels (WhatsApp's newsletters) on the sim network, kept as WhatsApp keeps them.

A channel has a `120363…@newsletter` id, a name, a description, an owner (its creator),
admins, followers and posts. Anyone may read a channel's info and posts and follow it;
only its owner and admins post (WhatsApp answers anyone else's message to it with a
refusal, here `not_channel_admin`), and an id no channel has is `channel_not_found`. A
post is a message to the channel's id (whatsmeow sends it in plaintext); followers read
posts by asking (whatsmeow's GetNewsletterMessages), which is all the sim does with them.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from simnet.errors import SimError

if TYPE_CHECKING:
    from simnet.network import Network

CHANNEL_NOT_FOUND, NOT_CHANNEL_ADMIN = "channel_not_found", "not_channel_admin"
OWNER, ADMIN, SUBSCRIBER, GUEST = "owner", "admin", "subscriber", "guest"
MAX_NAME, MAX_DESCRIPTION = 100, 2048  # WhatsApp's own limits
MAX_POSTS_ASKED = 100


@dataclass
class Post:
    server_id: int
    message_id: str
    timestamp: int  # epoch ms
    kind: str
    text: str
    views: int = 0


@dataclass
class Channel:
    id: str
    name: str
    owner: str
    created_ms: int
    description: str = ""
    admins: set[str] = field(default_factory=set)
    followers: set[str] = field(default_factory=set)
    posts: list[Post] = field(default_factory=list)

    def role(self, phone: str) -> str:
        if phone == self.owner:
            return OWNER
        if phone in self.admins:
            return ADMIN
        return SUBSCRIBER if phone in self.followers else GUEST


class Channels:
    def __init__(self, clock_ms: Callable[[], int]) -> None:
        self._clock_ms = clock_ms
        self._channels: dict[str, Channel] = {}

    def create(self, owner: str, name: str, description: str) -> Channel:
        if not 0 < len(name) <= MAX_NAME or len(description) > MAX_DESCRIPTION:
            raise SimError(400, "invalid_channel", f"name 1 to {MAX_NAME} characters")
        digits = "".join(secrets.choice(string.digits) for _ in range(12))
        channel = Channel(f"120363{digits}@newsletter", name, owner, self._clock_ms(), description)
        self._channels[channel.id] = channel
        return channel

    def get(self, channel_id: str) -> Channel:
        channel = self._channels.get(channel_id)
        if channel is None:
            raise SimError(404, CHANNEL_NOT_FOUND, f"no channel {channel_id}")
        return channel

    def followed_by(self, phone: str) -> list[Channel]:
        return [c for c in self._channels.values() if c.role(phone) != GUEST]

    def admin_of(self, channel_id: str, phone: str) -> Channel:
        """The channel, if `phone` may post to it."""
        channel = self.get(channel_id)
        if channel.role(phone) not in (OWNER, ADMIN):
            raise SimError(403, NOT_CHANNEL_ADMIN, f"{phone} does not administer {channel_id}")
        return channel

    def post(self, channel_id: str, by: str, message_id: str, kind: str, text: str) -> Post:
        channel = self.admin_of(channel_id, by)
        post = Post(len(channel.posts) + 100, message_id, self._clock_ms(), kind, text)
        channel.posts.append(post)
        return post


def channel_json(channel: Channel, me: str) -> dict[str, Any]:
    return {
        "id": channel.id,
        "name": channel.name,
        "description": channel.description,
        "followers": len(channel.followers),
        "role": channel.role(me),
        "created": channel.created_ms,
    }


def _channel_id(frame: dict[str, Any]) -> str:
    value = frame.get("channel")
    if not isinstance(value, str) or not value.endswith("@newsletter") or len(value) > 64:
        raise SimError(400, "bad_frame", "channel must be a …@newsletter id")
    return value


def _channels(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    return {"channels": [channel_json(c, me) for c in network.channels.followed_by(me)]}


def _info(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    return channel_json(network.channels.get(_channel_id(frame)), me)


def _follow(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    channel, follow = network.channels.get(_channel_id(frame)), frame.get("follow")
    if not isinstance(follow, bool):
        raise SimError(400, "bad_frame", "follow must be true or false")
    if follow:
        channel.followers.add(me)
    else:
        channel.followers.discard(me)
    return channel_json(channel, me)


def _posts(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    channel = network.channels.get(_channel_id(frame))
    count, before = frame.get("count", 50), frame.get("before")
    if not isinstance(count, int) or not 0 < count <= MAX_POSTS_ASKED:
        raise SimError(400, "bad_frame", f"count must be 1 to {MAX_POSTS_ASKED}")
    if before is not None and not isinstance(before, int):
        raise SimError(400, "bad_frame", "before must be a post's server id")
    older = [p for p in channel.posts if before is None or p.server_id < before]
    return {"posts": [vars(p) for p in reversed(older[-count:])]}  # newest first


def _create(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    name, description = frame.get("name"), frame.get("description", "")
    if not isinstance(name, str) or not isinstance(description, str):
        raise SimError(400, "invalid_channel", "name and description must be strings")
    return channel_json(network.channels.create(me, name, description), me)


def _add_admin(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    channel, phone = network.channels.get(_channel_id(frame)), frame.get("phone")
    if channel.owner != me:
        raise SimError(403, NOT_CHANNEL_ADMIN, "only the owner names admins")
    if not isinstance(phone, str) or phone not in network.phones:
        raise SimError(404, "not_on_whatsapp", f"{phone} is not on WhatsApp")
    channel.admins.add(phone)
    return channel_json(channel, me)


KINDS: dict[str, Callable[[Network, str, dict[str, Any]], dict[str, Any]]] = {
    "channels": _channels,
    "channel_info": _info,
    "follow_channel": _follow,
    "channel_posts": _posts,
    "create_channel": _create,  # the control API's (a phone's own app creates channels)
    "channel_admin": _add_admin,
}
