"""Each host event to what it is for the session: a connector event for its sink, the
`stored` answer after a message was stored, a pairing code for its waiter, a log line."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from connector.engine import EngineEvent, QrCode
from connector.engines.host import incoming, lifecycle
from connector.engines.host.client import HostConnection
from connector.engines.host.messages import (
    CallEvent,
    ChatPresenceEvent,
    ChatStateEvent,
    ConnectedEvent,
    ContactNameEvent,
    DisconnectedEvent,
    Event,
    GroupUpdateEvent,
    HistoryEvent,
    KeepAlive,
    LoggedOutEvent,
    MessageEvent,
    PairCode,
    PairedEvent,
    PairFailed,
    PresenceEvent,
    Qr,
    ReceiptEvent,
    SessionFailed,
    Undecryptable,
)

log = logging.getLogger(__name__)

# the sink as the engine offers it: whether the session took the event (a stopping
# engine's sink takes nothing, and then nothing is answered `stored`)
Emit = Callable[[EngineEvent], Awaitable[bool]]

_ONE_EVENT: dict[type[Event], Callable[[Any], EngineEvent]] = {
    Qr: lambda e: QrCode(e.code),
    PairedEvent: lifecycle.paired,
    ConnectedEvent: lifecycle.connected,
    DisconnectedEvent: lifecycle.disconnected,
    LoggedOutEvent: lifecycle.logged_out,
    PairFailed: lifecycle.pair_failed,
    SessionFailed: lifecycle.session_failed,
    PresenceEvent: incoming.presence,
    ChatPresenceEvent: incoming.chat_presence,
    ChatStateEvent: incoming.chat_state,
    ContactNameEvent: incoming.contact_name,
    GroupUpdateEvent: incoming.group_update,
    CallEvent: incoming.call,
}


class Counters(Protocol):
    media_reuploads: int  # server-error receipts: the media host lost an attachment


async def route(
    event: Event,
    emit: Emit,
    connection: HostConnection,
    counters: Counters,
    pair_code: asyncio.Future[str] | None,
) -> None:
    one = _ONE_EVENT.get(type(event))
    if one is not None:
        await emit(one(event))
    elif isinstance(event, MessageEvent):
        mapped = incoming.message(event)
        # ack after store: `stored` only once the session's sink returned
        if mapped is None or await emit(mapped):
            await connection.stored(event.session, event.seq)
    elif isinstance(event, HistoryEvent):
        # like a message: `stored` only once the session's sink stored the batch
        if await emit(incoming.history(event)):
            await connection.stored(event.session, event.seq)
    elif isinstance(event, ReceiptEvent):
        await _receipt(event, emit, counters)
    elif isinstance(event, PairCode):
        if pair_code is not None and not pair_code.done():
            pair_code.set_result(event.code)
    elif isinstance(event, KeepAlive):
        log.info("engine host session %s: keep-alive %s", event.session, event.state)
    elif isinstance(event, Undecryptable):
        log.warning(
            "engine host session %s: message %s undecryptable", event.session, event.message_id
        )


async def _receipt(event: ReceiptEvent, emit: Emit, counters: Counters) -> None:
    if event.kind == incoming.MEDIA_REUPLOAD:
        # the media host lost an attachment: it must be uploaded again, and the message
        # did not fail. Nothing re-uploads yet; counted and logged, never the session's end
        counters.media_reuploads += 1
        log.warning(
            "engine host session %s: WhatsApp asks for media of %s again",
            event.session,
            ",".join(event.message_ids),
        )
        return
    for receipt in incoming.receipts(event):
        await emit(receipt)
