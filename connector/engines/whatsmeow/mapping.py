"""neonize's event messages, mapped to the engine events every engine speaks.

Pure functions of the protobuf messages neonize hands over, so the tests build the same
messages and check each mapping without a WhatsApp server.
"""

from __future__ import annotations

from typing import Any

from neonize.proto import Neonize_pb2 as neonize
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa

from connector.engine import (
    Connected,
    Disconnected,
    DisconnectReason,
    EngineEvent,
    IncomingMessage,
    LoggedOut,
    Media,
    Paired,
    PairingExpired,
    QrCode,
    Quote,
    Receipt,
)

_Reason = neonize.ConnectFailureReason

# why a connection ended, as wagate says it, for whatsmeow's connect-failure reasons
_LOGGED_OUT_REASONS = {
    _Reason.LOGGED_OUT: "logged_out",
    _Reason.MAIN_DEVICE_GONE: "main_device_gone",
    _Reason.UNKNOWN_LOGOUT: "logged_out",
}
_RETRY_REASONS = {_Reason.GENERIC, _Reason.INTERNAL_SERVER_ERROR, _Reason.SERVICE_UNAVAILABLE}

_RECEIPTS = {
    neonize.Receipt.DELIVERED: "delivered",
    neonize.Receipt.READ: "read",
    neonize.Receipt.PLAYED: "read",  # a voice note played has been read
}

# WhatsApp's message fields that carry an attachment, and wagate's name for each
_MEDIA_FIELDS = {
    "imageMessage": "image",
    "videoMessage": "video",
    "audioMessage": "audio",
    "documentMessage": "document",
    "stickerMessage": "sticker",
}


def text_message(text: str, quote: Quote | None) -> wa.Message:
    """What a send puts on the wire: plain text, or a reply quoting `quote`. wagate keeps
    no message bodies, so the quote carries the message's id and author, not its text."""
    if quote is None:
        return wa.Message(conversation=text)
    context = wa.ContextInfo(
        stanzaID=quote.message_id,
        participant=f"{quote.sender}@s.whatsapp.net",
        quotedMessage=wa.Message(conversation=""),
    )
    return wa.Message(extendedTextMessage=wa.ExtendedTextMessage(text=text, contextInfo=context))


def credentials_for(jid: neonize.JID) -> dict[str, Any]:
    """What wagate stores (sealed) to find this device again in whatsmeow's store."""
    return {"user": jid.User, "device": jid.Device, "server": jid.Server}


def jid_of(credentials: dict[str, Any]) -> neonize.JID:
    return neonize.JID(
        User=str(credentials["user"]),
        Device=int(credentials.get("device", 0)),
        Server=str(credentials.get("server", "s.whatsapp.net")),
        RawAgent=0,  # proto2 required fields: neonize cannot serialise a JID without them
        Integrator=0,
        IsEmpty=False,
    )


def store_key(jid: neonize.JID) -> str:
    """The device's key in whatsmeow's device table (`user:device@server`)."""
    device = f":{jid.Device}" if jid.Device else ""
    return f"{jid.User}{device}@{jid.Server}"


def pair_status(event: neonize.PairStatus) -> EngineEvent:
    if event.Status == neonize.PairStatus.SUCCESS:
        return Paired(phone=event.ID.User, credentials=credentials_for(event.ID))
    return Disconnected(DisconnectReason.REJECTED, f"pairing failed: {event.Error}")


def logged_out(event: neonize.LoggedOut) -> EngineEvent:
    return LoggedOut(_LOGGED_OUT_REASONS.get(event.Reason, "logged_out"))


def temporary_ban(event: neonize.TemporaryBan) -> EngineEvent:
    code = neonize.TemporaryBan.TempBanReason.Name(event.Code) if event.Code else "UNKNOWN"
    expires = f", lifted at unix time {event.Expire}" if event.Expire else ""
    return Disconnected(
        DisconnectReason.TEMPORARY_BAN,
        f"WhatsApp banned this number for now ({code.lower()}){expires}",
    )


