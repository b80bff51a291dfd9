"""neonize's event messages, mapped to the engine events every engine speaks.

Pure functions of the protobuf messages neonize hands over, so the tests build the same
messages and check each mapping without a WhatsApp server.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from neonize.proto import Neonize_pb2 as neonize
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa

from connector.engine import (
    NOT_ON_WHATSAPP,
    RATE_OVERLIMIT,
    Connected,
    Disconnected,
    DisconnectReason,
    EngineError,
    EngineEvent,
    IncomingMessage,
    LoggedOut,
    Media,
    MessageFlags,
    Paired,
    PairingExpired,
    QrCode,
    Quote,
    Receipt,
)
from connector.engines.whatsmeow.media import incoming_media, quote_context

_Reason = neonize.ConnectFailureReason

# why a connection ended, as wagate says it, for whatsmeow's connect-failure reasons
_LOGGED_OUT_REASONS = {
    _Reason.LOGGED_OUT: "logged_out",
    _Reason.MAIN_DEVICE_GONE: "main_device_gone",
    _Reason.UNKNOWN_LOGOUT: "banned",  # 406: WhatsApp Web's own name for it is BANNED
}
# only these are worth another login; whatsmeow itself gives up on every other reason
# (400 among them), so wagate does too
_RETRY_REASONS = {_Reason.INTERNAL_SERVER_ERROR, _Reason.SERVICE_UNAVAILABLE}

# whatsmeow's QR-channel outcomes after which the QR loop goes on (the code shown stays
# valid); every other outcome closes the channel
_QR_LOOP_GOES_ON = frozenset(
    {"code", "err-scanned-without-multidevice", "passkey-request", "passkey-confirmation"}
)
_KNOWN_QR_OUTCOMES = _QR_LOOP_GOES_ON | {
    "success",
    "timeout",
    "error",
    "err-client-outdated",
    "err-unexpected-state",
}

# neonize's event messages have required fields it leaves unset for codes it does not
# know; Go's proto.Marshal then fails, and neonize's session call returns its error
_UNSET_FIELD = re.compile(r"^proto: required field (\S+) not set")
_UNREADABLE_WHAT = {
    "neonize.TemporaryBan.Code": "a temporary ban with a code neonize does not know",
    "neonize.ConnectFailure.Reason": "a connect failure with a reason neonize does not know",
    "neonize.LoggedOut.Reason": "a logout with a reason neonize does not know",
    "neonize.Receipt.Type": "a receipt of a type neonize does not know",
}

# WhatsApp's refusals of a send, in whatsmeow's words, as the codes every engine uses
_SEND_REFUSALS = (
    (re.compile(r"no LID found for|not on whatsapp", re.I), NOT_ON_WHATSAPP),
    (re.compile(r"rate-overlimit|server returned error 429\b|status 429\b"), RATE_OVERLIMIT),
    (re.compile(r"websocket not connected|\bnot connected\b", re.I), "session_not_connected"),
    (re.compile(r"timed out waiting for message send response"), "engine_timeout"),
)

_RECEIPTS = {
    neonize.Receipt.DELIVERED: "delivered",
    neonize.Receipt.READ: "read",
    neonize.Receipt.PLAYED: "read",  # a voice note played has been read
}


# WhatsApp's message fields that carry an attachment, and wagate's name for each
def text_message(text: str, quote: Quote | None) -> wa.Message:
    """What a send puts on the wire: plain text, or a reply quoting `quote`. wagate keeps
    no message bodies, so the quote carries the message's id and author, not its text."""
    if quote is None:
        return wa.Message(conversation=text)
    context = quote_context(quote)
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


