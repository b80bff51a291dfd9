"""The engine host adapter's mapping, offline: frames as docs/engine-host.md defines
them (JSON objects) to the connector's events, Outgoing content to the host's JSON, the
host's error codes to EngineError codes, and the framing's limits."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import socket
import struct
from typing import Any

import pytest

from connector.engine import (
    Attachment,
    ChatStateChanged,
    Connected,
    ContactNamed,
    Disconnected,
    DisconnectReason,
    EngineError,
    EngineEvent,
    GroupUpdate,
    HistoryBatch,
    IncomingMessage,
    LoggedOut,
    MessageEdited,
    MessageRevoked,
    OldestMessage,
    OutgoingMedia,
    Paired,
    PairingExpired,
    Person,
    PollVoteReceived,
    PresenceChanged,
    QrCode,
    Quote,
    ReactionReceived,
    Receipt,
)
from connector.engines.host import frames, lifecycle
from connector.engines.host.client import HostConnection, HostLost, Routed
from connector.engines.host.content import content_of, target_of
from connector.engines.host.engine import HostEngine
from connector.engines.host.errors import SEND_FAILED, check
from connector.engines.host.groups import numbers
from connector.engines.host.jids import device_jid_of, person, to_jid
from connector.engines.host.kind import HostEngineKind
from connector.engines.host.mailbox import Mailbox
from connector.engines.host.media import download_ref
from connector.engines.host.messages import (
    EVENTS,
    CreateGroup,
    DisconnectedEvent,
    Event,
    Hello,
    NumberInfo,
    Reply,
    Request,
)
from connector.engines.host.process import HostSettings
from connector.engines.host.queries import HostQueries
from connector.engines.host.routing import route
from connector.event_data import message_body
from connector.group_commands import ANSWERS
from wagate.bus import Command, CommandType, GroupSettings, NumberStatus, SetChatState
from wagate.bus import CreateGroup as CreateGroupCommand
from wagate.content import (
    ContactCard,
    Contacts,
    Edit,
    LiveLocation,
    Location,
    Pin,
    Poll,
    Reaction,
    Revoke,
    Text,
)
from wagate.deadlines import within
from wagate.public_events import render

PHONE = "447700900123@s.whatsapp.net"
LID = "123456789012345@lid"
GROUP = "120363000000000001@g.us"


def event(frame: dict[str, Any]) -> Event:
    return EVENTS[frame["type"]].model_validate({"session": "t#1", **frame})


class Wire:
    """Stands in for the client's `stored` (the adapter's own client, not the host)."""

    def __init__(self) -> None:
        self.stored: list[int] = []
        self.media_reuploads = 0

    async def stored_(self, session: str, seq: int) -> None:
        self.stored.append(seq)


async def routed(frame: dict[str, Any], accept: bool = True) -> tuple[list[EngineEvent], Wire]:
    """What the session's sink gets of one frame, and what was answered `stored`."""
    seen: list[EngineEvent] = []
    wire = Wire()

    async def emit(e: EngineEvent) -> bool:
        if accept:
            seen.append(e)
        return accept

    connection: Any = type("C", (), {"stored": wire.stored_})()
    await route(event(frame), emit, connection, wire, None)
    return seen, wire


def message(content: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "seq": 7,
        "message_id": "3EB0MSG",
        "chat": PHONE,
        "sender": PHONE,
        "timestamp_ms": 1_700_000_000_000,
        "flags": {},
        "content": content,
        **fields,
    }


# ---- lifecycle -------------------------------------------------------------------------


async def test_pairing_events_become_the_sessions() -> None:
    assert (await routed({"type": "qr", "code": "2@abc", "timeout_ms": 60000}))[0] == [
        QrCode("2@abc")
    ]
    paired = {"type": "paired", "device_jid": "447700900123:12@s.whatsapp.net", "lid": LID}
    assert (await routed(paired))[0] == [
        Paired("447700900123", {"device_jid": "447700900123:12@s.whatsapp.net", "lid": LID})
    ]
    connected = {"type": "connected", "device_jid": "447700900123:12@s.whatsapp.net"}
    assert (await routed(connected))[0] == [Connected("447700900123")]


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("timeout", None),
        ("err-client-outdated", DisconnectReason.CLIENT_OUTDATED),
        ("err-unexpected-state", DisconnectReason.REJECTED),
        ("err-scanned-without-multidevice", DisconnectReason.REJECTED),
        ("error", DisconnectReason.REJECTED),
        ("pair_phone_refused", DisconnectReason.REJECTED),
        ("err-newer-than-this", DisconnectReason.UNREADABLE_EVENT),
    ],
)
async def test_every_pairing_outcome_is_mapped(outcome: str, expected: Any) -> None:
    (mapped,), _ = await routed({"type": "pair_failed", "outcome": outcome, "detail": "why"})
    if expected is None:
        assert mapped == PairingExpired()
    else:
        assert isinstance(mapped, Disconnected) and mapped.reason is expected
        assert "why" in mapped.detail


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        ({"reason": "connection_lost"}, DisconnectReason.CONNECTION_LOST),
        ({"reason": "connection_replaced"}, DisconnectReason.REPLACED),
        ({"reason": "client_outdated", "code": 405}, DisconnectReason.CLIENT_OUTDATED),
        ({"reason": "connect_failed", "detail": "dial"}, DisconnectReason.CONNECT_FAILED),
        ({"reason": "proxy_unreachable"}, DisconnectReason.PROXY_UNREACHABLE),
        ({"reason": "proxy_auth_failed"}, DisconnectReason.PROXY_AUTH_FAILED),
        ({"reason": "proxy_refused"}, DisconnectReason.PROXY_REFUSED),
        ({"reason": "connect_rejected", "code": 503}, DisconnectReason.CONNECT_FAILED),
        ({"reason": "connect_rejected", "code": 499}, DisconnectReason.REJECTED),
        ({"reason": "stream_error", "code": 515}, DisconnectReason.RESTART_REQUIRED),
        (
            {"reason": "stream_error", "code": 516, "detail": "516"},
            DisconnectReason.CONNECTION_LOST,
        ),
        ({"reason": "ack_deadline"}, DisconnectReason.CONNECTION_LOST),
        ({"reason": "something_new", "code": 7, "detail": "x"}, DisconnectReason.UNREADABLE_EVENT),
    ],
)
async def test_every_disconnect_reason_is_mapped_and_its_code_kept(
    frame: dict[str, Any], reason: DisconnectReason
) -> None:
    (mapped,), _ = await routed({"type": "disconnected", **frame})
    assert isinstance(mapped, Disconnected) and mapped.reason is reason
    assert frame["reason"] in mapped.detail
    if "code" in frame:
        assert str(frame["code"]) in mapped.detail


