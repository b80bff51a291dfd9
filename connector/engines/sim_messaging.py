"""The sim engine's messaging: what its `send` frame carries for a message,
the frames of the chat actions, and the engine events it makes of what the network delivers.

A poll's message secret is derived from the device's own secret and the poll's id, so
any connector holding the session's credentials can decrypt its votes (the network
never sees the device secret's use; the voting phone gets the poll's secret with the
poll, as on WhatsApp)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidTag

from connector.engine import (
    ChatStateChanged,
    EngineError,
    EngineEvent,
    IncomingMessage,
    MessageEdited,
    MessageRevoked,
    OldestMessage,
    OutgoingMedia,
    Person,
    PollVoteReceived,
    PresenceChanged,
    Quote,
    ReactionReceived,
)
from simnet import protocol as p
from simnet.poll_crypto import decrypt_vote
from wagate.bus import SetChatState
from wagate.bus.codec import encode
from wagate.content import (
    ContactCard,
    Contacts,
    LiveLocation,
    Location,
    MessageContent,
    Poll,
    SentAsIs,
    Text,
)

_SEND_TIMEOUT_S = 30.0


class SimMessaging:
    """Mixed into SimEngine, which provides the connection."""

    _credentials: dict[str, Any] | None
    _phone: str

    async def _request(self, frame: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        raise NotImplementedError

    # ---- sending: one `send` frame per message; its content in the bus's encoding ----

    def message_fields(
        self, content: SentAsIs, message_id: str, target: Quote | None
    ) -> dict[str, Any]:
        """What a `send` frame carries for `content` besides its address and id: a text,
        or any other kind as the bus encodes it (wagate/bus/codec.py) with the message it
        acts on and the message's secret (simnet/protocol.py). The sim network models
        each kind (simnet/messaging.py); this engine knows none but text."""
        if isinstance(content, Text):
            return {"text": content.text, **_mentions_of(content), **forward_of(content)}
        secret = base64.b64encode(self._message_secret(message_id)).decode()
        fields = {"kind": content.TAGS[0], "content": encode(content), "secret": secret}
        fields |= forward_of(content)
        if target is not None:
            fields["target"] = {"id": target.message_id, "from": target.sender}
        return fields

    async def mark_read(self, chat: str, sender: str, message_ids: list[str]) -> None:
        frame = {"op": p.READ, "chat": chat, "sender": sender, "ids": message_ids}
        await self._request(frame, _SEND_TIMEOUT_S)

    async def send_chat_presence(self, chat: str, state: str) -> None:
        await self._request({"op": p.PRESENCE, "chat": chat, "state": state}, _SEND_TIMEOUT_S)

    async def request_history(self, chat: str, oldest: OldestMessage, count: int) -> None:
        frame = {
            "op": p.HISTORY_REQUEST,
            "chat": chat,
            "oldest_id": oldest.message_id,
            "oldest_timestamp": oldest.timestamp_ms,
            "count": count,
        }
        await self._request(frame, _SEND_TIMEOUT_S)

    async def send_presence(self, available: bool) -> None:
        state = "available" if available else "unavailable"
        await self._request({"op": p.PRESENCE, "state": state}, _SEND_TIMEOUT_S)

    async def subscribe_presence(self, phone: str) -> None:
        await self._request({"op": p.PRESENCE_SUBSCRIBE, "phone": phone}, _SEND_TIMEOUT_S)

    async def set_chat_state(self, change: SetChatState) -> None:
        frame = {
            "op": p.APP_STATE,
            "chat": change.chat,
            "state": change.state,
            "on": change.on,
            "muted_until": change.muted_until_ms,
        }
        await self._request(frame, _SEND_TIMEOUT_S)

    @staticmethod
    def chat_state(frame: dict[str, Any]) -> ChatStateChanged:
        """An app_state frame: the phone (or another device) changed a chat."""
        return ChatStateChanged(
            chat=str(frame["chat"]),
            state=str(frame["state"]),
            on=bool(frame["on"]),
            muted_until_ms=int(frame.get("muted_until") or 0),
        )

    def _message_secret(self, message_id: str) -> bytes:
        """A message's own secret, derived from the device's: WhatsApp's messageSecret,
        which a poll's voters encrypt their votes with."""
        device_secret = str((self._credentials or {}).get("secret", ""))
        if not device_secret:
            raise EngineError("not_connected", "the session has no credentials yet")
        return hmac.new(device_secret.encode(), message_id.encode(), hashlib.sha256).digest()

    # ---- receiving ------------------------------------------------------------------

    def incoming(self, frame: dict[str, Any]) -> EngineEvent | None:
        """A `message` frame of a kind other than text, as its engine event; None for a
        vote that does not decrypt (on a poll this device did not send)."""
        kind = frame["kind"]
        content: dict[str, Any] = frame.get("content") or {}
        target = str((content.get("target") or {}).get("id", ""))
        sender, lid, at = frame["from"], str(frame.get("from_lid", "")), int(frame["timestamp"])
        own_id = str(frame["id"])
        if kind == "reaction":
            return ReactionReceived(
                target, sender, str(content.get("emoji", "")), at, lid, "", own_id
            )
        if kind == "edit":
            text = str(content.get("text", ""))
            return MessageEdited(target, sender, text, at, lid, "", own_id)
        if kind == "revoke":
            return MessageRevoked(target, sender, at, lid, "", own_id)
        if kind == "poll_vote":
            chosen = self._vote(target, sender, content)
            if chosen is None:
                return None
            return PollVoteReceived(target, sender, chosen, at, lid, "", own_id)
        return IncomingMessage(
            message_id=own_id,
            sender=sender,
            text="",
            timestamp_ms=at,
            sender_lid=lid,
            content=_content(kind, content),
            push_name=str(frame.get("push_name", "")),
        )

    def presence(self, frame: dict[str, Any]) -> PresenceChanged:
        last_seen = frame.get("last_seen")
        return PresenceChanged(
            peer=frame["from"],
            state=str(frame["state"]),
            last_seen_ms=int(last_seen) if last_seen is not None else None,
            peer_lid=str(frame.get("from_lid", "")),
        )

    def _vote(self, poll_id: str, voter: str, content: dict[str, Any]) -> list[str] | None:
        """The hashes of the options chosen; None when the vote does not decrypt."""
        try:
            return decrypt_vote(
                self._message_secret(poll_id),
                poll_id,
                self._phone,
                voter,
                base64.b64decode(str(content.get("enc_payload", ""))),
                base64.b64decode(str(content.get("enc_iv", ""))),
            )
        except (ValueError, InvalidTag, EngineError):
            return None


