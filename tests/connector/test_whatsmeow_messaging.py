"""The whatsmeow engine's messaging (issue 17) offline: the waE2E messages each kind is
sent as, the engine events made of neonize's incoming messages and presence events
(built as WhatsApp's servers would send them, some through neonize's own dispatch from a
Go-like thread), the neonize calls behind read marks and presence, and the worker
protocol's messaging request."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from typing import Any

import pytest
from neonize.proto import Neonize_pb2 as N
from neonize.proto.waCommon import WACommon_pb2 as common
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa
from neonize.utils.enum import ChatPresence, ChatPresenceMedia, Presence, ReceiptType

from connector.engine import (
    EngineEvent,
    IncomingMessage,
    MessageEdited,
    MessageRevoked,
    PollVoteReceived,
    PresenceChanged,
    Quote,
    ReactionReceived,
    ReactTo,
    SentMessage,
)
from connector.engines.whatsmeow import messaging_mapping as mm
from connector.engines.whatsmeow import protocol
from connector.engines.whatsmeow.engine import WhatsmeowEngineKind
from connector.engines.whatsmeow.worker import Worker
from tests.whatsmeow_messages import FromGo, all_delivered, incoming, jid, wire
from wagate.content import ContactCard, Contacts, Edit, Location, Poll, option_hash

OWN = "79000000001"
FRIEND = "447700900123"
GROUP = "120363025246125888@g.us"


def test_outgoing_messages_are_the_apps_own_kinds() -> None:
    quote = Quote("3EB0Q", FRIEND)
    place = wire(mm.location_message(Location(55.75, 37.62, "Office", ""), quote))
    assert (place.locationMessage.degreesLatitude, place.locationMessage.name) == (55.75, "Office")
    assert not place.locationMessage.HasField("address")
    assert place.locationMessage.contextInfo.stanzaID == "3EB0Q"

    one = wire(mm.contacts_message([ContactCard("Ann", "BEGIN:VCARD…")], None))
    assert (one.contactMessage.displayName, one.contactMessage.vcard) == ("Ann", "BEGIN:VCARD…")
    assert not one.contactMessage.HasField("contextInfo")
    two = wire(mm.contacts_message([ContactCard("A", "v1"), ContactCard("B", "v2")], quote))
    assert [c.displayName for c in two.contactsArrayMessage.contacts] == ["A", "B"]
    assert two.contactsArrayMessage.contextInfo.participant == f"{FRIEND}@s.whatsapp.net"

    poll = wire(mm.poll_message(Poll("Lunch?", ["Pizza", "Soup"], 2), None))
    assert [o.optionName for o in poll.pollCreationMessage.options] == ["Pizza", "Soup"]
    assert poll.pollCreationMessage.selectableOptionsCount == 2
    # a fresh secret each time: whatsmeow keeps it on send and decrypts votes with it
    secret = poll.messageContextInfo.messageSecret
    assert len(secret) == 32
    again = mm.poll_message(Poll("Lunch?", ["Pizza", "Soup"], 2), None)
    assert again.messageContextInfo.messageSecret != secret


def test_reactions_edits_and_revokes_name_their_target() -> None:
    mine = wire(mm.reaction_message(FRIEND, Quote("3EB0A", OWN), OWN, "👍", 1_000))
    assert mine.reactionMessage.key == common.MessageKey(
        remoteJID=f"{FRIEND}@s.whatsapp.net", fromMe=True, ID="3EB0A"
    )
    assert (mine.reactionMessage.text, mine.reactionMessage.senderTimestampMS) == ("👍", 1_000)
    theirs = wire(mm.reaction_message(GROUP, Quote("3EB0B", FRIEND), OWN, "", 2_000))
    key = theirs.reactionMessage.key
    assert (key.remoteJID, key.fromMe, key.participant) == (
        GROUP, False, f"{FRIEND}@s.whatsapp.net",
    )  # fmt: skip
    assert theirs.reactionMessage.text == ""  # removes the reaction
    edit = wire(mm.edit_message(FRIEND, "3EB0C", "fixed", 3_000)).protocolMessage
    assert (edit.type, edit.key.ID, edit.key.fromMe) == (
        wa.ProtocolMessage.MESSAGE_EDIT,
        "3EB0C",
        True,
    )
    assert (edit.editedMessage.conversation, edit.timestampMS) == ("fixed", 3_000)
    revoke = wire(mm.revoke_message(GROUP, "3EB0D")).protocolMessage
    assert (revoke.type, revoke.key.ID, revoke.key.remoteJID) == (
        wa.ProtocolMessage.REVOKE, "3EB0D", GROUP,
    )  # fmt: skip


def test_incoming_reactions_edits_revokes_and_content() -> None:
    lid = N.JID(User="98765432101234", Server="lid", RawAgent=0, Integrator=0, IsEmpty=False)
    reaction = wa.Message(
        reactionMessage=wa.ReactionMessage(key=common.MessageKey(ID="3EB0MINE"), text="🔥")
    )
    assert mm.incoming_event(incoming(reaction, sender=lid, sender_alt=jid(FRIEND))) == (
        ReactionReceived(
            "3EB0MINE", FRIEND, "🔥", 1_763_000_000_123, "98765432101234", "", "3EB0C0FFEE"
        )
    )
    edit = wa.Message(
        protocolMessage=wa.ProtocolMessage(
            type=wa.ProtocolMessage.MESSAGE_EDIT,
            key=common.MessageKey(ID="3EB0ORIGINAL"),
            editedMessage=wa.Message(extendedTextMessage=wa.ExtendedTextMessage(text="the")),
        )
    )
    group = jid("120363025246125888", "g.us")
    assert mm.incoming_event(incoming(edit, chat=group)) == MessageEdited(
        "3EB0ORIGINAL", FRIEND, "the", 1_763_000_000_123, "", GROUP, "3EB0C0FFEE"
    )
    revoke = wa.Message(
        protocolMessage=wa.ProtocolMessage(
            type=wa.ProtocolMessage.REVOKE, key=common.MessageKey(ID="3EB0GONE")
        )
    )
    assert mm.incoming_event(incoming(revoke)) == MessageRevoked(
        "3EB0GONE", FRIEND, 1_763_000_000_123, "", "", "3EB0C0FFEE"
    )
    keys = wa.Message(
        protocolMessage=wa.ProtocolMessage(type=wa.ProtocolMessage.APP_STATE_SYNC_KEY_SHARE)
    )
    assert mm.incoming_event(incoming(keys)) is None
    assert mm.incoming_event(incoming(reaction, from_me=True)) is None  # our own, synced

    location = wa.Message(
        locationMessage=wa.LocationMessage(degreesLatitude=-33.9, degreesLongitude=18.4, name="CT")
    )
    event = mm.incoming_event(incoming(location))
    assert isinstance(event, IncomingMessage) and event.content == Location(-33.9, 18.4, "CT", "")
    cards = wa.Message(
        contactsArrayMessage=wa.ContactsArrayMessage(
            contacts=[wa.ContactMessage(displayName="A", vcard="v1")]
        )
    )
    event = mm.incoming_event(incoming(cards))
    assert isinstance(event, IncomingMessage)
    assert event.content == Contacts([ContactCard("A", "v1")])
    poll = wa.Message(
        pollCreationMessageV3=wa.PollCreationMessage(
            name="Q?",
            options=[wa.PollCreationMessage.Option(optionName=o) for o in ("x", "y")],
            selectableOptionsCount=0,  # 0: any number, as WhatsApp says it
        )
    )
    event = mm.incoming_event(incoming(poll))
    assert isinstance(event, IncomingMessage) and event.content == Poll("Q?", ["x", "y"], 2)
    text = mm.incoming_event(incoming(wa.Message(conversation="plain")))
    assert isinstance(text, IncomingMessage) and (text.text, text.content) == ("plain", None)


def test_presence_events() -> None:
    online = N.Presence(From=jid(FRIEND), Unavailable=False)
    assert mm.presence(wire(online)) == PresenceChanged(FRIEND, "available")
    away = N.Presence(From=jid(FRIEND), Unavailable=True, LastSeen=1_763_000_000)
    assert mm.presence(wire(away)) == PresenceChanged(FRIEND, "unavailable", 1_763_000_000_000)
    source = N.MessageSource(Chat=jid(FRIEND), Sender=jid(FRIEND))
    for state, media, expected in (
        (N.ChatPresence.COMPOSING, N.ChatPresence.TEXT, "typing"),
        (N.ChatPresence.COMPOSING, N.ChatPresence.AUDIO, "recording"),
        (N.ChatPresence.PAUSED, N.ChatPresence.TEXT, "paused"),
    ):
        typing = N.ChatPresence(MessageSource=source, State=state, Media=media)
        assert mm.chat_presence(wire(typing)) == PresenceChanged(FRIEND, expected)


async def test_a_poll_vote_is_decrypted_and_presence_comes_through_from_go() -> None:
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)
    received: list[EngineEvent] = []
    engine = kind.create("co-vote", lambda event: _append(received, event))
    client, _ = kind.new_client("co-vote", None)
    engine.listen(client)
    decrypted: list[str] = []

    async def decrypt_poll_vote(message: N.Message) -> wa.PollVoteMessage:
        decrypted.append(message.Info.ID)
        chosen = [hashlib.sha256(b"b").digest()]
        return wa.PollVoteMessage(selectedOptions=chosen)

    client.decrypt_poll_vote = decrypt_poll_vote
    source = N.MessageSource(Chat=jid(FRIEND), Sender=jid(FRIEND))
    vote = wa.Message(
        pollUpdateMessage=wa.PollUpdateMessage(
            pollCreationMessageKey=common.MessageKey(ID="3EB0POLL", fromMe=True),
            vote=wa.PollEncValue(encPayload=b"sealed", encIV=b"iv"),
        )
    )
    go = FromGo(client)

    def go_thread() -> None:
        info = N.MessageInfo(MessageSource=source, ID="3EB0VOTE", Timestamp=5)
        go.event(N.Message(Info=info, Message=vote))
        go.event(N.ChatPresence(MessageSource=source, State=N.ChatPresence.COMPOSING))

    thread = threading.Thread(target=go_thread)
    thread.start()
    await asyncio.to_thread(thread.join)
    for _ in range(5000):
        if len(received) == 2:
            break
        await asyncio.sleep(0.001)
    await all_delivered(engine, received)
    assert decrypted == ["3EB0VOTE"]
    assert received == [
        PollVoteReceived("3EB0POLL", FRIEND, [option_hash("b")], 5, "", "", "3EB0VOTE"),
        PresenceChanged(FRIEND, "typing"),
    ]
    await engine.stop()
    await kind.close()


async def _append(received: list[EngineEvent], event: EngineEvent) -> None:
    received.append(event)


async def test_sends_read_marks_and_presence_call_neonize() -> None:
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)
    engine = kind.create("co-calls", lambda event: _append([], event))
    client, _ = kind.new_client("co-calls", None)
    engine.listen(client)
    engine._connected, engine._phone = True, OWN
    calls: list[tuple[str, Any]] = []

    async def send_message(to: N.JID, message: wa.Message) -> Any:
        calls.append(("send", (to.User, to.Server, message)))
        return type("Sent", (), {"ID": "3EB0NEW", "Timestamp": 1_763_000_000})()

    async def mark_read(*ids: str, chat: N.JID, sender: N.JID, receipt: ReceiptType) -> None:
        calls.append(("read", (ids, chat.User, sender.User, receipt)))

    async def send_chat_presence(
        chat: N.JID, state: ChatPresence, media: ChatPresenceMedia
    ) -> None:
        calls.append(("chat_presence", (chat.User, state, media)))

    async def send_presence(presence: Presence) -> None:
        calls.append(("presence", presence))

    client.send_message, client.mark_read = send_message, mark_read
    client.send_chat_presence, client.send_presence = send_chat_presence, send_presence

    sent = await engine.send(GROUP, ReactTo(Quote("3EB0T", FRIEND), "👍"), "3EB0IGNORED")
    assert sent == SentMessage("3EB0NEW", 1_763_000_000_000)  # WhatsApp's own id
    to_user, to_server, message = calls.pop()[1]
    assert (to_user, to_server) == ("120363025246125888", "g.us")
    assert message.reactionMessage.key.participant == f"{FRIEND}@s.whatsapp.net"
    await engine.send(FRIEND, Edit("3EB0T", "new"), "3EB0X")
    assert calls.pop()[1][2].protocolMessage.editedMessage.conversation == "new"
    await engine.mark_read(FRIEND, FRIEND, ["3EB0A", "3EB0B"])
    assert calls.pop() == ("read", (("3EB0A", "3EB0B"), FRIEND, FRIEND, ReceiptType.READ))
    await engine.send_chat_presence(FRIEND, "recording")
    assert calls.pop() == (
        "chat_presence",
        (FRIEND, ChatPresence.CHAT_PRESENCE_COMPOSING, ChatPresenceMedia.CHAT_PRESENCE_MEDIA_AUDIO),
    )
    await engine.send_presence(False)
    assert calls.pop() == ("presence", Presence.UNAVAILABLE)
    await engine.stop()
    await kind.close()


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    async def send_presence(self, available: bool) -> None:
        self.calls.append(("send_presence", (available,)))

    async def send(self, *args: Any) -> SentMessage:
        self.calls.append(("send", args))
        return SentMessage("3EB0P", 1)


async def test_the_worker_runs_a_send_and_chat_actions_by_name_and_no_other() -> None:
    worker = Worker(kind=None, writer=None)  # type: ignore[arg-type]
    engine = _Recorder()
    worker._engines[7] = engine  # type: ignore[assignment]
    poll = Poll("Q", ["a", "b"], 1)
    request = protocol.Send(1, 7, FRIEND, poll, "3EB0X", None)
    request = protocol.pickle.loads(protocol.pickle.dumps(request))  # as it crosses over
    assert await worker._run(request) == SentMessage("3EB0P", 1)
    assert await worker._run(protocol.Call(2, 7, "send_presence", (True,))) is None
    assert engine.calls == [
        ("send", (FRIEND, poll, "3EB0X", None)),
        ("send_presence", (True,)),
    ]
    with pytest.raises(AssertionError):  # a name outside the Engine's calls by name
        await worker._run(protocol.Call(3, 7, "logout", ()))
