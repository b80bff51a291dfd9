"""The whatsmeow engine's messaging operations, mixed into WhatsmeowEngine:
each message is built by messaging_mapping and sent like text; read marks and presence
are neonize's own calls."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Any

from neonize.aioze.client import NewAClient
from neonize.exc import NeonizeError
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa
from neonize.utils.enum import ChatPresence as ChatState
from neonize.utils.enum import ChatPresenceMedia, ReceiptType
from neonize.utils.enum import Presence as OwnPresence
from neonize.utils.jid import build_jid

from connector.engine import (
    Attachment,
    EngineError,
    Outgoing,
    PinTo,
    Quote,
    ReactTo,
    SentMessage,
)
from connector.engines.whatsmeow import mapping
from connector.engines.whatsmeow import messaging_mapping as mm
from wagate.content import Contacts, Edit, Location, Poll, Revoke, Text
from wagate.deadlines import within

_CALL_TIMEOUT_S = 30.0
_CHAT_STATES = {
    "typing": (ChatState.CHAT_PRESENCE_COMPOSING, ChatPresenceMedia.CHAT_PRESENCE_MEDIA_TEXT),
    "recording": (ChatState.CHAT_PRESENCE_COMPOSING, ChatPresenceMedia.CHAT_PRESENCE_MEDIA_AUDIO),
    "paused": (ChatState.CHAT_PRESENCE_PAUSED, ChatPresenceMedia.CHAT_PRESENCE_MEDIA_TEXT),
}


def _now_ms() -> int:
    return int(time.time() * 1000)


def chat_jid(chat: str) -> Any:
    user, server = mm.chat_address(chat)
    return build_jid(user, server)


class WhatsmeowMessaging:
    """Provided by WhatsmeowEngine: the connected client, the session's number, and how
    long a send may wait for whatsmeow's own answer."""

    _phone: str
    SEND_WAIT_S: float

    def _require_connected(self) -> NewAClient:
        raise NotImplementedError

    async def _send(self, chat: str, message: wa.Message) -> SentMessage:
        # neonize cannot send under a chosen id: the network's own id is returned instead
        client = self._require_connected()
        try:
            sent = await within(client.send_message(chat_jid(chat), message), self.SEND_WAIT_S)
        except TimeoutError:
            raise EngineError("engine_timeout", "WhatsApp did not answer in time") from None
        except NeonizeError as e:
            raise mapping.send_error(str(e)) from None
        return SentMessage(message_id=sent.ID, timestamp_ms=int(sent.Timestamp) * 1000)

    def message_of(self, chat: str, content: Outgoing, quote: Quote | None) -> wa.Message:
        """The WhatsApp message for every kind but an attachment (uploaded first)."""
        match content:
            case Text(text):
                return mapping.text_message(text, quote)
            case Location():
                return mm.location_message(content, quote)
            case Contacts(cards):
                return mm.contacts_message(cards, quote)
            case Poll():
                return mm.poll_message(content, quote)
            case ReactTo(target, emoji):
                return mm.reaction_message(chat, target, self._phone, emoji, _now_ms())
            case PinTo(target, duration_s):
                return mm.pin_message(chat, target, self._phone, duration_s, _now_ms())
            case Edit(target_id, text):
                return mm.edit_message(chat, target_id, text, _now_ms())
            case Revoke(target_id):
                return mm.revoke_message(chat, target_id)
            case Attachment():
                raise TypeError("an attachment is uploaded before its message is made")

    async def mark_read(self, chat: str, sender: str, message_ids: list[str]) -> None:
        client = self._require_connected()
        await _answer(
            client.mark_read(
                *message_ids,
                chat=chat_jid(chat),
                sender=chat_jid(sender),
                receipt=ReceiptType.READ,
            ),
            "mark_read_failed",
        )

    async def send_chat_presence(self, chat: str, state: str) -> None:
        client = self._require_connected()
        presence, media = _CHAT_STATES[state]
        await _answer(client.send_chat_presence(chat_jid(chat), presence, media), "presence_failed")

    async def send_presence(self, available: bool) -> None:
        client = self._require_connected()
        presence = OwnPresence.AVAILABLE if available else OwnPresence.UNAVAILABLE
        await _answer(client.send_presence(presence), "presence_failed")


async def _answer(call: Awaitable[Any], code: str) -> None:
    try:
        await within(call, _CALL_TIMEOUT_S)
    except TimeoutError:
        raise EngineError("engine_timeout", "WhatsApp did not answer in time") from None
    except NeonizeError as e:
        raise EngineError(code, str(e)) from None