async def test_a_temporary_ban_keeps_its_end() -> None:
    frame = {
        "type": "disconnected",
        "reason": "temporary_ban",
        "code": 101,
        "until_ms": 1_800_000_000_000,
    }
    (mapped,), _ = await routed(frame)
    assert mapped == Disconnected(DisconnectReason.TEMPORARY_BAN, mapped.detail, 1_800_000_000_000)
    assert "101" in mapped.detail and "2027-01-15T08:00:00Z" in mapped.detail


@pytest.mark.parametrize(
    ("code", "reason"),
    [(401, "logged_out"), (403, "main_device_gone"), (406, "banned"), (999, "logged_out")],
)
async def test_logged_out_names_whatsapps_reason(code: int, reason: str) -> None:
    frame = {"type": "logged_out", "reason": f"{code}: x", "code": code, "on_connect": True}
    assert (await routed(frame))[0] == [LoggedOut(reason)]


async def test_a_failed_session_is_a_missing_device_or_a_failed_connect() -> None:
    missing = {"type": "session_failed", "code": "device_not_found", "detail": "d"}
    assert (await routed(missing))[0] == [LoggedOut("device_missing")]
    (panic,), _ = await routed({"type": "session_failed", "code": "panic", "detail": "boom"})
    assert isinstance(panic, Disconnected) and panic.reason is DisconnectReason.CONNECT_FAILED
    assert "panic" in panic.detail and "boom" in panic.detail


# ---- messages and ack after store --------------------------------------------------------


async def test_a_message_is_answered_stored_only_once_the_sink_took_it() -> None:
    seen, wire = await routed(message({"kind": "text", "text": "hi"}))
    assert seen == [IncomingMessage("3EB0MSG", "447700900123", "hi", 1_700_000_000_000)]
    assert wire.stored == [7]
    # a stopping engine's sink takes nothing: the message is not acknowledged
    _, refused = await routed(message({"kind": "text", "text": "hi"}), accept=False)
    assert refused.stored == []


async def test_a_sink_that_fails_leaves_the_message_unacknowledged() -> None:
    wire = Wire()

    async def failing(e: EngineEvent) -> bool:
        raise RuntimeError("the database is away")

    connection: Any = type("C", (), {"stored": wire.stored_})()
    with pytest.raises(RuntimeError):
        await route(event(message({"kind": "text", "text": "x"})), failing, connection, wire, None)
    assert wire.stored == []


async def test_a_sink_failure_leaves_the_session_hearing_its_next_events() -> None:
    """A store or bus failure on one message is not the session's end: its pump goes on,
    the failed message unacknowledged (WhatsApp delivers it again), the next ones stored."""
    seen: list[EngineEvent] = []

    async def sink(e: EngineEvent) -> None:
        if not seen:
            seen.append(e)
            raise RuntimeError("the database is away")
        seen.append(e)

    kind = HostEngineKind(
        HostSettings(binary="unused", database_url="unused", db_max_conns=1, sessions_per_host=1),
        database_url="",
        schema="w",
    )
    engine = HostEngine("t", sink, kind)
    wire = Wire()
    connection: Any = type("C", (), {"stored": wire.stored_})()
    mailbox: Mailbox[Routed] = Mailbox(8)
    for seq in (1, 2):
        await mailbox.put(event(message({"kind": "text", "text": f"m{seq}"}, seq=seq)))
    await mailbox.put(event({"type": "disconnected", "reason": "connection_lost"}))
    await within(engine._drain(connection, mailbox), 5)
    assert [type(e) for e in seen] == [IncomingMessage, IncomingMessage, Disconnected]
    assert wire.stored == [2]  # the first, whose store failed, was never acknowledged
    await kind.close()


async def test_a_stop_with_events_queued_acknowledges_none_of_them() -> None:
    """A session stopped while its mailbox still holds messages hands them to no one and
    answers none `stored`: whatsmeow never acknowledges them, so WhatsApp delivers them
    again on the next connection."""
    seen: list[EngineEvent] = []
    kind = HostEngineKind(
        HostSettings(binary="unused", database_url="unused", db_max_conns=1, sessions_per_host=1),
        database_url="",
        schema="w",
    )

    async def sink(e: EngineEvent) -> None:
        seen.append(e)
        await engine.stop()  # the first message's handling stops the session

    engine = HostEngine("t", sink, kind)
    wire = Wire()
    connection: Any = type("C", (), {"stored": wire.stored_})()
    mailbox: Mailbox[Routed] = Mailbox(8)
    engine._mailbox = mailbox
    for seq in (1, 2, 3):
        await mailbox.put(event(message({"kind": "text", "text": f"m{seq}"}, seq=seq)))
    await within(engine._drain(connection, mailbox), 5)
    assert len(seen) == 1 and wire.stored == [1]  # the two queued: neither taken nor acked
    await kind.close()


