"""The sim engine's media client through a tenant's HTTP proxy: every connection is a
CONNECT tunnel carrying the proxy's credentials, as WhatsApp's HTTPS media hosts are
reached (a forwarded plain-HTTP request would let the proxy read and rewrite the body);
a proxy that refuses CONNECT is an error of the request, never a direct connection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from connector.engines import sim_media


class _TunnelOnlyProxy:
    """Answers CONNECT with `status` and then plays the origin behind the tunnel; any
    other request line is answered 400, as a proxy that only tunnels does."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.heads: list[bytes] = []

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        self.heads.append(head)
        if not head.startswith(b"CONNECT ") or self.status != 200:
            status = 400 if not head.startswith(b"CONNECT ") else self.status
            writer.write(f"HTTP/1.1 {status} No\r\nContent-Length: 0\r\n\r\n".encode())
        else:
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            request = await reader.readuntil(b"\r\n\r\n")
            self.heads.append(request)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()


@pytest.fixture
async def proxy() -> AsyncIterator[tuple[_TunnelOnlyProxy, int]]:
    stand_in = _TunnelOnlyProxy(200)
    server = await asyncio.start_server(stand_in.serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield stand_in, port


async def test_media_requests_go_through_a_connect_tunnel_with_credentials(
    proxy: tuple[_TunnelOnlyProxy, int],
) -> None:
    stand_in, port = proxy
    async with sim_media.http_client(f"http://tenant-a:s3cret@127.0.0.1:{port}") as client:
        r = await client.get("http://media.sim.invalid:8080/mms/image/abc")
    assert r.status_code == 200 and r.text == "ok"
    connect, request = stand_in.heads
    assert connect.startswith(b"CONNECT media.sim.invalid:8080 HTTP/1.1\r\n")
    assert b"Proxy-Authorization: Basic dGVuYW50LWE6czNjcmV0" in connect  # tenant-a:s3cret
    assert request.startswith(b"GET /mms/image/abc HTTP/1.1\r\n")  # the origin's own form


async def test_a_refused_connect_is_a_proxy_error(proxy: tuple[_TunnelOnlyProxy, int]) -> None:
    stand_in, port = proxy
    stand_in.status = 407
    async with sim_media.http_client(f"http://tenant-a:wrong@127.0.0.1:{port}") as client:
        with pytest.raises(httpx.ProxyError, match="407"):
            await client.get("http://media.sim.invalid:8080/mms/image/abc")
