"""The connector's one send command, `send_message`: its wire content resolved into what
the engine sends (`Outgoing`), one case per kind, then sent once per command through
`CommandHandler.send_message`.

A message the content names (a reaction's, pin's, edit's or revoke's target) must be in the
session's message log, sent or received in that chat: the network could not tell a
typo from a message it forgot. Only the sender edits or revokes a message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from connector.engine import EngineError, PinTo, ReactTo
from connector.media.sending import MediaSending
from connector.session import Content, Session
from wagate import bus
from wagate.bus import Command
from wagate.content import (
    EDIT_WINDOW_S,
    Contacts,
    Edit,
    Location,
    MediaFile,
    Pin,
    Poll,
    Reaction,
    Revoke,
    SendContent,
    Text,
)

if TYPE_CHECKING:
    from connector.commands import CommandHandler


class MessageSending:
    def __init__(self, handler: CommandHandler, media: MediaSending | None) -> None:
        self._handler = handler
        self._media = media

    async def answer(self, command: Command, session: Session) -> bus.Sent | bus.MediaSent:
        p = command.body()
        assert isinstance(p, bus.SendMessage)
        if isinstance(p.content, MediaFile):
            return await self._attachment(command, session, p, p.content)
        outgoing = await _resolved(session, p.chat, p.content)
        sent = await self._handler.send_message(
            command, session, p.chat, outgoing, p.quoted_message_id
        )
        if isinstance(p.content, Poll):  # its votes name the options by hash
            await session.remember_poll(sent.message_id, p.content.options)
        return sent

    async def _attachment(
        self, command: Command, session: Session, p: bus.SendMessage, file: MediaFile
    ) -> bus.MediaSent:
        """The file is found or fetched, checked and converted only once the send is
        claimed (connector/media/sending.py); what was made for it goes afterwards."""
        if self._media is None:
            raise EngineError("media_not_stored", "this connector keeps no media")
        sending, tenant_id = self._media, session.tenant_id
        prepared = sending.prepare(tenant_id, file)
        try:
            sent = await self._handler.send_message(
                command,
                session,
                p.chat,
                lambda: sending.attachment(prepared, tenant_id, command.id, file),
                p.quoted_message_id,
            )
        finally:
            await sending.finish(prepared)
        out = prepared.media  # None: answered from the message log (sent before)
        return bus.MediaSent(
            sent.message_id,
            sent.sent_at,
            kind=file.kind,
            mimetype=out.mimetype if out else file.mimetype or "",
            size_bytes=out.size_bytes if out else file.size_bytes or 0,
            sha256=out.sha256 if out else file.sha256 or "",
            converted=prepared.converted,
        )


async def _resolved(session: Session, chat: str, content: SendContent) -> Content:
    """What the engine sends for every kind but an attachment."""
    match content:
        case Reaction(message_id, emoji):
            target, _, _ = await session.message_ref(message_id, chat)
            return ReactTo(target, emoji)
        case Pin(message_id, duration_s):
            target, _, _ = await session.message_ref(message_id, chat)
            return PinTo(target, duration_s)
        case Edit(message_id, _):
            await _own_message(session, chat, message_id, "edited", window=True)
            return content
        case Revoke(message_id):
            await _own_message(session, chat, message_id, "revoked", window=False)
            return content
        case Text() | Location() | Contacts() | Poll():
            return content
        case MediaFile():
            raise AssertionError("an attachment is sent by MessageSending._attachment")


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
