"""A WhatsApp message (wagate's `message` event) into Chatwoot: the chat's contact and
conversation found or made (and remembered), then the message, with its attachment
fetched from wagate's media API and uploaded as multipart."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from integrations.chatwoot.chatwoot_api import Attachment, ChatwootApi
from integrations.chatwoot.errors import NotFound, Refused
from integrations.chatwoot.store import BridgeStore, ChatLink
from integrations.chatwoot.wagate_api import WagateApi

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Inbound:
    chatwoot: ChatwootApi
    wagate: WagateApi
    store: BridgeStore

    async def deliver(self, event: dict[str, Any]) -> list[tuple[str, int]]:
        """Post the event's message; the (WhatsApp id, Chatwoot id) it became."""
        data = event["data"]
        link = await self._link(data)
        attachment, note = await self._attachment(data)
        content = "\n".join(part for part in (_content(data), note) if part)
        if not content and attachment is None:  # a kind this bridge cannot show
            content = "[a WhatsApp message this bridge cannot show]"
        try:
            message_id = await self._post(link, content, attachment)
        except NotFound:  # an agent deleted the conversation (or the contact): start again
            # forgotten first: if starting again fails (Chatwoot away a moment), the job's
            # next try starts again too, not at the deleted conversation
            await self.store.forget_link(link)
            link = await self._link(data, remembered=False)
            message_id = await self._post(link, content, attachment)
        return [(data["messageId"], message_id)]

    async def _post(self, link: ChatLink, content: str, attachment: Attachment | None) -> int:
        """The message posted; one whose file Chatwoot refuses (too large, say) is posted
        without it, saying so, rather than set aside whole."""
        try:
            return await self.chatwoot.post_incoming(link.conversation_id, content, attachment)
        except NotFound:
            raise
        except Refused as e:
            if attachment is None:
                raise
            log.warning("chat %s: Chatwoot refused an attachment (%s)", link.chat, e)
            note = f"[{attachment.filename} ({attachment.mimetype}) refused by Chatwoot]"
            text = "\n".join(part for part in (content, note) if part)
            return await self.chatwoot.post_incoming(link.conversation_id, text, None)

    async def _link(self, data: dict[str, Any], remembered: bool = True) -> ChatLink:
        """The chat's contact and conversation: as remembered, else found or made."""
        chat: str = data["chat"]
        link = await self.store.link_of_chat(chat) if remembered else None
        if link is not None:
            return link
        phone = f"+{chat}" if chat.isdigit() else None  # not a group's id or a LID
        identifier = f"whatsapp:{chat}"
        # by number (the agents' own contact for the customer), else by the id the bridge
        # gives the contacts it makes (one made before its link was saved)
        contact = (phone and await self.chatwoot.find_contact("phone_number", phone)) or (
            await self.chatwoot.find_contact("identifier", identifier)
        )
        if contact is None:
            contact = await self.chatwoot.create_contact(phone or chat, phone, identifier)
        source_id = contact.source_id or await self.chatwoot.add_to_inbox(contact.id)
        return await self._new_conversation(ChatLink(chat, contact.id, source_id, 0))

    async def _new_conversation(self, link: ChatLink) -> ChatLink:
        conversation = await self.chatwoot.create_conversation(link.contact_id, link.source_id)
        link = ChatLink(link.chat, link.contact_id, link.source_id, conversation)
        await self.store.save_link(link)
        log.info("chat %s is Chatwoot conversation %d", link.chat, conversation)
        return link

    async def _attachment(self, data: dict[str, Any]) -> tuple[Attachment | None, str]:
        """The message's file, or a note saying why it is missing (expired at WhatsApp,
        past wagate's retention: asking again cannot bring it back)."""
        media = data.get("media")
        if not media:
            return None, ""
        if not media.get("id"):
            return None, f"[{media.get('type', 'attachment')} not stored by wagate]"
        name = media.get("filename") or f"{media.get('type', 'file')}{_extension(media)}"
        try:
            return await self.wagate.media(media["id"], name), ""
        except Refused as e:
            log.warning("message %s: its attachment is gone (%s)", data["messageId"], e)
            return None, f"[{media.get('type', 'attachment')} no longer available]"


def _extension(media: dict[str, Any]) -> str:
    subtype = str(media.get("mimetype", "")).split(";")[0].split("/")[-1]
    return f".{subtype}" if subtype.isalnum() else ""


def _content(data: dict[str, Any]) -> str:
    """The text an agent reads: the text or caption, or what a location, contact card or
    poll says."""
    media = data.get("media") or {}
    text = str(data.get("text") or media.get("caption") or "")
    group_author = (data.get("author") or {}).get("phone")
    prefix = f"{group_author}: " if group_author else ""
    match data.get("type"):
        case "location":
            place = data["location"]
            where = f"{place['latitude']},{place['longitude']}"
            text = " ".join(str(p) for p in ("📍", place.get("name"), where) if p)
        case "contacts":
            text = "👤 " + ", ".join(c["name"] for c in data["contacts"])
        case "poll":
            poll = data["poll"]
            text = f"📊 {poll['question']} ({' / '.join(poll['options'])})"
    return prefix + text