def temporary_ban(event: neonize.TemporaryBan, now_ms: int) -> EngineEvent:
    """`Expire` is the time left, in seconds (whatsmeow's `Duration`), not a moment."""
    code = neonize.TemporaryBan.TempBanReason.Name(event.Code) if event.Code else "UNKNOWN"
    until_ms = now_ms + event.Expire * 1000 if event.Expire > 0 else None
    lifted = ""
    if until_ms is not None:
        at = datetime.fromtimestamp(until_ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        lifted = f", lifted at {at} (in {event.Expire} s)"
    return Disconnected(
        DisconnectReason.TEMPORARY_BAN,
        f"WhatsApp banned this number for now ({code.lower()}){lifted}",
        until_ms,
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


def qr_loop_ends(status: str) -> bool:
    """Whether whatsmeow closed its QR channel with this outcome. An outcome this
    version does not know counts as open: stopping a loop that still runs would strand
    neonize's call for good, while one that ended is stopped by the session anyway."""
    return status in _KNOWN_QR_OUTCOMES and status not in _QR_LOOP_GOES_ON


def login_status(status: str) -> EngineEvent | None:
    """whatsmeow's QR-channel outcome as the session's event. A failure while a QR is
    shown is final: logging in again would meet the same refusal (and each attempt
    costs a thread). `code` and `success` are reported by other events; a scan by a
    phone without multi-device and the passkey steps leave the QR valid."""
    if status in _QR_LOOP_GOES_ON or status == "success":
        return None
    if status == "timeout":
        return PairingExpired()
    if status == "err-client-outdated":
        return Disconnected(
            DisconnectReason.CLIENT_OUTDATED,
            "WhatsApp refuses this whatsmeow version (while pairing): upgrade neonize",
        )
    if status == "err-unexpected-state":
        return Disconnected(
            DisconnectReason.REJECTED,
            "WhatsApp ended the connection while the QR was shown (a ban, a logout or a "
            "connect failure; whatsmeow does not say which)",
        )
    if status == "error":
        return Disconnected(DisconnectReason.REJECTED, "pairing failed: the phone's link failed")
    return Disconnected(
        DisconnectReason.UNREADABLE_EVENT, f"pairing ended with an unknown outcome: {status}"
    )


def session_error(message: str) -> Disconnected:
    """Why neonize's session call returned with an error. Most errors are a connection
    that could not be made (try again); an event neonize could not encode is not: what
    WhatsApp said is unknown (possibly a ban), so logging in again is not safe."""
    unset = _UNSET_FIELD.match(message)
    if unset is not None or message.startswith("proto:"):
        what = _UNREADABLE_WHAT.get(unset.group(1), "") if unset is not None else ""
        return Disconnected(
            DisconnectReason.UNREADABLE_EVENT,
            f"WhatsApp sent {what or 'an event neonize cannot encode'}: {message}",
        )
    return Disconnected(DisconnectReason.CONNECT_FAILED, message)


def send_error(message: str) -> EngineError:
    """whatsmeow's refusal of a send under the code the sim engine gives the same case,
    so the session's policy (retry, pause, not sent) is the same for every engine."""
    for pattern, code in _SEND_REFUSALS:
        if pattern.search(message):
            return EngineError(code, f"WhatsApp refused the message: {message}")
    return EngineError("send_failed", f"WhatsApp refused the message: {message}")


def _text_and_media(message: wa.Message) -> tuple[str, Media | None] | None:
    if message.HasField("conversation"):
        return message.conversation, None
    if message.HasField("extendedTextMessage"):
        return message.extendedTextMessage.text, None
    if message.HasField("documentWithCaptionMessage"):
        return _text_and_media(message.documentWithCaptionMessage.message)
    media = incoming_media(message)
    return (media.caption, media) if media is not None else None


_PHONE_SERVER = "s.whatsapp.net"
_LID_SERVER = "lid"


def person(address: neonize.JID, *alternates: neonize.JID) -> tuple[str | None, str]:
    """(number, LID) of whoever `address` names. WhatsApp names a person by number or by
    LID (a hidden-number id); the other form, when it sends it, is in an alternate
    address. The number is None when only the LID is known: never LID digits."""
    phone = address.User if address.Server == _PHONE_SERVER else None
    lid = address.User if address.Server == _LID_SERVER else ""
    for alternate in alternates:
        if phone is None and alternate.Server == _PHONE_SERVER and alternate.User:
            phone = alternate.User
        if not lid and alternate.Server == _LID_SERVER:
            lid = alternate.User
    return phone, lid


def incoming_message(event: neonize.Message) -> IncomingMessage | None:
    """A text or media message to the business; None for what is not one (own messages,
    status updates, protocol messages). Reactions, edits, revokes, polls, locations and
    contact cards: messaging_mapping.incoming_event, which falls back to this."""
    source = event.Info.MessageSource
    # broadcast chats (status updates among them) are not messages to the business
    if source.IsFromMe or source.Chat.Server == "broadcast":
        return None
    message = event.Message
    content = _text_and_media(message)
    if content is None:
        return None
    text, media = content
    view_once = event.IsViewOnce or event.IsViewOnceV2 or event.IsViewOnceV2Extension
    flags = MessageFlags(event.IsEphemeral, view_once)
    phone, lid = person(source.Sender, source.SenderAlt)
    return IncomingMessage(
        message_id=event.Info.ID,
        sender=phone,
        text=text,
        timestamp_ms=int(event.Info.Timestamp),  # neonize sends milliseconds
        media=media,
        sender_lid=lid,
        flags=flags,
        # a group message: its group; the sender above is its author
        chat=f"{source.Chat.User}@g.us" if source.IsGroup else "",
    )


def receipts(event: neonize.Receipt) -> list[Receipt]:
    """Receipts for messages this session sent; whatsmeow sends 1:1 messages to the
    recipient's LID, so the chat is often a LID and the number is in an alternate."""
    status = _RECEIPTS.get(event.Type)
    source = event.MessageSource
    if status is None or source.IsGroup:
        return []
    phone, lid = person(source.Chat, source.RecipientAlt, source.SenderAlt)
    return [Receipt(message_id, phone, status, lid) for message_id in event.MessageIDs]


def qr_code(code: bytes) -> EngineEvent:
    return QrCode(code.decode())