async def test_a_group_message_keeps_its_group_and_author_by_number_and_lid() -> None:
    frame = message(
        {"kind": "text", "text": "hello group"},
        chat=GROUP,
        sender=LID,
        sender_alt=PHONE,
        flags={"group": True, "ephemeral": True, "view_once": True},
    )
    ((mapped,), _) = await routed(frame)
    assert isinstance(mapped, IncomingMessage)
    assert (mapped.chat, mapped.sender, mapped.sender_lid) == (
        GROUP,
        "447700900123",
        "123456789012345",
    )
    assert (mapped.flags.ephemeral, mapped.flags.view_once) == (True, True)


async def test_a_message_carries_its_senders_push_name() -> None:
    frame = message({"kind": "text", "text": "x"}, push_name="Olga Petrova")
    ((mapped,), _) = await routed(frame)
    assert isinstance(mapped, IncomingMessage) and mapped.push_name == "Olga Petrova"
    ((unnamed,), _) = await routed(message({"kind": "text", "text": "x"}))
    assert isinstance(unnamed, IncomingMessage) and unnamed.push_name == ""


async def test_a_lid_only_sender_has_no_number() -> None:
    ((mapped,), _) = await routed(message({"kind": "text", "text": "x"}, chat=LID, sender=LID))
    assert isinstance(mapped, IncomingMessage)
    assert (mapped.sender, mapped.sender_lid, mapped.chat) == (None, "123456789012345", "")


async def test_own_and_broadcast_messages_are_acknowledged_not_delivered() -> None:
    own, wire = await routed(message({"kind": "text", "text": "x"}, flags={"from_me": True}))
    listed, wire2 = await routed(message({"kind": "text", "text": "x"}, chat="1700@broadcast"))
    assert own == listed == [] and wire.stored == wire2.stored == [7]


async def test_a_contacts_status_update_keeps_the_status_broadcast_as_its_chat() -> None:
    status = message(
        {"kind": "text", "text": "on holiday"},
        chat="status@broadcast",
        flags={"group": True},  # whatsmeow's IsGroup for any broadcast
    )
    (mapped,), wire = await routed(status)
    assert isinstance(mapped, IncomingMessage) and wire.stored == [7]
    assert (mapped.sender, mapped.chat, mapped.text) == (
        "447700900123",
        "status@broadcast",
        "on holiday",
    )


async def test_a_media_message_carries_what_a_download_needs() -> None:
    plain = hashlib.sha256(b"photo").digest()
    ref = {
        "direct_path": "/v/t62/x",
        "media_key": base64.b64encode(b"k" * 32).decode(),
        "file_sha256": base64.b64encode(plain).decode(),
        "file_enc_sha256": base64.b64encode(b"e" * 32).decode(),
    }
    media = {
        "mimetype": "image/jpeg",
        "caption": "look",
        "size_bytes": 5,
        "width": 4,
        "height": 3,
        "ref": ref,
    }
    ((mapped,), _) = await routed(message({"kind": "image", "media": media}))
    assert isinstance(mapped, IncomingMessage) and mapped.media is not None
    assert mapped.text == "look"
    assert (mapped.media.kind, mapped.media.sha256, mapped.media.width) == ("image", plain.hex(), 4)
    assert mapped.media.ref == {"kind": "image", "size_bytes": 5, **ref}


async def test_a_stored_ref_names_its_message_back_to_the_host_for_a_reupload() -> None:
    """The host puts the message an attachment came with in its ref, so a download the
    media host refuses can ask the phone to upload it again; the connector keeps the ref
    as it is and hands it back whole with the download."""
    message_of = {"id": "3EB0M", "chat": GROUP, "sender": LID, "group": True}
    ref = {
        "direct_path": "/v/t62/x",
        "media_key": base64.b64encode(b"k" * 32).decode(),
        "file_sha256": base64.b64encode(b"p" * 32).decode(),
        "file_enc_sha256": base64.b64encode(b"e" * 32).decode(),
        "message": message_of,
    }
    frame = message({"kind": "image", "media": {"mimetype": "image/jpeg", "ref": ref}})
    ((mapped,), _) = await routed(frame)
    assert isinstance(mapped, IncomingMessage) and mapped.media is not None
    kind, back, _ = download_ref(json.loads(json.dumps(mapped.media.ref)))  # as stored
    assert kind == "image" and back.model_dump(exclude_none=True)["message"] == {
        **message_of,
        "from_me": False,
    }


async def test_a_video_note_is_a_video_the_tenant_sees_marked_as_a_note() -> None:
    """The host flags WhatsApp's round video notes (ptv); the `message` event says so as
    media.videoNote, and a plain video carries no such mark."""
    video = {"mimetype": "video/mp4", "duration_s": 7, "width": 480, "height": 480}
    seen: dict[bool, dict[str, Any]] = {}
    for note in (True, False):
        frame = {**video, "video_note": True} if note else video
        ((mapped,), _) = await routed(message({"kind": "video", "media": frame}))
        assert isinstance(mapped, IncomingMessage) and mapped.media is not None
        assert (mapped.media.kind, mapped.media.video_note) == ("video", note)
        seen[note] = render(message_body(mapped))["media"]
    assert seen[True]["videoNote"] is True and seen[True]["durationSeconds"] == 7
    assert "videoNote" not in seen[False]


