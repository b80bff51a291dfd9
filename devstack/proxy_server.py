"""A real proxy server of a test's own: pproxy, a separate process serving SOCKS5 and
HTTP CONNECT with a user name and password on free ports, so a tenant's proxy is
exercised through a real server and its wire protocol (docs/proxies.md).

    python -m devstack.proxy_server PPROXY_ARGS...

runs pproxy on asyncio's own loop: its `main` installs uvloop and then asks for the
current loop the way current uvloop refuses (there is none yet), so it would not start.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

from devstack.child_process import end
from devstack.stack import free_port

USER, PASSWORD = "tenant-a", "s3cr3t-pass"


@dataclass(frozen=True)
class ProxyServer:
    pid: int
    socks_port: int
    http_port: int

    def url(self, scheme: str, password: str = PASSWORD) -> str:
        port = self.socks_port if scheme == "socks5" else self.http_port
        return f"{scheme}://{USER}:{password}@127.0.0.1:{port}"


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
        return True
    return False


@contextlib.contextmanager
def proxy_server() -> Iterator[ProxyServer]:
    """A running proxy for the duration. `--auth -1`: pproxy otherwise lets an address
    that authenticated once go on without credentials for 30 days."""
    socks_port, http_port = free_port(), free_port()
    creds = f"#{USER}:{PASSWORD}"
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "devstack.proxy_server", "--auth", "-1"),
            *("-l", f"socks5://127.0.0.1:{socks_port}{creds}"),
            *("-l", f"http://127.0.0.1:{http_port}{creds}"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while not (_answers(socks_port) and _answers(http_port)):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("pproxy did not start")
            time.sleep(0.05)
        yield ProxyServer(proc.pid, socks_port, http_port)
    finally:
        end(proc)


def _run_pproxy() -> None:
    import asyncio

    sys.modules["uvloop"] = None  # type: ignore[assignment]  # pproxy then skips it
    asyncio.set_event_loop(asyncio.new_event_loop())
    from pproxy.server import main

    main()


if __name__ == "__main__":
    _run_pproxy()
