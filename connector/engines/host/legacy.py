"""=== TO DELETE AT MERGE: the Engine protocol's per-kind send methods ===

Only so mypy accepts HostEngine against today's `Engine` protocol, which still has one
method per kind of message: each builds the Outgoing and calls `send`. Once the protocol
has `send(chat, content, message_id, quote)` alone, delete this module and the base
class in engine.py.
"""

from __future__ import annotations

from connector.engine import (
    Attachment,
    MediaBytes,
    Outgoing,
    OutgoingMedia,
    Quote,
    ReactTo,
    SentMessage,
)
from wagate.content import ContactCard, Contacts, Edit, Location, Poll, Revoke, Text


class LegacySends:
    async def send(
        self, chat: str, content: Outgoing, message_id: str, quote: Quote | None = None
    ) -> SentMessage:
        raise NotImplementedError

    async def send_text(
        self, to: str, text: str, message_id: str, quote: Quote | None = None
    ) -> SentMessage:
        return await self.send(to, Text(text), message_id, quote)

    async def send_media(
        self,
        to: str,
        media: OutgoingMedia,
        data: MediaBytes,
        message_id: str,
        quote: Quote | None = None,
    ) -> SentMessage:
        return await self.send(to, Attachment(media, data), message_id, quote)

    async def send_location(
        self, to: str, location: Location, message_id: str, quote: Quote | None = None
    ) -> SentMessage:
        return await self.send(to, location, message_id, quote)

    async def send_contacts(
        self, to: str, cards: list[ContactCard], message_id: str, quote: Quote | None = None
    ) -> SentMessage:
        return await self.send(to, Contacts(cards), message_id, quote)

    async def send_poll(
        self, to: str, poll: Poll, message_id: str, quote: Quote | None = None
    ) -> SentMessage:
        return await self.send(to, poll, message_id, quote)

    async def send_reaction(
        self, chat: str, target: Quote, emoji: str, message_id: str
    ) -> SentMessage:
        return await self.send(chat, ReactTo(target, emoji), message_id)

    async def edit_message(
        self, chat: str, target_id: str, text: str, message_id: str
    ) -> SentMessage:
        return await self.send(chat, Edit(target_id, text), message_id)

    async def revoke_message(self, chat: str, target_id: str, message_id: str) -> SentMessage:
        return await self.send(chat, Revoke(target_id), message_id)