def client_outdated(_: neonize.ClientOutdated) -> EngineEvent:
    return Disconnected(
        DisconnectReason.CLIENT_OUTDATED,
        "WhatsApp refuses this whatsmeow version: upgrade neonize",
    )


def connect_failure(event: neonize.ConnectFailure) -> EngineEvent:
    reason = event.Reason
    name = _Reason.Name(reason).lower() if reason else "unknown"
    detail = f"WhatsApp refused the connection: {name}" + (
        f" ({event.Message})" if event.Message else ""
    )
    if reason in _LOGGED_OUT_REASONS:
        return LoggedOut(_LOGGED_OUT_REASONS[reason])
    if reason == _Reason.TEMP_BANNED:
        return Disconnected(DisconnectReason.TEMPORARY_BAN, detail)
    if reason == _Reason.CLIENT_OUTDATED:
        return Disconnected(DisconnectReason.CLIENT_OUTDATED, detail)
    if reason in _RETRY_REASONS:
        return Disconnected(DisconnectReason.CONNECT_FAILED, detail)
    return Disconnected(DisconnectReason.REJECTED, detail)


def stream_error(event: neonize.StreamError) -> EngineEvent:
    if event.Code == "515":  # WhatsApp's "restart the stream": reconnect at once
        return Disconnected(DisconnectReason.RESTART_REQUIRED)
    return Disconnected(DisconnectReason.CONNECTION_LOST, f"stream error {event.Code}")


def disconnected(_: neonize.Disconnected) -> EngineEvent:
    return Disconnected(DisconnectReason.CONNECTION_LOST, "WhatsApp closed the connection")


def stream_replaced(_: neonize.StreamReplaced) -> EngineEvent:
    return Disconnected(DisconnectReason.REPLACED, "another client connected as this device")


def connected(phone: str) -> EngineEvent:
    return Connected(phone)


def login_status(status: str) -> EngineEvent | None:
    """whatsmeow's QR-channel outcome; `code` and `success` are reported by other events."""
    if status in ("code", "success"):
        return None
    if status == "timeout":
        return PairingExpired()
    return Disconnected(DisconnectReason.CONNECT_FAILED, f"pairing stopped: {status}")


def _text_and_media(message: wa.Message) -> tuple[str, Media | None] | None:
    if message.HasField("conversation"):
        return message.conversation, None
    if message.HasField("extendedTextMessage"):
        return message.extendedTextMessage.text, None
    if message.HasField("documentWithCaptionMessage"):
        return _text_and_media(message.documentWithCaptionMessage.message)
    for field, kind in _MEDIA_FIELDS.items():
        if message.HasField(field):
            part = getattr(message, field)
            caption = getattr(part, "caption", "")
            return caption, Media(
                kind=kind,
                mimetype=part.mimetype,
                caption=caption,
                filename=getattr(part, "fileName", ""),
                size_bytes=int(part.fileLength),
            )
    return None


def incoming_message(event: neonize.Message) -> IncomingMessage | None:
    """A message to the business; None for what is not one (own messages, status updates,
    reactions, protocol messages)."""
    source = event.Info.MessageSource
    # broadcast chats (status updates among them) are not messages to the business
    if source.IsFromMe or source.Chat.Server == "broadcast":
        return None
    content = _text_and_media(event.Message)
    if content is None:
        return None
    text, media = content
    sender = source.SenderAlt if source.Sender.Server == "lid" and source.SenderAlt.User else None
    return IncomingMessage(
        message_id=event.Info.ID,
        sender=(sender or source.Sender).User,
        text=text,
        timestamp_ms=int(event.Info.Timestamp),  # neonize sends milliseconds
        media=media,
    )


def receipts(event: neonize.Receipt) -> list[Receipt]:
    status = _RECEIPTS.get(event.Type)
    source = event.MessageSource
    if status is None or source.IsGroup:
        return []
    return [Receipt(message_id, source.Chat.User, status) for message_id in event.MessageIDs]


def qr_code(code: bytes) -> EngineEvent:
    return QrCode(code.decode())
