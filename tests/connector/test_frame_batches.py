"""A connection's frames in batches (connector/engines/frame_batches.py): the frame
awaited comes with every frame already received, in order, at most `limit` at once; a
normal close ends the batches and an abnormal one raises, after every frame before it;
nothing is read ahead of what the connection itself received."""

from __future__ import annotations

import asyncio

import pytest
from websockets.exceptions import ConnectionClosedError, ConnectionClosedOK
from websockets.frames import Close
from websockets.typing import Data

from connector.engines.frame_batches import frame_batches


class Connection:
    """Frames the test puts, received as a websockets connection's `recv` gives them."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[Data | Exception] = asyncio.Queue()
        self.closed: Exception | None = None

    def put(self, *frames: Data) -> None:
        for frame in frames:
            self.queue.put_nowait(frame)

    def close(self, error: Exception) -> None:
        self.queue.put_nowait(error)

    async def recv(self) -> Data:
        if self.closed is not None:
            raise self.closed
        item = await self.queue.get()
        if isinstance(item, Exception):
            self.closed = item
            raise item
        return item


async def test_frames_already_received_come_with_the_one_awaited_in_order() -> None:
    conn = Connection()
    batches = frame_batches(conn, limit=3)
    conn.put("a", "b", "c", "d")
    assert await anext(batches) == ["a", "b", "c"]  # at most `limit`
    assert await anext(batches) == ["d"]
    waiting = asyncio.ensure_future(anext(batches))
    await asyncio.sleep(0.01)
    assert not waiting.done()  # nothing received: it waits for the next frame
    conn.put("e", "f")
    assert await waiting == ["e", "f"]
    assert conn.queue.empty()


async def test_a_normal_close_ends_the_batches_after_the_frames_before_it() -> None:
    conn = Connection()
    conn.put("a", "b")
    conn.close(ConnectionClosedOK(Close(1000, ""), Close(1000, ""), True))
    assert [batch async for batch in frame_batches(conn)] == [["a", "b"]]


async def test_an_abnormal_close_raises_after_the_frames_before_it() -> None:
    conn = Connection()
    batches = frame_batches(conn)
    conn.put("a", "b")
    conn.close(ConnectionClosedError(None, None))
    assert await anext(batches) == ["a", "b"]
    with pytest.raises(ConnectionClosedError):
        await anext(batches)


async def test_frames_received_join_only_after_a_frame_that_gathers() -> None:
    """Looking for frames already received costs about as much as a small frame: a
    caller that handles some frames one at a time has them come alone, parsed."""
    conn = Connection()
    batches = frame_batches(conn, parse=_upper, gathers=lambda frame: frame.startswith("M"))
    conn.put("m1", "m2", "r", "m3", "x", "y")
    assert await anext(batches) == ["M1", "M2", "R"]  # a run, and the frame ending it
    assert await anext(batches) == ["M3", "X"]
    assert await anext(batches) == ["Y"]


def _upper(frame: Data) -> str:
    return str(frame).upper()
