"""Go hands whatsmeow's events to Python on its own threads. This drives neonize's own
dispatch (`Event.execute`, the QR and login-status callbacks) from a foreign thread, as
Go does, with the bytes Go would send, and checks what reaches the session: every event
on the event loop's thread, in the order Go sent them, and nothing after a connection's
end."""

from __future__ import annotations

import asyncio
import threading

import pytest
from neonize.exc import SendMessageError
from neonize.proto import Neonize_pb2 as N
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa

from connector.engine import (
    Connected,
    Disconnected,
    DisconnectReason,
    EngineError,
    EngineEvent,
    IncomingMessage,
    Paired,
    PairingExpired,
    QrCode,
    Receipt,
)
from connector.engines.whatsmeow.engine import WhatsmeowEngineKind
from tests.whatsmeow_messages import FromGo, all_delivered
from wagate.content import Text

PHONE = "447700900123"


def jid(user: str) -> N.JID:
    return N.JID(User=user, Server="s.whatsapp.net", Device=0, RawAgent=0, Integrator=0)


async def test_events_from_a_go_thread_reach_the_session_in_order_on_the_loop() -> None:
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)
    received: list[EngineEvent] = []
    threads: set[int] = set()
    done = asyncio.Event()

    async def sink(event: EngineEvent) -> None:
        threads.add(threading.get_ident())
        received.append(event)
        if len(received) == 6:
            done.set()

    engine = kind.create("co-dispatch", sink)
    client, _ = kind.new_client("co-dispatch", None)
    engine.listen(client)
    go = FromGo(client)
    source = N.MessageSource(Chat=jid("447700900999"), Sender=jid("447700900999"))

    def go_thread() -> None:
        go.qr("2@first")
        go.qr("2@second")
        go.event(N.PairStatus(ID=jid(PHONE), Status=N.PairStatus.SUCCESS))
        go.event(N.Connected(status=True))
        go.event(
            N.Message(
                Info=N.MessageInfo(MessageSource=source, ID="3EB0IN", Timestamp=1_763_000_000_000),
                Message=wa.Message(conversation="hello"),
            )
        )
        go.event(N.Receipt(MessageSource=source, MessageIDs=["3EB0OUT"], Type=N.Receipt.READ))
        # a connection's end, reported twice (whatsmeow does), then a late event
        go.event(N.StreamReplaced())
        go.event(N.Disconnected(status=True))
        go.event(N.Connected(status=True))

    thread = threading.Thread(target=go_thread, name="go-callbacks")
    thread.start()
    await asyncio.to_thread(thread.join)
    await asyncio.wait_for(done.wait(), 5)
    await all_delivered(engine, received)  # and anything that should not come

    assert received[:6] == [
        QrCode("2@first"),
        QrCode("2@second"),
        Paired(PHONE, {"user": PHONE, "device": 0, "server": "s.whatsapp.net"}),
        Connected(PHONE),
        IncomingMessage("3EB0IN", "447700900999", "hello", 1_763_000_000_000),
        Receipt("3EB0OUT", "447700900999", "read"),
    ]
    assert received[6:] == [
        Disconnected(DisconnectReason.REPLACED, "another client connected as this device")
    ]
    assert threads == {threading.get_ident()}  # only ever on the event loop's thread
    await engine.stop()
    await kind.close()


async def test_a_qr_timeout_from_go_ends_the_pairing() -> None:
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)
    received: list[EngineEvent] = []
    arrived = asyncio.Event()

    async def sink(event: EngineEvent) -> None:
        received.append(event)
        arrived.set()

    engine = kind.create("co-qr-timeout", sink)
    client, _ = kind.new_client("co-qr-timeout", None)
    engine.listen(client)
    thread = threading.Thread(target=FromGo(client).login_status, args=("timeout",))
    thread.start()
    await asyncio.to_thread(thread.join)
    await asyncio.wait_for(arrived.wait(), 5)
    assert received == [PairingExpired()]
    await engine.stop()
    await kind.close()


async def test_a_stop_while_a_qr_is_shown_waits_for_the_qr_loop_to_end() -> None:
    """whatsmeow never closes its QR channel after a stop, so neonize's call (and its
    thread) would wait for ever; the engine stops the client once the loop is over."""
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)

    async def sink(event: EngineEvent) -> None:
        pass

    engine = kind.create("co-qr-stop", sink)
    client, _ = kind.new_client("co-qr-stop", None)
    engine.listen(client)
    stops: list[bytes] = []

    class GoBoundary:  # the engine's calls into Go, recorded (no Go client exists here)
        async def stop(self, uuid: bytes) -> None:
            stops.append(uuid)

        def abandon(self) -> None:
            pass

    # what start() leaves while neonize's call waits in the QR loop
    engine._go = GoBoundary()  # type: ignore[assignment]
    engine._session_call = asyncio.get_running_loop().create_future()
    engine._qr_loop_open = True

    await engine.stop()
    assert stops == []  # a stop now would strand the call's thread
    thread = threading.Thread(target=FromGo(client).login_status, args=("timeout",))
    thread.start()
    await asyncio.to_thread(thread.join)
    for _ in range(50):
        if stops:
            break
        await asyncio.sleep(0.01)
    assert stops == [client.uuid]
    await kind.close()


