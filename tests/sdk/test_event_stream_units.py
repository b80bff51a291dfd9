"""The Python SDK's EventStream against sockets that misbehave, without a deployment: a
peer that takes the connection and hangs up before answering the handshake (a proxy or
load balancer whose gateway is restarting) is retried like a refused connection."""

from __future__ import annotations

import asyncio
import contextlib

from devstack.waiting import until
from wagate_client import EventStream
from wagate_client.events import Backoff


async def test_a_peer_that_hangs_up_during_the_handshake_is_retried() -> None:
    accepted = 0

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal accepted
        accepted += 1
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    stream = EventStream(
        f"http://127.0.0.1:{port}/api/whatsapp", "wg_x", backoff=Backoff(0.01, 0.02)
    )

    async def read() -> None:
        async for _ in stream:
            pass

    reading = asyncio.create_task(read())
    try:

        async def retried() -> bool:
            assert not reading.done() or reading.exception() is None, reading.exception()
            return stream.reconnects >= 3

        await until(retried, "three reconnects")
        assert accepted >= 3
    finally:
        await stream.close()
        reading.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reading
        server.close()
