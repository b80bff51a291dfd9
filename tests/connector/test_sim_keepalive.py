"""The sim engine's one keepalive: a connection whose peer stops answering is ended as
lost (so its session reconnects) within two intervals, one that answers stays, and
connections cost no task of their own for it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from websockets.asyncio.server import ServerConnection, serve

from connector.engine import Disconnected, DisconnectReason, EngineEvent
from connector.engines.sim import SimEngine, SimEngineKind

_INTERVAL_S = 0.4


class Network:
    """A WebSocket server; a connection whose tenant is in `dead` stops reading (so it
    answers no ping), as a peer behind a dropped NAT mapping would."""

    def __init__(self) -> None:
        self.dead = False
        self.release = asyncio.Event()
        self.url = ""

    async def handle(self, conn: ServerConnection) -> None:
        if self.dead:
            assert conn.transport is not None
            conn.transport.pause_reading()
        await self.release.wait()


@pytest.fixture
async def network() -> AsyncIterator[Network]:
    net = Network()
    # the server pings nobody: only the engines' side is counted and pinging
    async with serve(net.handle, "127.0.0.1", 0, close_timeout=0.1, ping_interval=None) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        net.url = f"ws://127.0.0.1:{port}/ws"
        yield net
        net.release.set()


def _client_tasks() -> int:
    """Tasks on the engines' side (the test's server, in this process too, has its own)."""
    return sum(
        1
        for task in asyncio.all_tasks()
        if not task.get_coro().cr_code.co_filename.endswith("websockets/asyncio/server.py")  # type: ignore[union-attr]
    )


class Events:
    def __init__(self) -> None:
        self.seen: list[EngineEvent] = []
        self.changed = asyncio.Event()

    async def sink(self, event: EngineEvent) -> None:
        self.seen.append(event)
        self.changed.set()


async def test_a_peer_that_stops_answering_is_lost_and_one_that_answers_stays(
    network: Network,
) -> None:
    kind = SimEngineKind(network.url, keepalive_s=_INTERVAL_S)
    alive, dead = Events(), Events()
    answering = SimEngine("co-alive", alive.sink, kind)
    silent = SimEngine("co-dead", dead.sink, kind)
    try:
        await answering.start(None)
        network.dead = True
        await silent.start(None)
        # the answering one is watched a tick before the silent one, so by the time the
        # silent one's second ping is due, the answering one's first pong was checked
        async with asyncio.timeout(3 * _INTERVAL_S + 1):
            await dead.changed.wait()
        assert dead.seen == [Disconnected(DisconnectReason.CONNECTION_LOST)]
        assert alive.seen == []
    finally:
        await answering.stop()
        await silent.stop()
        await kind.close()


async def test_connections_add_no_keepalive_task_each(network: Network) -> None:
    kind = SimEngineKind(network.url)
    events = Events()
    before = _client_tasks()
    engines = [SimEngine(f"co-{i}", events.sink, kind) for i in range(20)]
    try:
        for engine in engines:
            await engine.start(None)
        # each connection's reader, and one keepalive for them all
        assert _client_tasks() - before == len(engines) + 1
    finally:
        for engine in engines:
            await engine.stop()
        await kind.close()