def _kind(kind: str, content: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "content": content}


def _content(kind: str, content: dict[str, Any]) -> MessageContent | None:
    if kind == "location":
        return Location(
            float(content["latitude"]),
            float(content["longitude"]),
            str(content.get("name", "")),
            str(content.get("address", "")),
        )
    if kind == "live_location":
        return live_location(content)
    if kind == "contacts":
        return Contacts([ContactCard(str(c["name"]), str(c["vcard"])) for c in content["contacts"]])
    if kind == "poll":
        return Poll(str(content["question"]), list(content["options"]), int(content["selectable"]))
    return None


def live_location(c: dict[str, Any]) -> LiveLocation:
    """A live location frame's content (simnet/messaging.py) as the engine reports it."""
    speed = c.get("speed_mps")
    return LiveLocation(
        float(c["latitude"]),
        float(c["longitude"]),
        int(c.get("sequence", 0)),
        int(c["accuracy_m"]) if c.get("accuracy_m") is not None else None,
        float(speed) if speed is not None else None,
        int(c["heading_deg"]) if c.get("heading_deg") is not None else None,
        str(c.get("caption", "")),
    )


def _mentioned(numbers: Sequence[str] | None, everyone: bool | None) -> dict[str, Any]:
    """Mentions as the network's send frame has them (simnet/messaging.py)."""
    fields: dict[str, Any] = {}
    if numbers:
        fields["mentions"] = list(numbers)
    if everyone:
        fields["mention_all"] = True
    return fields


def caption_mentions(media: OutgoingMedia) -> dict[str, Any]:
    return _mentioned(media.mentions, media.mention_all)


def _mentions_of(text: Text) -> dict[str, Any]:
    """A text's mentions and link preview as the network's send frame has them."""
    fields = _mentioned(text.mentions, text.mention_all)
    if text.link_preview is not None:  # as the bus encodes it, with the built thumbnail
        fields["link_preview"] = encode(text.link_preview)
    return fields


def forward_of(content: object) -> dict[str, Any]:
    """A forward's mark as the network's send frame has it (simnet/messaging.py)."""
    return {"forwarded": True} if getattr(content, "forwarded", None) else {}


def mentions_in(frame: dict[str, Any]) -> tuple[Person, ...]:
    """Whom a message frame mentions: numbers (the sim network's phones have no LIDs in
    mentions)."""
    mentions = frame.get("mentions") or []
    return tuple(Person(str(number)) for number in mentions)
