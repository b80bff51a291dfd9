"""What a client sends on an event socket is capped before the gateway holds it: an
oversized frame, or a message of many frames, closes the socket with 1009 and the
gateway's memory does not grow by what was sent."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import websockets

from devstack.stack import Stack
from gateway.ws_limits import MAX_CLIENT_MESSAGE_BYTES

MIB = 1024 * 1024


def _peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc")


async def _closed_by_server(ws: websockets.ClientConnection, *messages: object) -> int | None:
    """Sends `messages` (stopping once the socket is closed), then reads until the
    server's close; returns its code."""
    with pytest.raises(websockets.ConnectionClosed):
        for message in messages:
            await ws.send(message)  # type: ignore[arg-type]
        async with asyncio.timeout(30):
            while True:
                await ws.recv()
    return ws.close_code


def _fragments(count: int, size: int) -> Iterator[bytes]:
    for _ in range(count):
        yield b"f" * size


async def test_oversized_client_frames_close_the_socket_and_are_not_buffered(
    stack: Stack,
) -> None:
    tenant = stack.new_tenant()
    async with stack.extra_gateway() as other:
        pid = other.procs["gateway"].pid
        url = f"{other.ws_url}?token={stack.token(tenant)}"
        before = _peak_rss_mib(pid)
        # four 64 MiB frames once grew a gateway by 300 MiB and more
        async with websockets.connect(url, close_timeout=1) as ws:
            assert json.loads(await ws.recv())["type"] == "subscribed"
            frame = b"x" * (64 * MIB)
            assert await _closed_by_server(ws, frame, frame, frame, frame) == 1009
        # a message of many small frames counts as a whole
        async with websockets.connect(url, close_timeout=1) as ws:
            assert json.loads(await ws.recv())["type"] == "subscribed"
            count = 2 * MAX_CLIENT_MESSAGE_BYTES // 1024
            assert await _closed_by_server(ws, _fragments(count, 1024)) == 1009
        grown = _peak_rss_mib(pid) - before
        assert grown < 16, f"the gateway's peak memory grew by {grown:.0f} MiB"
        # and the gateway serves sockets as before
        async with websockets.connect(url, close_timeout=1) as ws:
            assert json.loads(await ws.recv())["type"] == "subscribed"
            await ws.send("a small message is let be")
            await ws.ping()
