"""A connection's frames in batches: the one awaited, and every one already received.

An engine that handles one frame at a time pays each incoming message's round trips to
PostgreSQL in turn, so a burst waits in the socket behind them. Taking what the
connection has already received along with the frame it waited for lets the engine
publish a run of messages in one transaction. No task of its own (a connection costs one
reader, as before) and nothing held beyond what the connection itself buffers: a session
that falls behind stops reading, and the network's socket backs up as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol, TypeVar, overload

from websockets.exceptions import ConnectionClosed, ConnectionClosedOK
from websockets.typing import Data

MAX_BATCH = 200  # frames handled together at most

T = TypeVar("T")


class Receiver(Protocol):
    async def recv(self) -> Data: ...


def _same(frame: Data) -> Data:
    return frame


def _always(frame: object) -> bool:
    return True


@overload
def frame_batches(ws: Receiver, limit: int = MAX_BATCH) -> AsyncIterator[list[Data]]: ...


@overload
def frame_batches(
    ws: Receiver,
    limit: int = MAX_BATCH,
    *,
    parse: Callable[[Data], T],
    gathers: Callable[[T], bool],
) -> AsyncIterator[list[T]]: ...


async def frame_batches(
    ws: Receiver,
    limit: int = MAX_BATCH,
    *,
    parse: Callable[[Data], Any] = _same,
    gathers: Callable[[Any], bool] = _always,
) -> AsyncIterator[list[Any]]:
    """`ws`'s frames in order (each through `parse`), in lists of at most `limit`; ends
    when it closes normally, raises ConnectionClosedError when it did not (as iterating
    over `ws` does). Frames already received join a batch only after a frame that
    `gathers`: looking for them costs about as much as handling a small frame, so a
    caller that handles some frames one at a time anyway says which."""
    while True:
        try:
            batch = [parse(await ws.recv())]
        except ConnectionClosedOK:
            return
        while len(batch) < limit and gathers(batch[-1]):
            try:
                # a frame already received comes back at once; waiting for one is
                # cancelled at the next turn of the loop (websockets: a cancelled recv
                # loses nothing)
                async with asyncio.timeout(0):
                    frame = await ws.recv()
            except (TimeoutError, ConnectionClosed):  # the close: raised by the next recv
                break
            batch.append(parse(frame))
        yield batch