async def test_a_scan_without_multidevice_keeps_the_qr_and_a_stop_still_waits_for_the_loop() -> (
    None
):
    """whatsmeow keeps its QR loop (and the code shown) after such a scan: the session
    hears nothing, and a stop must not act as if the loop were over."""
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)
    received: list[EngineEvent] = []

    async def sink(event: EngineEvent) -> None:
        received.append(event)

    engine = kind.create("co-qr-multidevice", sink)
    client, _ = kind.new_client("co-qr-multidevice", None)
    engine.listen(client)
    stops: list[bytes] = []

    class GoBoundary:
        async def stop(self, uuid: bytes) -> None:
            stops.append(uuid)

        def abandon(self) -> None:
            pass

        def heard(self) -> None:
            pass

    engine._go = GoBoundary()  # type: ignore[assignment]
    engine._session_call = asyncio.get_running_loop().create_future()
    engine._qr_loop_open = True
    go = FromGo(client)
    for status in ("err-scanned-without-multidevice", "passkey-request"):
        thread = threading.Thread(target=go.login_status, args=(status,))
        thread.start()
        await asyncio.to_thread(thread.join)
    await all_delivered(engine, received)  # and any event that must not come
    assert received == []
    await engine.stop()
    assert stops == []  # the loop still runs: stopping now would strand the call
    thread = threading.Thread(target=go.login_status, args=("timeout",))
    thread.start()
    await asyncio.to_thread(thread.join)
    for _ in range(50):
        if stops:
            break
        await asyncio.sleep(0.01)
    assert stops == [client.uuid]
    await kind.close()


async def test_a_lid_sender_is_reported_by_the_number_whatsmeow_knows_for_it() -> None:
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)
    received: list[EngineEvent] = []
    arrived = asyncio.Event()

    async def sink(event: EngineEvent) -> None:
        received.append(event)
        if len(received) == 2:
            arrived.set()

    engine = kind.create("co-lid", sink)
    client, _ = kind.new_client("co-lid", None)
    engine.listen(client)
    known = {"98765432101234": jid("447700900999")}  # whatsmeow's LID store, as it answers

    async def get_pn_from_lid(lid: N.JID) -> N.JID:
        assert lid.Server == "lid"
        return known.get(lid.User, N.JID())  # an empty JID when it knows none

    client.get_pn_from_lid = get_pn_from_lid
    lid_sender = N.MessageSource(
        Chat=N.JID(User="98765432101234", Server="lid"),
        Sender=N.JID(User="98765432101234", Server="lid"),
    )
    stranger = N.MessageSource(
        Chat=N.JID(User="11112222333344", Server="lid"),
        Sender=N.JID(User="11112222333344", Server="lid"),
    )
    go = FromGo(client)

    def go_thread() -> None:
        for source, message_id in ((lid_sender, "3EB0L1"), (stranger, "3EB0L2")):
            go.event(
                N.Message(
                    Info=N.MessageInfo(MessageSource=source, ID=message_id, Timestamp=1),
                    Message=wa.Message(conversation="hi"),
                )
            )

    thread = threading.Thread(target=go_thread)
    thread.start()
    await asyncio.to_thread(thread.join)
    await asyncio.wait_for(arrived.wait(), 5)
    assert received == [
        IncomingMessage("3EB0L1", "447700900999", "hi", 1, sender_lid="98765432101234"),
        IncomingMessage("3EB0L2", None, "hi", 1, sender_lid="11112222333344"),  # never LID digits
    ]
    await engine.stop()
    await kind.close()


async def test_a_send_to_a_number_not_on_whatsapp_says_so() -> None:
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)

    async def sink(event: EngineEvent) -> None:
        pass

    engine = kind.create("co-send", sink)
    client, _ = kind.new_client("co-send", None)
    engine.listen(client)
    engine._connected = True

    async def send_message(to: N.JID, message: wa.Message) -> None:
        raise SendMessageError(f"no LID found for {to.User}@s.whatsapp.net from server")

    client.send_message = send_message
    with pytest.raises(EngineError) as refused:
        await engine.send("447700900555", Text("hello"), "3EB0X")
    assert refused.value.code == "not_on_whatsapp"  # 422, not 502; the send is not logged
    await engine.stop()
    await kind.close()


async def test_a_message_that_arrives_after_the_connection_ended_is_still_delivered() -> None:
    """whatsmeow reconnects by itself after a drop, before the engine's stop reaches it,
    and confirms to WhatsApp what that connection receives: dropping it would lose it."""
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)
    received: list[EngineEvent] = []
    done = asyncio.Event()

    async def sink(event: EngineEvent) -> None:
        received.append(event)
        if isinstance(event, (IncomingMessage, Receipt)):
            done.set()

    engine = kind.create("co-late-message", sink)
    client, _ = kind.new_client("co-late-message", None)
    engine.listen(client)
    go = FromGo(client)
    source = N.MessageSource(Chat=jid("447700900999"), Sender=jid("447700900999"))

    def go_thread() -> None:
        go.event(N.Disconnected(status=True))
        go.event(N.Connected(status=True))  # whatsmeow's own reconnect
        go.event(
            N.Message(
                Info=N.MessageInfo(
                    MessageSource=source, ID="3EB0LATE", Timestamp=1_763_000_000_000
                ),
                Message=wa.Message(conversation="after the drop"),
            )
        )

    thread = threading.Thread(target=go_thread, name="go-callbacks")
    thread.start()
    await asyncio.to_thread(thread.join)
    await asyncio.wait_for(done.wait(), 5)
    assert received == [
        Disconnected(DisconnectReason.CONNECTION_LOST, "WhatsApp closed the connection"),
        IncomingMessage("3EB0LATE", "447700900999", "after the drop", 1_763_000_000_000),
    ]
    await engine.stop()
    await kind.close()
