"""The whatsmeow engine's mapping, driven by neonize's own event messages (the protobuf
types its Go side sends), built here as WhatsApp's servers would have them built."""

from __future__ import annotations

from typing import Any

import pytest
from neonize.proto import Neonize_pb2 as N
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa

from connector.engine import (
    NO_RETRY,
    Connected,
    Disconnected,
    DisconnectReason,
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
from connector.engines.whatsmeow import mapping
from connector.engines.whatsmeow.devices import whatsmeow_dsn
from tests.whatsmeow_messages import incoming, jid, wire

Reason = N.ConnectFailureReason


def test_pairing_success_stores_which_device_is_the_tenants() -> None:
    event = wire(N.PairStatus(ID=jid("447700900123", device=7), Status=N.PairStatus.SUCCESS))
    paired = mapping.pair_status(event)
    assert paired == Paired(
        "447700900123", {"user": "447700900123", "device": 7, "server": "s.whatsapp.net"}
    )
    assert isinstance(paired, Paired)
    again = mapping.jid_of(paired.credentials)  # what the next start hands whatsmeow
    assert (again.User, again.Device, again.Server) == ("447700900123", 7, "s.whatsapp.net")
    assert mapping.store_key(again) == "447700900123:7@s.whatsapp.net"
    again.SerializeToString()  # every field neonize needs is set


def test_pairing_failure_gives_up_with_the_reason() -> None:
    event = wire(N.PairStatus(Status=N.PairStatus.ERROR, Error="key mismatch"))
    assert mapping.pair_status(event) == Disconnected(
        DisconnectReason.REJECTED, "pairing failed: key mismatch"
    )


def test_each_qr_rotation_and_the_qr_timeout() -> None:
    assert mapping.qr_code(b"2@abc,def") == QrCode("2@abc,def")
    assert mapping.login_status("timeout") == PairingExpired()
    assert mapping.login_status("success") is None


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (Reason.LOGGED_OUT, LoggedOut("logged_out")),
        (Reason.MAIN_DEVICE_GONE, LoggedOut("main_device_gone")),
        (Reason.UNKNOWN_LOGOUT, LoggedOut("banned")),  # 406: WhatsApp Web says BANNED
    ],
)
def test_logged_out_from_the_phone(reason: int, expected: LoggedOut) -> None:
    assert mapping.logged_out(wire(N.LoggedOut(OnConnect=True, Reason=reason))) == expected


def test_temporary_ban_and_outdated_client_end_in_failed_with_the_reason() -> None:
    now_ms = 1_763_000_000_000  # 2025-11-13T02:13:20Z
    ban = mapping.temporary_ban(
        wire(N.TemporaryBan(Code=N.TemporaryBan.SEND_TO_TOO_MANY_PEOPLE, Expire=3600)), now_ms
    )
    assert isinstance(ban, Disconnected)
    assert ban.reason is DisconnectReason.TEMPORARY_BAN
    # Expire is the time left (whatsmeow's Duration in seconds), not a Unix time
    assert ban.until_ms == now_ms + 3_600_000
    assert "send_to_too_many_people" in ban.detail and "2025-11-13T03:13:20Z" in ban.detail
    outdated = mapping.client_outdated(wire(N.ClientOutdated()))
    assert isinstance(outdated, Disconnected)
    assert outdated.reason is DisconnectReason.CLIENT_OUTDATED
    # the session does not reconnect after either: WhatsApp would refuse again
    assert {ban.reason, outdated.reason} <= NO_RETRY


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (Reason.TEMP_BANNED, DisconnectReason.TEMPORARY_BAN),
        (Reason.CLIENT_OUTDATED, DisconnectReason.CLIENT_OUTDATED),
        (Reason.SERVICE_UNAVAILABLE, DisconnectReason.CONNECT_FAILED),
        (Reason.INTERNAL_SERVER_ERROR, DisconnectReason.CONNECT_FAILED),
        (Reason.BAD_USER_AGENT, DisconnectReason.REJECTED),
        # 400: whatsmeow expects the disconnect and does not reconnect; neither does wagate
        (Reason.GENERIC, DisconnectReason.REJECTED),
        (Reason.EXPERIMENTAL, DisconnectReason.REJECTED),
    ],
)
def test_connect_failures(reason: int, expected: DisconnectReason) -> None:
    event = mapping.connect_failure(wire(N.ConnectFailure(Reason=reason, Message="nope")))
    assert isinstance(event, Disconnected)
    assert event.reason is expected
    assert Reason.Name(reason).lower() in event.detail and "nope" in event.detail
    assert mapping.connect_failure(wire(N.ConnectFailure(Reason=Reason.LOGGED_OUT))) == LoggedOut(
        "logged_out"
    )


