"""Helpers the whatsmeow engine's offline tests share: neonize's event messages built as
WhatsApp's servers would send them, and neonize's own dispatch driven as Go drives it."""

from __future__ import annotations

import asyncio
import ctypes
from typing import Any

from neonize.events import EVENT_TO_INT
from neonize.proto import Neonize_pb2 as N
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa

from connector.engine import EngineEvent, Receipt


def jid(user: str, server: str = "s.whatsapp.net", device: int = 0) -> N.JID:
    return N.JID(User=user, Server=server, Device=device, RawAgent=0, Integrator=0, IsEmpty=False)


def wire(message: Any) -> Any:
    """Through bytes and back, as neonize receives it from Go."""
    return type(message).FromString(message.SerializePartialToString())


def incoming(
    content: wa.Message,
    *,
    sender: N.JID | None = None,
    chat: N.JID | None = None,
    from_me: bool = False,
    sender_alt: N.JID | None = None,
) -> N.Message:
    sender = sender or jid("447700900123")
    source = N.MessageSource(
        Chat=chat or sender, Sender=sender, IsFromMe=from_me, IsGroup=chat is not None
    )
    if sender_alt is not None:
        source.SenderAlt.CopyFrom(sender_alt)
    info = N.MessageInfo(MessageSource=source, ID="3EB0C0FFEE", Timestamp=1_763_000_000_123)
    return wire(N.Message(Info=info, Message=content))


class FromGo:
    """Calls into neonize's callbacks as Go's callback goroutine does: one thread, one
    call at a time, raw pointers to the bytes."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._keep: list[Any] = []  # the buffers must outlive the calls

    def event(self, message: Any) -> None:
        data = message.SerializePartialToString()  # Go sets every field; these need not
        buffer = ctypes.create_string_buffer(data, len(data))
        self._keep.append(buffer)
        self._client.event.execute(
            0, ctypes.addressof(buffer), len(data), EVENT_TO_INT[type(message)]
        )

    def qr(self, code: str) -> None:
        buffer = ctypes.create_string_buffer(code.encode())
        self._keep.append(buffer)
        self._client._NewAClient__onQr(0, ctypes.addressof(buffer))

    def login_status(self, status: str) -> None:
        self._client._NewAClient__onLoginStatus(0, status.encode())


# queued behind what Go handed over, the same way; it comes out of the engine after all of it
_MARKER = Receipt("3EB0MARKER", "0", "read")


async def all_delivered(engine: Any, received: list[EngineEvent]) -> None:
    """Wait until everything Go handed to the loop so far has reached the session, so an
    event that must not come would be there by now: neonize runs each handler as a
    coroutine scheduled from Go's thread, in order, and a marker scheduled the same way
    after them reaches the engine's queue (and the session) after them."""

    async def queue_marker() -> None:
        engine._queue.put_nowait(_MARKER)

    asyncio.run_coroutine_threadsafe(queue_marker(), asyncio.get_running_loop())
    for _ in range(5000):
        if _MARKER in received:
            break
        await asyncio.sleep(0.001)
    received.remove(_MARKER)  # ValueError: it never came
