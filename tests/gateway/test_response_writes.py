"""Each HTTP/1.1 answer in one socket write (gateway/response_writes.py), on a real
Hypercorn server in process: whole and in order on a kept-alive connection, for a body, no
body, a HEAD, a stream, an interim 100 Continue and a WebSocket's handshake."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import h11
import pytest
import websockets
from hypercorn.asyncio import serve
from hypercorn.asyncio.tcp_server import TCPServer
from hypercorn.events import Event, RawData
from hypercorn.protocol.h11 import H11Protocol
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from devstack.stack import free_port
from devstack.waiting import until
from gateway import response_writes
from wagate.deadlines import within
from wagate.serving import hypercorn_config


async def _json(request: Request) -> Response:
    return JSONResponse({"echo": (await request.body()).decode() or None})


async def _empty(request: Request) -> Response:
    return Response(status_code=204)


async def _stream(request: Request) -> Response:
    async def parts() -> AsyncIterator[bytes]:
        yield b"one"
        yield b"two"

    return StreamingResponse(parts(), media_type="text/plain")


async def _echo(socket: WebSocket) -> None:
    await socket.accept()
    await socket.send_text(await socket.receive_text())
    await socket.close()


APP = Starlette(
    routes=[
        Route("/json", _json, methods=["GET", "HEAD", "POST"]),
        Route("/empty", _empty),
        Route("/stream", _stream),
        WebSocketRoute("/ws", _echo),
    ]
)


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """What the server writes to its sockets, write by write; the answers written whole."""
    monkeypatch.setattr(H11Protocol, "_send_h11_event", response_writes._send_h11_event)
    written: list[bytes] = []
    original = TCPServer.protocol_send

    async def counted(self: TCPServer, event: Event) -> None:
        if isinstance(event, RawData):
            written.append(event.data)
        await original(self, event)

    monkeypatch.setattr(TCPServer, "protocol_send", counted)
    yield written


@pytest.fixture
async def port(writes: list[bytes]) -> AsyncIterator[int]:
    chosen, stop = free_port(), asyncio.Event()
    config = hypercorn_config("127.0.0.1", chosen, 1)
    server = asyncio.create_task(serve(APP, config, shutdown_trigger=stop.wait))  # type: ignore[arg-type]

    async def listening() -> bool:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", chosen)
        except OSError:
            return False
        writer.close()
        return True

    await until(listening, "the server to listen")
    yield chosen
    stop.set()
    await within(server, 10)


class _Client:
    """One kept-alive HTTP/1.1 connection, read with h11."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.h11 = h11.Connection(h11.CLIENT)

    async def send(self, *events: h11.Request | h11.Data | h11.EndOfMessage) -> None:
        for event in events:
            self.writer.write(self.h11.send(event) or b"")
        await self.writer.drain()

    async def next(self) -> h11.Event:
        while (event := self.h11.next_event()) is h11.NEED_DATA:
            self.h11.receive_data(await within(self.reader.read(65536), 5))
        return event

    async def answer(self) -> tuple[int, bytes]:
        head = await self.next()
        assert isinstance(head, h11.Response), head
        body = b""
        while not isinstance(event := await self.next(), h11.EndOfMessage):
            assert isinstance(event, h11.Data), event
            body += bytes(event.data)
        self.h11.start_next_cycle()
        return head.status_code, body

    async def get(self, method: str, path: str) -> tuple[int, bytes]:
        headers = [("host", "t")]
        await self.send(h11.Request(method=method, target=path, headers=headers))
        await self.send(h11.EndOfMessage())
        return await self.answer()


async def test_each_answer_is_one_write_whole_and_in_order(port: int, writes: list[bytes]) -> None:
    client = _Client(*await asyncio.open_connection("127.0.0.1", port))
    for _ in range(2):  # kept alive: the second answer is the second request's
        writes.clear()
        assert await client.get("GET", "/json") == (200, b'{"echo":null}')
        assert len(writes) == 1 and writes[0].startswith(b"HTTP/1.1 200")
    for method, path, status in (("HEAD", "/json", 200), ("GET", "/empty", 204)):
        writes.clear()
        assert await client.get(method, path) == (status, b"")
        assert len(writes) == 1 and writes[0].startswith(f"HTTP/1.1 {status}".encode())
    writes.clear()
    assert await client.get("GET", "/stream") == (200, b"onetwo")
    assert writes[0].startswith(b"HTTP/1.1 200") and writes[0].endswith(b"one\r\n")
    client.writer.close()


async def test_an_interim_answer_is_not_held(port: int) -> None:
    """A client that waits for 100 Continue before its body gets it, then the answer."""
    client = _Client(*await asyncio.open_connection("127.0.0.1", port))
    headers = [("host", "t"), ("content-length", "2"), ("expect", "100-continue")]
    await client.send(h11.Request(method="POST", target="/json", headers=headers))
    interim = await client.next()
    assert isinstance(interim, h11.InformationalResponse) and interim.status_code == 100
    await client.send(h11.Data(data=b"hi"), h11.EndOfMessage())
    assert await client.answer() == (200, b'{"echo":"hi"}')
    client.writer.close()


async def test_a_websocket_is_still_opened_and_answered(port: int) -> None:
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws") as socket:
        await socket.send("ping")
        assert await within(socket.recv(), 5) == "ping"