def test_stream_events() -> None:
    assert mapping.stream_replaced(wire(N.StreamReplaced())) == Disconnected(
        DisconnectReason.REPLACED, "another client connected as this device"
    )
    assert mapping.stream_error(wire(N.StreamError(Code="515"))) == Disconnected(
        DisconnectReason.RESTART_REQUIRED
    )
    assert mapping.stream_error(wire(N.StreamError(Code="503"))) == Disconnected(
        DisconnectReason.CONNECTION_LOST, "stream error 503"
    )
    dropped = mapping.disconnected(wire(N.Disconnected(status=True)))
    assert isinstance(dropped, Disconnected)
    assert dropped.reason is DisconnectReason.CONNECTION_LOST
    assert mapping.connected("447700900123") == Connected("447700900123")


def test_text_messages() -> None:
    plain = mapping.incoming_message(incoming(wa.Message(conversation="hello")))
    assert plain == IncomingMessage("3EB0C0FFEE", "447700900123", "hello", 1_763_000_000_123)
    extended = wa.Message(extendedTextMessage=wa.ExtendedTextMessage(text="see https://x.y"))
    message = mapping.incoming_message(incoming(extended))
    assert message is not None and message.text == "see https://x.y"


def test_media_is_announced_with_type_caption_and_mimetype() -> None:
    image = wa.Message(
        imageMessage=wa.ImageMessage(mimetype="image/jpeg", caption="our menu", fileLength=52_113)
    )
    message = mapping.incoming_message(incoming(image))
    assert message is not None
    assert message.text == "our menu"
    assert _announced(message.media) == ("image", "image/jpeg", "our menu", "", 52_113)
    document = wa.Message(
        documentMessage=wa.DocumentMessage(
            mimetype="application/pdf", fileName="invoice.pdf", fileLength=9_000
        )
    )
    message = mapping.incoming_message(incoming(document))
    assert message is not None and message.text == ""
    assert _announced(message.media) == ("document", "application/pdf", "", "invoice.pdf", 9_000)
    voice = wa.Message(audioMessage=wa.AudioMessage(mimetype="audio/ogg; codecs=opus"))
    message = mapping.incoming_message(incoming(voice))
    assert message is not None and message.media is not None
    assert message.media.kind == "audio"


def _announced(media: Media | None) -> tuple[str, str, str, str, int] | None:
    """What the text mapping announced of an attachment (the rest: test_whatsmeow_media)."""
    if media is None:
        return None
    return (media.kind, media.mimetype, media.caption, media.filename, media.size_bytes)


def test_what_is_not_a_message_to_the_business() -> None:
    text = wa.Message(conversation="x")
    assert mapping.incoming_message(incoming(text, from_me=True)) is None
    status = jid("status", server="broadcast")
    assert mapping.incoming_message(incoming(text, chat=status)) is None
    reaction = wa.Message(reactionMessage=wa.ReactionMessage(text="👍"))
    assert mapping.incoming_message(incoming(reaction)) is None


def test_a_sender_known_by_lid_is_reported_by_phone_number() -> None:
    message = mapping.incoming_message(
        incoming(
            wa.Message(conversation="hi"),
            sender=jid("1234567890", server="lid"),
            sender_alt=jid("447700900123"),
        )
    )
    assert message is not None and message.sender == "447700900123"