async def test_a_live_location_update_is_a_location_event_marked_live() -> None:
    where = {"latitude": 52.52, "longitude": 13.405, "live": True, "sequence": 3,
             "accuracy_m": 12, "speed_mps": 1.5, "caption": "on my way"}  # fmt: skip
    ((mapped,), _) = await routed(message({"kind": "location", "location": where}))
    assert isinstance(mapped, IncomingMessage)
    assert mapped.content == LiveLocation(52.52, 13.405, 3, 12, 1.5, None, "on my way")
    assert render(message_body(mapped))["location"] == {
        "latitude": 52.52, "longitude": 13.405, "live": True, "sequenceNumber": 3,
        "accuracyMeters": 12, "speedMps": 1.5, "caption": "on my way",
    }  # fmt: skip


async def test_mentions_arrive_as_people_by_number_or_lid() -> None:
    """The host's mentioned JIDs: a phone JID is a number, a LID (groups mention by LID)
    stays a LID; @all is mentionAll. A message without any carries neither."""
    jids = [f"{PHONE.split('@')[0]}@s.whatsapp.net", "123456789012345@lid"]
    text = {"kind": "text", "text": "@all hi"}
    ((mapped,), _) = await routed(message(text, mentions=jids, mention_all=True))
    assert isinstance(mapped, IncomingMessage)
    body = render(message_body(mapped))
    assert body["mentions"] == [
        {"phone": PHONE.split("@")[0]},
        {"phone": None, "lid": "123456789012345"},
    ]
    assert body["mentionAll"] is True
    ((plain,), _) = await routed(message(text))
    assert isinstance(plain, IncomingMessage)
    assert "mentions" not in render(message_body(plain)) and not plain.mention_all


async def test_locations_contacts_and_polls_arrive_as_content() -> None:
    where = {"latitude": 51.5, "longitude": -0.1, "name": "Here"}
    ((loc,), _) = await routed(message({"kind": "location", "location": where}))
    assert isinstance(loc, IncomingMessage) and loc.content == Location(51.5, -0.1, "Here")
    cards = [{"display_name": "A", "vcard": "BEGIN:VCARD"}]
    ((con,), _) = await routed(message({"kind": "contacts", "contacts": cards}))
    assert isinstance(con, IncomingMessage)
    assert con.content == Contacts([ContactCard("A", "BEGIN:VCARD")])
    poll = {"question": "Q?", "options": ["a", "b"], "selectable": 1}
    ((pol,), _) = await routed(message({"kind": "poll", "poll": poll}))
    assert isinstance(pol, IncomingMessage) and pol.content == Poll("Q?", ["a", "b"], 1)


async def test_reactions_edits_revokes_and_votes_name_their_target() -> None:
    target = {"message_id": "3EB0OURS", "sender": "447700900999@s.whatsapp.net"}
    group = {"chat": GROUP, "flags": {"group": True}}
    at = 1_700_000_000_000
    ((r,), _) = await routed(message({"kind": "reaction", "target": target, "text": "👍"}, **group))
    assert r == ReactionReceived("3EB0OURS", "447700900123", "👍", at, "", GROUP, "3EB0MSG")
    ((e,), _) = await routed(message({"kind": "edit", "target": target, "text": "new"}))
    assert e == MessageEdited("3EB0OURS", "447700900123", "new", at, "", "", "3EB0MSG")
    ((v,), _) = await routed(message({"kind": "revoke", "target": target}))
    assert v == MessageRevoked("3EB0OURS", "447700900123", at, "", "", "3EB0MSG")
    vote = {"kind": "poll_vote", "target": target, "vote": {"option_hashes": ["ab"]}}
    ((p,), _) = await routed(message(vote))
    assert p == PollVoteReceived("3EB0OURS", "447700900123", ["ab"], at, "", "", "3EB0MSG")
    undecrypted, wire = await routed(message({"kind": "poll_vote", "target": target}))
    assert undecrypted == [] and wire.stored == [7]


async def test_an_unknown_kind_is_acknowledged_and_not_delivered() -> None:
    seen, wire = await routed(message({"kind": "unknown", "fields": ["callLogMessage"]}))
    assert seen == [] and wire.stored == [7]


def history_frame() -> dict[str, Any]:
    own = message({"kind": "text", "text": "our answer"}, message_id="3EBOWN", sender=LID)
    own["flags"] = {"from_me": True}
    group = message({"kind": "text", "text": "in the group"}, chat=GROUP, flags={"group": True})
    reaction = message({"kind": "reaction", "text": "x", "target": {"message_id": "3EB0MSG"}})
    status = message({"kind": "text", "text": "a status"}, chat="status@broadcast")
    theirs = message({"kind": "text", "text": "hi"}, chat=LID, sender=LID)
    messages = [message({"kind": "text", "text": "hi"}), own, group, reaction, status, theirs]
    for m in messages:
        del m["type"], m["seq"]
    return {
        "type": "history",
        "seq": 9,
        "sync_type": "initial_bootstrap",
        "chunk_order": 2,
        "progress": 40,
        "messages": messages,
        "push_names": [{"jid": PHONE, "name": "Ann"}, {"jid": LID, "name": "Bo"}],
        "last": True,
    }


