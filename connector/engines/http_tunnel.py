"""Plain-HTTP requests through an HTTP proxy, each connection a CONNECT tunnel.

httpx sends an `http://` request to an HTTP proxy as a forwarded request (the absolute URL
in its request line) and tunnels only `https://` ones. WhatsApp's media hosts are HTTPS,
so the engine host's media always goes through a CONNECT tunnel; the sim's media host is
plain HTTP. So that the sim engine reaches it through a tenant's proxy the same way (and
a proxy that only tunnels, or that mangles forwarded bodies, behaves as it would in
production), this client opens every connection as a tunnel.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

import httpcore
import httpx

from wagate.proxies import Proxy

_MAX_HEAD = 16 * 1024  # a CONNECT answer's status line and headers


class _TunnelBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, proxy: Proxy) -> None:
        self._proxy = proxy
        self._tcp = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's own signature
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._tcp.connect_tcp(
            self._proxy.host, self._proxy.port, timeout, local_address, socket_options
        )
        try:
            await stream.write(self._connect(host, port), timeout)
            await _tunnel_opened(stream, timeout)
        except BaseException:
            await stream.aclose()
            raise
        return stream

    def _connect(self, host: str, port: int) -> bytes:
        lines = [f"CONNECT {host}:{port} HTTP/1.1", f"Host: {host}:{port}"]
        if self._proxy.username is not None:
            pair = f"{self._proxy.username}:{self._proxy.password or ''}".encode()
            lines.append(f"Proxy-Authorization: Basic {base64.b64encode(pair).decode()}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's own signature
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("a tunnel through a proxy is TCP only")

    async def sleep(self, seconds: float) -> None:
        await self._tcp.sleep(seconds)


async def _tunnel_opened(stream: httpcore.AsyncNetworkStream, read_timeout: float | None) -> None:
    """The proxy's answer to CONNECT, read up to its blank line (it sends nothing after
    until the client speaks); anything but 200 is a ProxyError naming its status."""
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = await stream.read(4096, read_timeout)
        if not chunk:
            raise httpcore.ProxyError("the proxy closed the connection before answering CONNECT")
        head += chunk
        if len(head) > _MAX_HEAD:
            raise httpcore.ProxyError("the proxy's answer to CONNECT is too long")
    status = head.split(b"\r\n", 1)[0].decode("latin-1")
    if status.split(" ")[1:2] != ["200"]:
        raise httpcore.ProxyError(f"the proxy refused CONNECT: {status}")


def tunnelling_client(proxy: Proxy, timeout: httpx.Timeout) -> httpx.AsyncClient:
    """An httpx client whose every connection is a CONNECT tunnel through `proxy`."""
    transport = httpx.AsyncHTTPTransport()
    # httpx takes no network backend of its own: its pool is replaced by one that has it
    transport._pool = httpcore.AsyncConnectionPool(network_backend=_TunnelBackend(proxy))
    return httpx.AsyncClient(timeout=timeout, follow_redirects=False, transport=transport)
