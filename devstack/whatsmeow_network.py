"""A network that does not answer, for whatsmeow's own connect: a Go call that never
returns, offline. whatsmeow dials WhatsApp through the proxy its environment names
(`http.ProxyFromEnvironment`, so HTTPS_PROXY); this proxy takes the connection and never
answers, and whatsmeow's Connect waits on it for good, holding its socket lock (a
Disconnect waits behind it). For the tests and the benchmarks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class SilentProxy:
    """An HTTP proxy that takes connections and never answers: what a Go call waiting on
    a network that does not respond looks like."""

    def __init__(self) -> None:
        self.held: list[asyncio.StreamWriter] = []
        self.url = ""

    async def hold(self, _: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.held.append(writer)

    async def dialled(self, count: int) -> bool:
        return len(self.held) >= count


@asynccontextmanager
async def silent_proxy() -> AsyncIterator[SilentProxy]:
    proxy = SilentProxy()
    server = await asyncio.start_server(proxy.hold, "127.0.0.1", 0)
    proxy.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    try:
        yield proxy
    finally:
        server.close()
        for writer in proxy.held:
            writer.close()
