"""The connector's one send command, `send_message`: its wire content sent as the bus
carried it (an attachment once its bytes are found), through
`CommandHandler.send_message`, once per command.

A content that acts on another message (`ActsOnMessage`: a reaction, pin, edit, revoke,
...) names one that must be in the session's message log, sent or received in that chat:
the network could not tell a typo from a message it forgot. It is found here, once for
every such kind, by the kind's `RULE` (only the sender edits or revokes a message; an edit
only within WhatsApp's window), and the engine gets it, with its author, as the target."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from connector import lids
from connector.engine import EngineError, Quote
from connector.media.sending import MediaSending
from connector.session import Session
from wagate import bus
from wagate.bus import Command
from wagate.content import ActsOnMessage, MediaFile, Poll, SentAsIs, Text

if TYPE_CHECKING:
    from connector.commands import CommandHandler


class MessageSending:
    def __init__(self, handler: CommandHandler, media: MediaSending | None) -> None:
        self._handler = handler
        self._media = media

    async def answer(self, command: Command, session: Session) -> bus.Sent | bus.MediaSent:
        """The message sent to its chat's number (a LID given as the chat is looked up
        first), answered with the chat's number and LID where known."""
        p = command.body()
        assert isinstance(p, bus.SendMessage)
        chat, pair = await lids.number_of(session, p.chat)
        p = dataclasses.replace(p, chat=chat)
        if isinstance(p.content, MediaFile):
            sent: bus.Sent = await self._attachment(command, session, p, p.content)
        else:
            sent = await self._message(command, session, p, p.content)
        if chat.endswith("@g.us"):
            return sent
        lid = pair.lid if pair is not None else await lids.lid_of(session, chat)
        return dataclasses.replace(sent, chat=chat, lid=lid)

    async def _message(
        self, command: Command, session: Session, p: bus.SendMessage, content: SentAsIs
    ) -> bus.Sent:
        if isinstance(content, Text) and self._media is not None:
            content = await self._media.previews.built(session.tenant_id, command.id, content)
        target = await _target(session, p.chat, content)
        sent = await self._handler.send_message(
            command, session, p.chat, content, p.quoted_message_id, target
        )
        if isinstance(content, Poll):  # its votes name the options by hash
            await session.remember_poll(sent.message_id, content.options)
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


async def _target(session: Session, chat: str, content: object) -> Quote | None:
    """The message `content` acts on, with its author, as its kind's RULE allows one (the
    session's own only; within a window of its sending); None for a content acting on
    none."""
    if not isinstance(content, ActsOnMessage):
        return None
    rule, message_id = content.RULE, content.message_id
    target, direction, sent_at = await session.message_ref(message_id, chat)
    if rule.verb and direction != "out":
        raise EngineError(
            "not_own_message",
            f"message {message_id} was received, not sent: it cannot be {rule.verb}",
        )
    if rule.window_s is not None and sent_at is not None:
        if datetime.now(UTC) >= sent_at + timedelta(seconds=rule.window_s):
            raise EngineError(
                "edit_window_closed",
                f"message {message_id} was sent more than {rule.window_s // 60} minutes ago; "
                f"WhatsApp no longer lets it be {rule.verb}",
            )
    return target
