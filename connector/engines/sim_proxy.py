"""The sim engine's socket through a tenant's proxy (docs/proxies.md), and how a failed
connection attempt reads as a session reason.

HTTP CONNECT is `websockets`' own; SOCKS5 is connector/engines/socks5.py, whose socket
the WebSocket then runs over. With a proxy given, the only TCP connection the engine
makes is to the proxy: a failure is the proxy's, and nothing is tried directly instead.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any
from urllib.parse import urlsplit

import websockets
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidMessage, InvalidProxyMessage, InvalidProxyStatus
from websockets.proxy import get_proxy
from websockets.uri import parse_uri

from connector.engine import Disconnected
from connector.engine import DisconnectReason as R
from connector.engines import socks5
from wagate import proxies

_PROXY_AUTH_REQUIRED = 407

CONNECT_ERRORS = (OSError, TimeoutError, websockets.InvalidHandshake, socks5.ProxyFailed)


async def open_websocket(
    url: str, proxy: str | None, timeout_s: float, **options: Any
) -> ClientConnection:
    """The WebSocket to `url`, through the tenant's `proxy` when there is one (None: as
    the process's environment says, as before tenants had proxies). Raises one of
    CONNECT_ERRORS."""
    if proxy is None:
        return await connect(url, open_timeout=timeout_s, proxy=environment_proxy(url), **options)
    if proxies.parsed(proxy).scheme == "http":
        return await connect(url, open_timeout=timeout_s, proxy=proxy, **options)
    target = urlsplit(url)
    port = target.port or (443 if target.scheme == "wss" else 80)
    try:
        async with asyncio.timeout(timeout_s):
            sock = await socks5.open_socket(proxies.parsed(proxy), target.hostname or "", port)
    except TimeoutError:
        raise socks5.ProxyFailed(
            R.PROXY_UNREACHABLE, f"the proxy did not answer within {timeout_s:g} s"
        ) from None
    return await connect(url, open_timeout=timeout_s, sock=sock, **options)


@functools.cache
def environment_proxy(url: str) -> str | None:
    """The proxy the process's environment names for `url`, looked up once: `websockets`
    looks it up at each connection, reading every environment variable (a sixth of a
    restored connection's CPU at 1,000 sessions), and the environment does not change."""
    return get_proxy(parse_uri(url))


def connect_failure(e: BaseException, proxied: bool) -> Disconnected:
    """The Disconnected a failed connection attempt (one of CONNECT_ERRORS) reports."""
    detail = str(e) or type(e).__name__
    if isinstance(e, socks5.ProxyFailed):
        return Disconnected(e.reason, e.detail)
    if not proxied:
        return Disconnected(R.CONNECT_FAILED, detail)
    if isinstance(e, InvalidProxyStatus):
        status = e.response.status_code
        if status == _PROXY_AUTH_REQUIRED:
            return Disconnected(R.PROXY_AUTH_FAILED, "the proxy refused its credentials (407)")
        return Disconnected(R.PROXY_REFUSED, f"the proxy answered CONNECT with {status}")
    if isinstance(e, InvalidProxyMessage):
        return Disconnected(R.PROXY_REFUSED, f"the proxy did not answer CONNECT: {detail}")
    if isinstance(e, OSError):  # an HTTP proxy: the one TCP connection made is to it
        return Disconnected(R.PROXY_UNREACHABLE, f"no connection to the proxy: {detail}")
    if isinstance(e, InvalidMessage):
        # the network answers every handshake, refusals included; a tunnel that ends with
        # no answer at all is a proxy that said yes and could not go on (several answer
        # a SOCKS5 connect at once, before they reach the destination)
        return Disconnected(R.PROXY_REFUSED, "the tunnel closed before the network answered")
    return Disconnected(R.CONNECT_FAILED, f"through the proxy: {detail}")
