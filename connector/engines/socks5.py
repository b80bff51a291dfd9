"""A SOCKS5 client (RFC 1928, with RFC 1929 user/password) that opens one TCP socket
through a tenant's proxy, for the sim engine's WebSocket to run over.

Our own and small rather than a library's, because a session's reason must say which
step the proxy refused: a server that refuses credentials by hanging up (as several do,
instead of sending RFC 1929's failure status) is an authentication failure, not a
refused connection, and only the client that knows where it was can tell.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from connector.engine import DisconnectReason as R
from wagate.proxies import Proxy

_NO_AUTH, _USER_PASSWORD, _NONE_ACCEPTABLE = 0x00, 0x02, 0xFF
# RFC 1928's reply codes, as the reason's detail says them
_REPLIES = {
    1: "general failure",
    2: "connection not allowed by its rules",
    3: "network unreachable",
    4: "host unreachable",
    5: "connection refused by the destination",
    6: "TTL expired",
    7: "command not supported",
    8: "address type not supported",
}


class ProxyFailed(Exception):
    """The proxy did not give a connection; `reason` is the session's (a PROXY_* one)."""

    def __init__(self, reason: R, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


async def open_socket(proxy: Proxy, host: str, port: int) -> socket.socket:
    """A connected, non-blocking socket to host:port through `proxy`; ProxyFailed when
    the proxy cannot be reached or refuses. The caller bounds the time."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(proxy.host, proxy.port, type=socket.SOCK_STREAM)
    except OSError as e:
        raise ProxyFailed(R.PROXY_UNREACHABLE, f"the proxy's host does not resolve: {e}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, address)
        except OSError as e:
            raise ProxyFailed(R.PROXY_UNREACHABLE, f"no connection to the proxy: {e}") from None
        await _greet(sock, proxy)
        await _connect(sock, host, port)
    except BaseException:
        sock.close()
        raise
    return sock


async def _greet(sock: socket.socket, proxy: Proxy) -> None:
    """Agree on a method and, when asked, authenticate."""
    has_credentials = proxy.username is not None
    methods = bytes([_NO_AUTH, _USER_PASSWORD] if has_credentials else [_NO_AUTH])
    await _send(sock, bytes([5, len(methods)]) + methods)
    version, method = await _read(sock, 2, R.PROXY_REFUSED, "the greeting")
    if version != 5:
        raise ProxyFailed(R.PROXY_REFUSED, "the proxy does not speak SOCKS5")
    if method == _NONE_ACCEPTABLE or (method == _USER_PASSWORD and not has_credentials):
        raise ProxyFailed(R.PROXY_AUTH_FAILED, "the proxy wants credentials the URL lacks")
    if method == _USER_PASSWORD:
        await _authenticate(sock, proxy)
    elif method != _NO_AUTH:
        raise ProxyFailed(R.PROXY_REFUSED, f"the proxy chose an unknown method {method}")


async def _authenticate(sock: socket.socket, proxy: Proxy) -> None:
    user = (proxy.username or "").encode()
    password = (proxy.password or "").encode()
    if len(user) > 255 or len(password) > 255:
        raise ProxyFailed(R.PROXY_AUTH_FAILED, "SOCKS5 credentials are at most 255 bytes each")
    await _send(sock, bytes([1, len(user)]) + user + bytes([len(password)]) + password)
    _, status = await _read(sock, 2, R.PROXY_AUTH_FAILED, "the credentials")
    if status != 0:
        raise ProxyFailed(R.PROXY_AUTH_FAILED, "the proxy refused its credentials")


async def _connect(sock: socket.socket, host: str, port: int) -> None:
    await _send(sock, b"\x05\x01\x00" + _address(host) + port.to_bytes(2, "big"))
    _, reply, _, kind = await _read(sock, 4, R.PROXY_REFUSED, "the connect request")
    if reply != 0:
        meaning = _REPLIES.get(reply, f"code {reply}")
        raise ProxyFailed(R.PROXY_REFUSED, f"the proxy refused to connect on: {meaning}")
    if kind == 3:
        (length,) = await _read(sock, 1, R.PROXY_REFUSED, "the connect reply")
        rest = length + 2
    else:
        rest = (16 if kind == 4 else 4) + 2
    await _read(sock, rest, R.PROXY_REFUSED, "the connect reply")  # the bound address


def _address(host: str) -> bytes:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        name = host.encode("idna")
        return bytes([3, len(name)]) + name
    return bytes([1 if ip.version == 4 else 4]) + ip.packed


async def _send(sock: socket.socket, data: bytes) -> None:
    try:
        await asyncio.get_running_loop().sock_sendall(sock, data)
    except OSError as e:
        raise ProxyFailed(R.PROXY_REFUSED, f"the proxy closed the connection: {e}") from None


async def _read(sock: socket.socket, size: int, reason: R, step: str) -> bytes:
    """Exactly `size` bytes; a proxy that hangs up at this step fails with `reason`."""
    loop, got = asyncio.get_running_loop(), b""
    while len(got) < size:
        try:
            chunk = await loop.sock_recv(sock, size - len(got))
        except OSError as e:
            raise ProxyFailed(reason, f"the proxy reset the connection at {step}: {e}") from None
        if not chunk:
            raise ProxyFailed(reason, f"the proxy closed the connection at {step}")
        got += chunk
    return got
