"""The connector's handlers of the channel commands (WhatsApp's newsletters): each asks
the tenant's engine once (Session.ask) and answers a typed result. Posting to a channel
is a send (connector/message_sending.py) to its id. Registered in connector/commands.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from connector.session import Session
from wagate import bus
from wagate.bus import Command, CommandType

Answer = Callable[[Command, Session], Awaitable[Any]]


async def _list(command: Command, session: Session) -> bus.ChannelList:
    return bus.ChannelList(await session.ask(lambda engine: engine.followed_channels()))


async def _info(command: Command, session: Session) -> bus.ChannelInfo:
    p = command.body()
    assert isinstance(p, bus.ChannelInfoQuery)
    return await session.ask(lambda engine: engine.channel_info(p.channel_id))


async def _follow(command: Command, session: Session) -> bus.ChannelDone:
    p = command.body()
    assert isinstance(p, bus.FollowChannel)
    await session.ask(lambda engine: engine.follow_channel(p.channel_id, p.follow))
    return bus.ChannelDone(p.channel_id, p.follow)


async def _posts(command: Command, session: Session) -> bus.ChannelPosts:
    p = command.body()
    assert isinstance(p, bus.ChannelPostsQuery)
    posts = await session.ask(lambda engine: engine.channel_posts(p.channel_id, p.count, p.before))
    return bus.ChannelPosts(p.channel_id, posts)


# each answered with the tenant's session (commands.py: none is `session_not_found`)
ANSWERS: dict[CommandType, Answer] = {
    CommandType.LIST_CHANNELS: _list,
    CommandType.CHANNEL_INFO: _info,
    CommandType.FOLLOW_CHANNEL: _follow,
    CommandType.CHANNEL_POSTS: _posts,
}