async def test_a_history_frame_is_one_batch_with_own_messages_and_chats() -> None:
    seen, wire = await routed(history_frame())
    [batch] = seen
    assert isinstance(batch, HistoryBatch)
    assert (batch.sync_type, batch.chunk_order, batch.progress, batch.last) == (
        "initial_bootstrap",
        2,
        40,
        True,
    )
    at = 1_700_000_000_000
    assert [(m.chat, m.from_me, m.message.message_id, m.message.text) for m in batch.messages] == [
        ("447700900123", False, "3EB0MSG", "hi"),
        ("447700900123", True, "3EBOWN", "our answer"),
        (GROUP, False, "3EB0MSG", "in the group"),
        ("123456789012345", False, "3EB0MSG", "hi"),  # a chat named by its LID alone
    ]  # the reaction and the status broadcast are no stored messages
    assert batch.messages[0].message == IncomingMessage("3EB0MSG", "447700900123", "hi", at)
    assert batch.push_names == (("447700900123", "Ann"), ("123456789012345", "Bo"))
    assert wire.stored == [9]


async def test_a_history_frame_is_answered_stored_only_once_the_sink_took_it() -> None:
    _, refused = await routed(history_frame(), accept=False)
    assert refused.stored == []
    wire = Wire()

    async def failing(e: EngineEvent) -> bool:
        raise RuntimeError("the database is away")

    connection: Any = type("C", (), {"stored": wire.stored_})()
    with pytest.raises(RuntimeError):
        await route(event(history_frame()), failing, connection, wire, None)
    assert wire.stored == []


# ---- receipts, presence, groups ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status"), [("", "delivered"), ("read", "read"), ("played", "read")]
)
async def test_receipts_of_a_message_status(kind: str, status: str) -> None:
    frame = {"type": "receipt", "message_ids": ["A", "B"], "kind": kind, "chat": LID,
             "sender": LID, "sender_alt": PHONE, "timestamp_ms": 1}  # fmt: skip
    seen, _ = await routed(frame)
    assert seen == [
        Receipt("A", "447700900123", status, "123456789012345"),
        Receipt("B", "447700900123", status, "123456789012345"),
    ]


@pytest.mark.parametrize("kind", ["sender", "retry", "inactive", "read-self", "newer-kind"])
async def test_other_receipts_say_nothing(kind: str) -> None:
    frame = {"type": "receipt", "message_ids": ["A"], "kind": kind, "chat": PHONE, "sender": PHONE}
    assert (await routed(frame))[0] == []


async def test_a_media_reupload_receipt_is_counted_never_a_failure() -> None:
    frame = {"type": "receipt", "message_ids": ["A"], "kind": "server-error", "chat": PHONE,
             "sender": PHONE, "media_reupload": True}  # fmt: skip
    seen, wire = await routed(frame)
    assert seen == [] and wire.media_reuploads == 1


async def test_presence_and_chat_presence() -> None:
    online = {"type": "presence", "jid": PHONE, "available": True}
    assert (await routed(online))[0] == [PresenceChanged("447700900123", "available")]
    away = {"type": "presence", "jid": LID, "available": False, "last_seen_ms": 5}
    assert (await routed(away))[0] == [PresenceChanged(None, "unavailable", 5, "123456789012345")]
    typing = {"type": "chat_presence", "chat": GROUP, "sender": LID, "sender_alt": PHONE,
              "state": "typing"}  # fmt: skip
    assert (await routed(typing))[0] == [
        PresenceChanged("447700900123", "typing", None, "123456789012345", GROUP)
    ]


async def test_a_group_update_names_who_did_what_to_whom() -> None:
    frame = {"type": "group_update", "group": GROUP, "action": "add", "by": LID, "by_alt": PHONE,
             "participants": [{"jid": "447700900999@s.whatsapp.net", "alt": LID}],
             "timestamp_ms": 3}  # fmt: skip
    assert (await routed(frame))[0] == [
        GroupUpdate(
            GROUP,
            "add",
            Person("447700900123", "123456789012345"),
            3,
            (Person("447700900999", "123456789012345"),),
        )
    ]
    renamed = {"type": "group_update", "group": GROUP, "action": "subject", "subject": "New"}
    ((update,), _) = await routed(renamed)
    assert isinstance(update, GroupUpdate) and (update.by, update.subject) == (None, "New")
    # the host omits an empty description: it was removed
    removed = {"type": "group_update", "group": GROUP, "action": "description"}
    ((cleared,), _) = await routed(removed)
    assert isinstance(cleared, GroupUpdate) and cleared.description == ""


# ---- outgoing ------------------------------------------------------------------------------


class NoBytes:
    size_bytes = 0

    async def chunks(self) -> Any:  # pragma: no cover - never read by the mapping
        yield b""


def dumped(item: Any, path: str | None = None) -> dict[str, Any]:
    return content_of(item, path)


