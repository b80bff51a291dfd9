"""The connector's handlers of the messaging commands: locations, contact
cards, polls, reactions, edits and revokes are messages, sent once per command through
`CommandHandler.send_message`; read marks and presence are chat actions that send none.
A message a command names must be in the session's message log (sent or received in
that chat): the network could not tell a typo from a message it forgot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from connector.engine import EngineError, ReactTo
from connector.session import Session
from wagate import bus
from wagate.bus import Command, CommandType
from wagate.content import EDIT_WINDOW_S, Contacts, Edit, Revoke

if TYPE_CHECKING:
    from connector.commands import CommandHandler

Answer = Callable[[Command, Session], Awaitable[Any]]


class MessagingCommands:
    """The handlers, each (command, session) -> result; CommandHandler wraps each with
    its session lookup (`answers`)."""

    def __init__(self, handler: CommandHandler) -> None:
        self._handler = handler

    async def send_location(self, command: Command, session: Session) -> bus.Sent:
        p = command.body()
        assert isinstance(p, bus.SendLocation)
        return await self._handler.send_message(
            command,
            session,
            p.to,
            p.quoted_message_id,
            lambda engine, mid, quote: engine.send_location(p.to, p.location, mid, quote),
            lambda: p.location,
        )

    async def send_contacts(self, command: Command, session: Session) -> bus.Sent:
        p = command.body()
        assert isinstance(p, bus.SendContacts)
        return await self._handler.send_message(
            command,
            session,
            p.to,
            p.quoted_message_id,
            lambda engine, mid, quote: engine.send_contacts(p.to, p.contacts, mid, quote),
            lambda: Contacts(p.contacts),
        )

    async def send_poll(self, command: Command, session: Session) -> bus.Sent:
        p = command.body()
        assert isinstance(p, bus.SendPoll)
        sent = await self._handler.send_message(
            command,
            session,
            p.to,
            p.quoted_message_id,
            lambda engine, mid, quote: engine.send_poll(p.to, p.poll, mid, quote),
            lambda: p.poll,
        )
        await session.remember_poll(sent.message_id, p.poll.options)
        return sent

    async def send_reaction(self, command: Command, session: Session) -> bus.Sent:
        p = command.body()
        assert isinstance(p, bus.SendReaction)
        target, _, _ = await session.message_ref(p.message_id, p.to)
        return await self._handler.send_message(
            command,
            session,
            p.to,
            None,
            lambda engine, mid, _: engine.send_reaction(p.to, target, p.emoji, mid),
            lambda: ReactTo(target, p.emoji),
        )

    async def edit_message(self, command: Command, session: Session) -> bus.Sent:
        p = command.body()
        assert isinstance(p, bus.EditMessage)
        await _own_message(session, p.chat, p.message_id, "edited", window=True)
        return await self._handler.send_message(
            command,
            session,
            p.chat,
            None,
            lambda engine, mid, _: engine.edit_message(p.chat, p.message_id, p.text, mid),
            lambda: Edit(p.message_id, p.text),
        )

    async def revoke_message(self, command: Command, session: Session) -> bus.Sent:
        p = command.body()
        assert isinstance(p, bus.RevokeMessage)
        await _own_message(session, p.chat, p.message_id, "revoked", window=False)
        return await self._handler.send_message(
            command,
            session,
            p.chat,
            None,
            lambda engine, mid, _: engine.revoke_message(p.chat, p.message_id, mid),
            lambda: Revoke(p.message_id),
        )

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

    def answers(self) -> dict[CommandType, Answer]:
        return {
            CommandType.SEND_LOCATION: self.send_location,
            CommandType.SEND_CONTACTS: self.send_contacts,
            CommandType.SEND_POLL: self.send_poll,
            CommandType.SEND_REACTION: self.send_reaction,
            CommandType.EDIT_MESSAGE: self.edit_message,
            CommandType.REVOKE_MESSAGE: self.revoke_message,
            CommandType.MARK_READ: self.mark_read,
            CommandType.CHAT_PRESENCE: self.chat_presence,
            CommandType.PRESENCE: self.presence,
        }


async def _own_message(
    session: Session, chat: str, message_id: str, what: str, *, window: bool
) -> None:
    """Only the sender edits or revokes a message; an edit only within WhatsApp's window
    (receivers ignore a later one, so it would look sent and change nothing)."""
    _, direction, sent_at = await session.message_ref(message_id, chat)
    if direction != "out":
        raise EngineError(
            "not_own_message", f"message {message_id} was received, not sent: it cannot be {what}"
        )
    if window and sent_at is not None:
        closed_at = sent_at + timedelta(seconds=EDIT_WINDOW_S)
        if datetime.now(UTC) >= closed_at:
            raise EngineError(
                "edit_window_closed",
                f"message {message_id} was sent more than {EDIT_WINDOW_S // 60} minutes ago; "
                "WhatsApp no longer accepts an edit of it",
            )
