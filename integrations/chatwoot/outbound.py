"""An agent's reply in Chatwoot (its webhook's `message_created`) out to WhatsApp: which
replies are the bridge's to send, and the send itself, through wagate's API with an
Idempotency-Key made from the Chatwoot message id (a retry never sends twice)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from integrations.chatwoot.chatwoot_api import Attachment, ChatwootApi
from integrations.chatwoot.store import BridgeStore
from integrations.chatwoot.wagate_api import WagateApi, media_kind


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class WebhookAttachment(_Loose):
    data_url: str
    file_type: str | None = None


class WebhookConversation(_Loose):
    id: int


class MessageCreated(_Loose):
    """The fields of Chatwoot's `message_created` webhook the bridge reads (its payload
    carries many more)."""

    event: str
    id: int
    message_type: str | int | None = None
    private: bool = False
    content: str | None = None
    conversation: WebhookConversation
    attachments: list[WebhookAttachment] = []


def agent_reply(payload: dict[str, Any]) -> MessageCreated | None:
    """The payload as an agent's public reply, or None for every other webhook: other
    events, incoming messages, private notes, activity and template messages."""
    try:
        message = MessageCreated.model_validate(payload)
    except ValidationError:
        return None
    is_outgoing = message.message_type in ("outgoing", 1)
    wanted = message.event == "message_created" and is_outgoing and not message.private
    return message if wanted else None


@dataclass(frozen=True)
class Outbound:
    chatwoot: ChatwootApi
    wagate: WagateApi
    store: BridgeStore
    account_id: int

    async def send(self, job_key: str, reply: dict[str, Any]) -> list[tuple[str, int]]:
        """Send a queued reply (its text, then each attachment, the text as the first
        one's caption); the (WhatsApp id, Chatwoot id) pairs it made."""
        cw_id, chat, text = int(reply["id"]), reply["chat"], reply.get("content") or ""
        key = f"chatwoot-{self.account_id}-{job_key}"
        urls: list[str] = reply.get("attachments", [])
        if not urls:
            return [(await self.wagate.send_text(chat, text, key), cw_id)]
        sent = []
        for i, url in enumerate(urls):
            attachment = await self._fetch(url, i)
            if i == 0 and text and media_kind(attachment.mimetype) == "audio":
                sent.append(await self.wagate.send_text(chat, text, key))  # audio has no caption
            caption = text if i == 0 else ""
            sent.append(await self.wagate.send_file(chat, attachment, caption, f"{key}-{i}"))
        return [(wa_id, cw_id) for wa_id in sent]

    async def _fetch(self, url: str, index: int) -> Attachment:
        data, mimetype = await self.chatwoot.download(url)
        mimetype = mimetype.split(";")[0].strip()
        name = url.rsplit("/", 1)[-1].split("?")[0] or f"attachment-{index}"
        return Attachment(name, mimetype, data)