def test_receipts_per_message() -> None:
    source = N.MessageSource(Chat=jid("447700900999"), Sender=jid("447700900999"))
    read = N.Receipt(MessageSource=source, MessageIDs=["A1", "A2"], Type=N.Receipt.READ)
    assert mapping.receipts(wire(read)) == [
        Receipt("A1", "447700900999", "read"),
        Receipt("A2", "447700900999", "read"),
    ]
    delivered = N.Receipt(MessageSource=source, MessageIDs=["A3"], Type=N.Receipt.DELIVERED)
    assert mapping.receipts(wire(delivered)) == [Receipt("A3", "447700900999", "delivered")]
    retry = N.Receipt(MessageSource=source, MessageIDs=["A4"], Type=N.Receipt.RETRY)
    assert mapping.receipts(wire(retry)) == []


def test_whatsmeow_connects_to_wagates_database_in_its_own_schema() -> None:
    local = whatsmeow_dsn("postgresql://wagate:pw@127.0.0.1:5432/wagate", "whatsmeow", "a 1")
    assert local.startswith("postgres://wagate:pw@127.0.0.1:5432/wagate?")
    assert "sslmode=disable" in local and "search_path=whatsmeow" in local
    assert "application_name=a+1" in local
    remote = whatsmeow_dsn("postgresql://db.internal/wagate", "wm", "a")
    assert "sslmode=require" in remote  # lib/pq's own default, kept off loopback
    chosen = whatsmeow_dsn("postgresql://db.internal/wagate?sslmode=verify-full", "wm", "a")
    assert "sslmode=verify-full" in chosen and "sslmode=require" not in chosen


def test_a_reply_quotes_the_message_by_id_and_author() -> None:
    plain = mapping.text_message("hello", None)
    assert plain == wa.Message(conversation="hello")
    reply = wire(mapping.text_message("yes", Quote("3EB0AA", "447700900123")))
    assert reply.extendedTextMessage.text == "yes"
    context = reply.extendedTextMessage.contextInfo
    assert (context.stanzaID, context.participant) == ("3EB0AA", "447700900123@s.whatsapp.net")


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("err-client-outdated", DisconnectReason.CLIENT_OUTDATED),
        # a ban, a logout or a connect failure while the QR was shown
        ("err-unexpected-state", DisconnectReason.REJECTED),
        ("error", DisconnectReason.REJECTED),
        ("err-something-newer", DisconnectReason.UNREADABLE_EVENT),
    ],
)
def test_a_failure_while_pairing_gives_up_with_its_reason(
    status: str, reason: DisconnectReason
) -> None:
    event = mapping.login_status(status)
    assert isinstance(event, Disconnected) and event.reason is reason
    assert reason in NO_RETRY  # logging in again would meet the same refusal


@pytest.mark.parametrize(
    "status", ["err-scanned-without-multidevice", "passkey-request", "passkey-confirmation"]
)
def test_what_leaves_the_qr_valid_does_not_end_the_pairing(status: str) -> None:
    assert mapping.login_status(status) is None
    assert not mapping.qr_loop_ends(status)  # a stop must still wait for the loop


def test_outcomes_that_close_the_qr_loop() -> None:
    for status in ("success", "timeout", "error", "err-client-outdated", "err-unexpected-state"):
        assert mapping.qr_loop_ends(status), status


@pytest.mark.parametrize(
    ("event", "what"),
    [
        # whatsmeow's ban code 105 (or any new one), connect failures 413-418, receipt types
        # neonize has no value for: it leaves a required field unset and Marshal fails
        (N.TemporaryBan(Expire=3600), "temporary ban"),
        (N.ConnectFailure(Message="", Raw=N.Node()), "connect failure"),
        (N.LoggedOut(OnConnect=True), "logout"),
        (N.Receipt(MessageSource=N.MessageSource(), Timestamp=1), "receipt"),
    ],
)
def test_an_event_neonize_cannot_encode_fails_the_session_and_never_logs_in_again(
    event: Any, what: str
) -> None:
    missing = event.FindInitializationErrors()
    assert missing  # neonize's Go side cannot marshal it either
    name = f"{event.DESCRIPTOR.full_name}.{missing[0].split('.')[0]}"
    # Go's google.golang.org/protobuf error, as neonize's session call returns it
    failure = mapping.session_error(f"proto: required field {name} not set")
    assert failure.reason is DisconnectReason.UNREADABLE_EVENT
    assert failure.reason in NO_RETRY
    assert what in failure.detail and name in failure.detail  # the raw detail is kept


