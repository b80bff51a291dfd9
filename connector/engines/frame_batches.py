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
from collections.abc import AsyncIterator
from typing import Protocol

from websockets.exceptions import ConnectionClosed, ConnectionClosedOK
from websockets.typing import Data

MAX_BATCH = 200  # frames handled together at most


class Receiver(Protocol):
    async def recv(self) -> Data: ...


async def frame_batches(ws: Receiver, limit: int = MAX_BATCH) -> AsyncIterator[list[Data]]:
    """`ws`'s frames in order, in lists of at most `limit`; ends when it closes normally,
    raises ConnectionClosedError when it did not (as iterating over `ws` does)."""
    while True:
        try:
            batch = [await ws.recv()]
        except ConnectionClosedOK:
            return
        while len(batch) < limit:
            try:
                # a frame already received comes back at once; waiting for one is
                # cancelled at the next turn of the loop (websockets: a cancelled recv
                # loses nothing)
                async with asyncio.timeout(0):
                    batch.append(await ws.recv())
            except (TimeoutError, ConnectionClosed):  # the close: raised by the next recv
                break
        yield batch
