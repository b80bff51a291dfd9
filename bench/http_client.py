"""The load generator's HTTP clients: one keep-alive connection per worker.

`raw` is a bare HTTP/1.1 client on asyncio streams, just enough for JSON POSTs answered
with a Content-Length: it costs the 2 shared cores a fraction of what httpx does, so the
baseline measures the server, not the client. `httpx` is the stock client, for comparison
(BENCH_SEND_CLIENT=httpx): here it tops out near 300-450 req/s (httpcore also retries a
failed `import sniffio` on every request, which .venv lacks), below the baseline server's
rate, so its baseline figures are the client's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Protocol
from urllib.parse import urlsplit

import httpx


class Poster(Protocol):
    async def post(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        """POST a JSON body; the answer's status and body."""
        ...

    async def aclose(self) -> None: ...


class RawConnection:
    """HTTP/1.1 over one socket, reopened when the server has closed it."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        head = f"POST {path} HTTP/1.1\r\nHost: {self._host}:{self._port}\r\n"
        head += "Content-Type: application/json\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        request = f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body
        reused = self._streams is not None
        try:
            return await self._exchange(request)
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.aclose()
            if not reused:
                raise
        # a kept-alive socket the server closed while idle: once more on a fresh one
        return await self._exchange(request)

    async def _exchange(self, request: bytes) -> tuple[int, bytes]:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self._host, self._port)
        reader, writer = self._streams
        writer.write(request)
        lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        fields = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        if "content-length" not in fields:
            raise RuntimeError(f"response without Content-Length: {lines[0]}")
        answer = await reader.readexactly(int(fields["content-length"]))
        if fields.get("connection") == "close":
            await self.aclose()
        return int(lines[0].split(" ", 2)[1]), answer

    async def aclose(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


class HttpxConnection:
    def __init__(self, base_url: str) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self._client = httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits)

    async def post(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        headers = {**headers, "Content-Type": "application/json"}
        r = await self._client.post(path, headers=headers, content=body)
        return r.status_code, r.content

    async def aclose(self) -> None:
        await self._client.aclose()


def connection(kind: str, base_url: str) -> Poster:
    if kind == "raw":
        return RawConnection(base_url)
    if kind == "httpx":
        return HttpxConnection(base_url)
    raise ValueError(f"unknown HTTP client {kind!r}: raw or httpx")


def outcome(status: int, answer: bytes) -> str:
    """ "200", or a refusal with its machine code: "503 bus_unavailable"."""
    if status < 400:
        return str(status)
    with contextlib.suppress(ValueError, AttributeError):
        return f"{status} {json.loads(answer).get('code')}"
    return str(status)
