"""One keepalive for every sim connection of a connector, in place of the websockets
library's task per connection.

A socket can look open while its peer is gone (a stalled TCP connection, a NAT mapping
dropped); only a ping that goes unanswered shows it, and the reader then ends the
session's connection as lost, so the session reconnects. The library does this with a
task per connection that sleeps between pings: with ten thousand sessions, ten thousand
tasks and timers for what one schedule can do. Here the connections are spread over
`TICKS` slots and one task visits a slot per tick, so each connection is pinged once an
interval at a steady trickle; a ping still unanswered at the next visit (one interval
later) fails the connection, the library's own bound (ping interval 20 s, timeout 20 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Awaitable

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.protocol import State

log = logging.getLogger(__name__)

KEEPALIVE_INTERVAL_S = 20.0
TICKS = 20


class SharedKeepalive:
    def __init__(self, interval_s: float = KEEPALIVE_INTERVAL_S) -> None:
        self.interval_s = interval_s
        self._slots: list[set[ClientConnection]] = [set() for _ in range(TICKS)]
        self._slot_of: dict[ClientConnection, int] = {}
        self._pongs: dict[ClientConnection, Awaitable[float]] = {}
        self._next_slot = itertools.cycle(range(TICKS))
        self._task: asyncio.Task[None] | None = None

    def watch(self, ws: ClientConnection) -> None:
        slot = next(self._next_slot)
        self._slots[slot].add(ws)
        self._slot_of[ws] = slot
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="sim-keepalive")

    def forget(self, ws: ClientConnection) -> None:
        slot = self._slot_of.pop(ws, None)
        if slot is not None:
            self._slots[slot].discard(ws)
        self._pongs.pop(ws, None)

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        for slot in itertools.cycle(range(TICKS)):
            await asyncio.sleep(self.interval_s / TICKS)
            for ws in list(self._slots[slot]):
                try:
                    await self._visit(ws)
                except Exception:  # one connection's trouble must not stop the others'
                    log.exception("sim keepalive failed for a connection")

    async def _visit(self, ws: ClientConnection) -> None:
        pong = self._pongs.pop(ws, None)
        if pong is not None and not _answered(pong):
            # the peer did not answer for an interval: end the connection as lost
            log.warning("sim connection did not answer a ping in %.0f s", self.interval_s)
            self.forget(ws)
            if ws.transport is not None:
                ws.transport.abort()
            return
        if ws.state is not State.OPEN:
            return  # closing: its reader ends it
        with contextlib.suppress(websockets.ConnectionClosed):
            self._pongs[ws] = await ws.ping()


def _answered(pong: Awaitable[float]) -> bool:
    return isinstance(pong, asyncio.Future) and pong.done()
