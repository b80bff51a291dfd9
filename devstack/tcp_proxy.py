"""A TCP proxy as a process of its own, for outage tests: a process talks to PostgreSQL
through it, and the test pauses it (SIGSTOP: the kernel still holds the sockets, nothing
moves, a partition) or kills it (SIGKILL: every connection resets, later ones are
refused), never touching the shared server.

    python -m devstack.tcp_proxy LISTEN_PORT TARGET_HOST TARGET_PORT
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator

from devstack.stack import free_port


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.close()


async def _serve(listen_port: int, host: str, port: int) -> None:
    async def relay(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(host, port)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(_pipe(client_r, server_w), _pipe(server_r, client_w))

    server = await asyncio.start_server(relay, "127.0.0.1", listen_port)
    print("listening", flush=True)
    async with server:
        await server.serve_forever()


class Proxy:
    """A running proxy process in front of host:port; `port` is where to connect (give
    `listen_port` to bring back a killed proxy where its clients still connect)."""

    def __init__(self, host: str, port: int, listen_port: int | None = None) -> None:
        self.port = listen_port or free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "devstack.tcp_proxy", str(self.port), host, str(port)],
            stdout=subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline() == b"listening\n"

    def pause(self) -> None:
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)  # a stopped process dies at once either way
            self.proc.kill()
        self.proc.wait()


@contextlib.contextmanager
def proxy_to(host: str, port: int) -> Iterator[Proxy]:
    proxy = Proxy(host, port)
    try:
        yield proxy
    finally:
        proxy.kill()


def via_proxy(url: str, proxy: Proxy) -> str:
    """`url` (postgresql://user@host:port/db) with host:port replaced by the proxy's."""
    scheme, rest = url.split("://", 1)
    creds, _, tail = rest.rpartition("@")
    _, _, path = tail.partition("/")
    at = f"{creds}@" if creds else ""
    return f"{scheme}://{at}127.0.0.1:{proxy.port}/{path}"


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1]), sys.argv[2], int(sys.argv[3])))