def test_each_outgoing_kind_as_the_hosts_content() -> None:
    """Any kind goes as the bus encodes it (the host's builder for it decodes it); an
    attachment as the file the host reads."""
    assert dumped(Text("hi")) == {"kind": "text", "text": "hi"}
    assert dumped(Text("@all @447700900999", ["447700900999"], True)) == {
        "kind": "text", "text": "@all @447700900999", "mentions": ["447700900999"],
        "mentionAll": True,
    }  # fmt: skip
    once = OutgoingMedia("image", "image/png", 10, "ab", view_once=True)
    assert dumped(Attachment(once, NoBytes()), "/run/y")["media"]["view_once"] is True
    named = OutgoingMedia(
        "image", "image/png", 10, "ab", "@447700900999", mentions=("447700900999",)
    )
    assert dumped(Attachment(named, NoBytes()), "/run/z")["media"]["mentions"] == ["447700900999"]
    media = OutgoingMedia("voice", "audio/ogg", 10, "ab", duration_s=3)
    assert dumped(Attachment(media, NoBytes()), "/run/x") == {
        "kind": "voice",
        "media": {"mimetype": "audio/ogg", "caption": "", "filename": "", "duration_s": 3,
                  "size_bytes": 10, "path": "/run/x"},
    }  # fmt: skip
    assert dumped(Location(1.5, 2.5, "n", "a")) == {
        "kind": "location", "latitude": 1.5, "longitude": 2.5, "name": "n", "address": "a",
    }  # fmt: skip
    assert dumped(Contacts([ContactCard("A", "V")])) == {
        "kind": "contacts",
        "cards": [{"displayName": "A", "vcard": "V"}],
    }
    assert dumped(Poll("Q", ["a", "b"], 2)) == {
        "kind": "poll", "question": "Q", "options": ["a", "b"], "selectable": 2,
    }  # fmt: skip
    assert dumped(Reaction("3EB0T", "❤")) == {
        "kind": "reaction",
        "messageId": "3EB0T",
        "emoji": "❤",
    }
    assert dumped(Edit("3EB0T", "new")) == {"kind": "edit", "messageId": "3EB0T", "text": "new"}
    assert dumped(Revoke("3EB0T")) == {"kind": "revoke", "messageId": "3EB0T"}
    assert dumped(Pin("3EB0T", 604800)) == {
        "kind": "pin",
        "messageId": "3EB0T",
        "durationS": 604800,
    }
    # the message a content acts on goes beside it, its author as a JID
    assert target_of(Quote("3EB0T", "447700900999")).model_dump() == {
        "message_id": "3EB0T",
        "sender": "447700900999@s.whatsapp.net",
    }


def test_a_number_check_answered_by_lid_gives_the_numbers_jid_and_the_lid_beside_it() -> None:
    found = [
        NumberInfo(phone="447700900123", jid="123456789012345@lid", on_whatsapp=True),
        NumberInfo(phone="447700900124", jid="447700900124@s.whatsapp.net", on_whatsapp=True),
    ]
    assert numbers(["447700900123", "447700900124", "447700900125"], found) == [
        NumberStatus("447700900123", True, PHONE, "123456789012345"),
        NumberStatus("447700900124", True, "447700900124@s.whatsapp.net", ""),
        NumberStatus("447700900125", False),
    ]


def test_numbers_groups_and_lids_as_jids() -> None:
    assert to_jid("447700900123") == PHONE
    assert to_jid(GROUP) == GROUP and to_jid(LID) == LID  # never <lid digits>@s.whatsapp.net
    assert person(LID, PHONE) == ("447700900123", "123456789012345")
    assert person(LID) == (None, "123456789012345")
    assert person("447700900123:7@s.whatsapp.net") == ("447700900123", "")


def test_credentials_resume_the_device_the_earlier_engine_stored_too() -> None:
    assert device_jid_of({"device_jid": "1:2@s.whatsapp.net"}) == "1:2@s.whatsapp.net"
    assert device_jid_of({"user": "447700900123", "device": 12, "server": "s.whatsapp.net"}) == (
        "447700900123:12@s.whatsapp.net"
    )


class CreatingEngine(HostQueries):
    """The adapter's group calls, with the requests it would send the host kept."""

    session = "t#1"

    def __init__(self) -> None:
        self.sent: list[Request] = []

    async def _call(self, request: Request, deadline_s: float, fallback: str = "") -> Reply:
        self.sent.append(request)
        group = {"jid": GROUP, "subject": "Team"}
        return Reply.model_validate({"type": "reply", "id": 1, "group": group})


async def test_a_chat_state_change_is_one_host_request_and_the_phones_come_back() -> None:
    engine = CreatingEngine()
    await engine.set_chat_state(SetChatState("447700900123", "muted", True, 1_893_456_000_000))
    (sent,) = engine.sent
    assert sent.model_dump() == {
        "type": "chat_state",
        "id": 0,
        "session": "t#1",
        "chat": PHONE,
        "state": "muted",
        "on": True,
        "muted_until_ms": 1_893_456_000_000,
    }
    archived = {"type": "chat_state", "chat": PHONE, "state": "archived", "on": True}
    assert (await routed(archived))[0] == [ChatStateChanged("447700900123", "archived", True)]
    unread = {"type": "chat_state", "chat": GROUP, "state": "unread", "on": True}
    assert (await routed(unread))[0] == [ChatStateChanged(GROUP, "unread", True)]
    by_lid = {"type": "chat_state", "chat": LID, "state": "muted", "on": True}
    assert (await routed(by_lid))[0] == [ChatStateChanged("123456789012345", "muted", True)]


async def test_an_address_book_name_names_its_person_by_number_and_lid() -> None:
    named = {"type": "contact_name", "jid": PHONE, "lid": LID, "name": "Olga"}
    assert (await routed(named))[0] == [ContactNamed("447700900123", "Olga", "123456789012345")]
    by_lid = {"type": "contact_name", "jid": LID, "name": ""}
    assert (await routed(by_lid))[0] == [ContactNamed(None, "", "123456789012345")]


