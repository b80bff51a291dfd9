"""An httpx transport that connects only to addresses the SSRF guard has just approved,
for fetching a media `url` (connector/media/url_fetch.py); deliveries go through
http1.py, which guards its connections the same way.

httpx resolves a host when it opens a connection. Checking a URL first and then letting
httpx resolve it again leaves a gap a DNS server can use (answer with a public address to
the check, with 127.0.0.1 to the connection: DNS rebinding). So the check happens inside
the connection step: `GuardedBackend.connect_tcp` resolves the host, refuses it if any
address is not allowed, and connects to an approved address. TLS still uses the URL's
host name for SNI and certificate checks, and pooled connections stay keyed by host name.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable

import httpcore
import httpx

from wagate.ssrf import Resolver, allowed_addresses, system_resolver


class GuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, *, allow_private: bool, resolver: Resolver = system_resolver) -> None:
        self._allow_private = allow_private
        self._resolver = resolver
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        # raises wagate.ssrf.UnsafeUrl, which passes through httpx unchanged
        addresses = await allowed_addresses(
            host, port, allow_private=self._allow_private, resolver=self._resolver
        )
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                error = e
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("webhooks never use unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport with the connection pool built on `GuardedBackend`."""

    def __init__(
        self,
        *,
        allow_private: bool,
        max_connections: int,
        resolver: Resolver = system_resolver,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        tls = ssl_context or httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=tls, trust_env=False)  # given a context, httpx loads none
        # replaces the pool httpx built, the one attribute its request path uses
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=tls,
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=30.0,
            network_backend=GuardedBackend(allow_private=allow_private, resolver=resolver),
        )
