"""The connector's handlers of the chat actions that send no message: read marks,
presence and presence subscriptions, on-demand history requests, and a chat's app state
(archive, pin, mute, mark unread). Every message, of any kind, is
connector/message_sending.py's."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from connector.engine import OldestMessage
from connector.session import Session
from wagate import bus
from wagate.bus import Command, CommandType

if TYPE_CHECKING:
    from connector.commands import CommandHandler

Answer = Callable[[Command, Session], Awaitable[Any]]


class MessagingCommands:
    """The handlers, each (command, session) -> result; CommandHandler wraps each with
    its session lookup (`answers`)."""

    def __init__(self, handler: CommandHandler) -> None:
        self._handler = handler

    async def mark_read(self, command: Command, session: Session) -> bus.MarkedRead:
        p = command.body()
        assert isinstance(p, bus.MarkRead)
        return bus.MarkedRead(p.chat, await session.mark_read(p.chat, p.message_ids, p.up_to))

    async def chat_presence(self, command: Command, session: Session) -> bus.Done:
        p = command.body()
        assert isinstance(p, bus.ChatPresence)
        await session.ask(lambda engine: engine.send_chat_presence(p.chat, p.state))
        return bus.Done()

    async def presence(self, command: Command, session: Session) -> bus.Done:
        p = command.body()
        assert isinstance(p, bus.Presence)
        await session.ask(lambda engine: engine.send_presence(p.available))
        return bus.Done()

    async def subscribe_presence(self, command: Command, session: Session) -> bus.Done:
        p = command.body()
        assert isinstance(p, bus.SubscribePresence)
        await session.ask(lambda engine: engine.subscribe_presence(p.phone))
        return bus.Done()

    async def request_history(self, command: Command, session: Session) -> bus.Done:
        p = command.body()
        assert isinstance(p, bus.RequestHistory)
        oldest = OldestMessage(p.oldest_id, p.oldest_from_me, p.oldest_at_ms)
        await session.ask(lambda engine: engine.request_history(p.chat, oldest, p.count))
        return bus.Done()

    async def chat_state(self, command: Command, session: Session) -> bus.Done:
        p = command.body()
        assert isinstance(p, bus.SetChatState)
        await session.set_chat_state(p)
        return bus.Done()

    def answers(self) -> dict[CommandType, Answer]:
        return {
            CommandType.MARK_READ: self.mark_read,
            CommandType.CHAT_PRESENCE: self.chat_presence,
            CommandType.PRESENCE: self.presence,
            CommandType.SUBSCRIBE_PRESENCE: self.subscribe_presence,
            CommandType.REQUEST_HISTORY: self.request_history,
            CommandType.CHAT_STATE: self.chat_state,
        }