async def test_a_redelivered_create_group_command_sends_the_host_the_same_create_key() -> None:
    engine = CreatingEngine()

    async def groups_seen(self: Any, groups: list[Any]) -> None:  # names: not this test's
        pass

    session: Any = type(
        "S", (), {"ask": lambda self, call: call(engine), "groups_seen": groups_seen}
    )()
    create = Command(CommandType.CREATE_GROUP, "t", CreateGroupCommand("Team", ["447700900123"]))
    redelivered = Command(create.type, "t", create.payload, id=create.id)
    for command in (create, redelivered, Command(create.type, "t", create.payload)):
        assert (await ANSWERS[CommandType.CREATE_GROUP](command, session)).group_id == GROUP
    keys = [request.create_key for request in engine.sent if isinstance(request, CreateGroup)]
    assert keys[0] == keys[1] != keys[2]  # the same command, then another one
    assert all(re.fullmatch(r"3EB0[0-9A-F]{18}", key) for key in keys)


async def test_a_history_request_names_the_oldest_stored_message_as_the_host_reads_it() -> None:
    engine = CreatingEngine()
    await engine.request_history(
        "447700900123", OldestMessage("3EB0OLD", True, 1_700_000_000_000), 50
    )
    [request] = engine.sent
    assert request.model_dump(mode="json", exclude={"id"}) == {  # the id: the client's
        "type": "history_request",
        "session": "t#1",
        "chat": PHONE,
        "oldest_message_id": "3EB0OLD",
        "oldest_from_me": True,
        "oldest_timestamp_ms": 1_700_000_000_000,
        "count": 50,
    }


@pytest.mark.parametrize(
    ("host", "connector"),
    [
        ("not_connected", "session_not_connected"),
        ("not_running", "session_not_connected"),
        ("timeout", "engine_timeout"),  # outcome unknown: the log entry stays pending
        ("rate_overlimit", "rate_overlimit"),
        ("media_unreadable", "media_upload_failed"),
        ("media_upload_failed", "media_upload_failed"),
        ("media_gone", "media_expired"),
        ("media_invalid", "media_corrupt"),
        ("group_not_found", "group_not_found"),
        ("not_group_admin", "not_group_admin"),
        ("invite_not_found", "invite_not_found"),
        ("not_on_whatsapp", "not_on_whatsapp"),
        ("failed", SEND_FAILED),
        ("bad_request", SEND_FAILED),
    ],
)
def test_host_error_codes_as_the_connectors(host: str, connector: str) -> None:
    reply = Reply.model_validate(
        {"type": "reply", "id": 1, "error": {"code": host, "message": "m"}}
    )
    with pytest.raises(EngineError) as refused:
        check(reply, SEND_FAILED)
    assert refused.value.code == connector


class Asked:
    """Stands in for the host's connection: what was asked, with the client's wait."""

    closed = False

    def __init__(self) -> None:
        self.asked: list[tuple[Request, float]] = []
        self.routes: dict[str, Mailbox[Routed]] = {}

    async def request(self, request: Request, deadline_s: float) -> Reply:
        self.asked.append((request, deadline_s))
        return Reply(type="reply", id=1, sent={"message_id": "3EB0X", "timestamp_ms": 1})


async def test_the_host_answers_a_send_before_the_connector_stops_waiting_for_it() -> None:
    """The host bounds the whole send (upload, whatsmeow's lookups, the ack wait) by the
    deadline it is given, and the connector waits past it: a host that lives always
    answers while the send is waited for, so a send that went out is always recorded."""
    kind = HostEngineKind(
        HostSettings("/nonexistent", "postgres://x", 1, 1),
        database_url="x",
        schema="s",
        send_timeout_s=75.0,
    )
    heard: list[EngineEvent] = []

    async def sink(event: EngineEvent) -> None:
        heard.append(event)

    engine = HostEngine("t", sink, kind)
    asked = Asked()
    engine._connection, engine._mailbox = asked, Mailbox(1)  # type: ignore[assignment]
    await engine.send("447700900123", Text("hi"), "3EB0X")
    [(request, waited_s)] = asked.asked
    frame = request.model_dump(exclude_none=True)
    host_bound_s = frame["deadline_ms"] / 1000
    whatsmeows_lookups_s = 3 * 75.0
    assert host_bound_s >= frame["timeout_ms"] / 1000 + whatsmeows_lookups_s
    assert waited_s >= host_bound_s + 10  # its answer crosses the socket in time


async def test_a_start_tells_the_host_whether_to_mark_the_business_available() -> None:
    kind = HostEngineKind(
        HostSettings("/nonexistent", "postgres://x", 1, 1), database_url="x", schema="s"
    )
    asked = Asked()

    async def placed(session: str) -> Any:
        return asked

    kind.place = placed  # type: ignore[method-assign]

    async def sink(event: EngineEvent) -> None:
        pass

    for available in (True, False):
        engine = HostEngine("t", sink, kind)
        await engine.start(None, available=available)
        started = asked.asked[-1][0].model_dump(exclude_none=True)
        assert (started["type"], started["available_on_connect"]) == ("start", available)
        await engine.stop()


async def test_a_presence_subscription_asks_the_host_for_that_users_presence() -> None:
    kind = HostEngineKind(
        HostSettings("/nonexistent", "postgres://x", 1, 1), database_url="x", schema="s"
    )

    async def sink(event: EngineEvent) -> None:
        pass

    engine = HostEngine("t", sink, kind)
    engine.session, asked = "t#9", Asked()
    engine._connection, engine._mailbox = asked, Mailbox(1)  # type: ignore[assignment]
    await engine.subscribe_presence("447700900123")
    [(request, _)] = asked.asked
    assert request.model_dump(exclude_none=True) == {
        "type": "subscribe_presence",
        "id": 0,
        "session": "t#9",
        "jid": PHONE,
    }
    # WhatsApp's answers then arrive as presence events (test_presence_and_chat_presence)