def test_a_connection_that_could_not_be_made_is_tried_again() -> None:
    failure = mapping.session_error("failed to connect: dial tcp: i/o timeout")
    assert failure == Disconnected(
        DisconnectReason.CONNECT_FAILED, "failed to connect: dial tcp: i/o timeout"
    )


@pytest.mark.parametrize(
    ("error", "code"),
    [
        ("no LID found for 447700900555@s.whatsapp.net from server", "not_on_whatsapp"),
        (
            "failed to get user info for 447700900555@s.whatsapp.net to fill LID cache: "
            "info query returned status 429: rate-overlimit",
            "rate_overlimit",
        ),
        ("server returned error 429", "rate_overlimit"),
        ("websocket not connected", "session_not_connected"),
        ("timed out waiting for message send response", "engine_timeout"),
        ("server returned error 479", "send_failed"),
    ],
)
def test_send_refusals_use_the_codes_of_every_engine(error: str, code: str) -> None:
    refused = mapping.send_error(error)
    assert refused.code == code
    assert error in refused.message


def test_a_lid_sender_without_number_is_never_reported_by_lid_digits() -> None:
    message = mapping.incoming_message(
        incoming(wa.Message(conversation="hi"), sender=jid("98765432101234", server="lid"))
    )
    assert message is not None
    assert message.sender is None  # the engine looks the number up; never LID digits
    assert message.sender_lid == "98765432101234"
    by_number = mapping.incoming_message(
        incoming(
            wa.Message(conversation="hi"),
            sender=jid("447700900123"),
            sender_alt=jid("98765432101234", server="lid"),
        )
    )
    assert by_number is not None
    assert (by_number.sender, by_number.sender_lid) == ("447700900123", "98765432101234")


def test_a_receipt_from_a_lid_chat_names_the_number_sent_to() -> None:
    source = N.MessageSource(Chat=jid("98765432101234", server="lid"), Sender=jid("x", "lid"))
    source.RecipientAlt.CopyFrom(jid("447700900999"))
    read = N.Receipt(MessageSource=source, MessageIDs=["A1"], Type=N.Receipt.READ)
    assert mapping.receipts(wire(read)) == [Receipt("A1", "447700900999", "read", "98765432101234")]
    alone = N.MessageSource(Chat=jid("98765432101234", server="lid"))
    read = N.Receipt(MessageSource=alone, MessageIDs=["A2"], Type=N.Receipt.READ)
    assert mapping.receipts(wire(read)) == [Receipt("A2", None, "read", "98765432101234")]


def test_ephemeral_and_view_once_messages_keep_their_flags() -> None:
    text = wa.Message(conversation="vanishing")
    event = incoming(text)
    event.IsEphemeral = True
    message = mapping.incoming_message(event)
    assert message is not None and message.flags == MessageFlags(ephemeral=True)
    photo = incoming(wa.Message(imageMessage=wa.ImageMessage(mimetype="image/jpeg")))
    photo.IsViewOnceV2 = True
    message = mapping.incoming_message(photo)
    assert message is not None and message.flags.view_once and message.media is not None
    # protocol messages (edits and revokes: their own events, see
    # test_whatsmeow_messaging_mapping; key shares, history sync) are not messages
    keys = wa.Message(
        protocolMessage=wa.ProtocolMessage(type=wa.ProtocolMessage.APP_STATE_SYNC_KEY_SHARE)
    )
    assert mapping.incoming_message(incoming(keys)) is None