def test_message_ids_have_whatsmeows_shape() -> None:
    kind = HostEngineKind(
        HostSettings("/nonexistent", "postgres://x", 1, 1), database_url="x", schema="s"
    )
    ids = {kind.new_message_id() for _ in range(100)}
    assert len(ids) == 100 and all(re.fullmatch(r"3EB0[0-9A-F]{18}", i) for i in ids)


# ---- framing -------------------------------------------------------------------------------


async def test_a_frame_over_one_mib_is_refused_before_its_body_is_read() -> None:
    reader = asyncio.StreamReader()
    reader.feed_data(struct.pack(">I", frames.MAX_FRAME + 1))  # and no body at all
    with pytest.raises(frames.FrameError):
        await frames.read(reader)
    with pytest.raises(frames.FrameError):
        frames.encode({"type": "send", "text": "x" * frames.MAX_FRAME})


async def test_frames_read_back_one_byte_at_a_time() -> None:
    data = frames.encode({"type": "reply", "id": 3}) + frames.encode({"type": "qr", "code": "c"})
    reader = asyncio.StreamReader()
    for i in range(len(data)):
        reader.feed_data(data[i : i + 1])
    reader.feed_eof()
    assert await frames.read(reader) == {"type": "reply", "id": 3}
    assert await frames.read(reader) == {"type": "qr", "code": "c"}


# ---- the client's reading, over a socket pair (the peer writes frames by hand) ----------


async def client_pair() -> tuple[HostConnection, asyncio.StreamWriter, list[HostConnection]]:
    ours, theirs = socket.socketpair()
    reader, writer = await asyncio.open_unix_connection(sock=ours)
    _, peer = await asyncio.open_unix_connection(sock=theirs)
    lost: list[HostConnection] = []
    hello = Hello(version=1, peer="enginehost", max_in_flight=4)
    return HostConnection(reader, writer, hello, lost.append), peer, lost


async def test_an_unreadable_last_event_still_ends_the_session() -> None:
    connection, peer, _ = await client_pair()
    mailbox: Mailbox[Routed] = Mailbox(8)
    connection.routes["t#1"] = mailbox
    peer.write(frames.encode({"type": "qr", "session": "t#1"}))  # no code: only logged
    peer.write(frames.encode({"type": "disconnected", "session": "t#1", "code": "x"}))
    ended = await within(mailbox.get(), 5)
    assert isinstance(ended, DisconnectedEvent) and ended.reason == "unreadable"
    mapped = lifecycle.disconnected(ended)
    assert mapped.reason is DisconnectReason.UNREADABLE_EVENT
    assert "unreadable disconnected event" in mapped.detail
    peer.close()
    await connection.close()


async def test_a_peer_announcing_a_frame_over_one_mib_is_cut_off() -> None:
    connection, peer, lost = await client_pair()
    mailbox: Mailbox[Routed] = Mailbox(8)
    connection.routes["t#1"] = mailbox
    asked = asyncio.ensure_future(connection.request(Request(type="health", session="t#1"), 10))
    peer.write(struct.pack(">I", frames.MAX_FRAME + 1))
    assert isinstance(
        await within(mailbox.get(), 5), HostLost
    )  # the session hears the host is gone
    with pytest.raises(EngineError) as unanswered:
        await asked
    assert unanswered.value.code == "engine_timeout"
    assert lost == [connection] and connection.closed
    peer.close()
    await connection.close()


async def test_group_administration_goes_to_the_host_as_its_requests_and_comes_back() -> None:
    engine = CreatingEngine()
    await engine.set_group_settings(GROUP, GroupSettings(locked=True, disappearing_s=86400))
    await engine.set_group_picture(GROUP, b"\xff\xd8\xffjpeg")
    await engine.set_group_picture(GROUP, None)
    await engine.answer_join_requests(GROUP, "approve", ["447700900123"])
    settings, picture, removal, answer = (
        r.model_dump(exclude_none=True, exclude={"id", "session"}) for r in engine.sent
    )
    assert settings == {
        "type": "set_group_settings",
        "group": GROUP,
        "settings": {"locked": True, "disappearing_s": 86400},
    }
    assert picture == {"type": "set_group_picture", "group": GROUP, "jpeg": "/9j/anBlZw=="}
    assert removal == {"type": "set_group_picture", "group": GROUP}
    assert answer["participants"] == [PHONE] and answer["action"] == "approve"

    changed = {"type": "group_update", "group": GROUP, "action": "settings", "by": LID,
               "settings": {"announce": True, "disappearing_s": 0}, "timestamp_ms": 4}  # fmt: skip
    ((update,), _) = await routed(changed)
    assert isinstance(update, GroupUpdate)
    assert update.settings == GroupSettings(announce=True, disappearing_s=0)
    removed = {"type": "group_update", "group": GROUP, "action": "picture", "picture_id": ""}
    ((gone,), _) = await routed(removed)
    assert isinstance(gone, GroupUpdate) and gone.picture_id == ""
    refused = Reply.model_validate(
        {"type": "reply", "id": 1, "error": {"code": "invalid_image", "message": "406"}}
    )
    with pytest.raises(EngineError) as invalid:
        check(refused, "group_call_failed")
    assert invalid.value.code == "invalid_image"
