"""What the tests of the engine host adapter share: the real host binary (built by
`make install`), a database for whatsmeow's store, a local TCP endpoint standing in for
WhatsApp (through the host's test-only socket setting), and a recorder of each session's
events."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from connector.engine import EngineEvent, EventSink
from connector.engines.host.kind import HostEngineKind, host_binary
from connector.engines.host.process import HostSettings
from connector.engines.host.store import host_database_url
from wagate.deadlines import within

SCHEMA = "whatsmeow"


def the_binary() -> str:
    """The host `make install` built, or another build named by WAGATE_ENGINE_HOST_BINARY."""
    binary = host_binary(os.environ.get("WAGATE_ENGINE_HOST_BINARY", ""))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"no engine host at {binary}: run `make install` (it builds it)")
    return binary


class Endpoint:
    """A local 'WhatsApp': `stall` accepts and never answers (a silent network), `close`
    accepts and hangs up; `refused` is a port nobody listens on."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.accepted = 0
        self.closed = 0  # connections the host (or this endpoint) hung up
        self.peers: list[int] = []  # the port each accepted connection came from
        self._changed = asyncio.Condition()
        self._server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> Endpoint:
        if self.mode == "refused":
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]  # closed again: connecting is refused
            return self
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._server is not None:
            self._server.close()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async with self._changed:
            self.accepted += 1
            self.peers.append(writer.get_extra_info("peername")[1])
            self._changed.notify_all()
        if self.mode == "stall":
            with contextlib.suppress(ConnectionError):
                await reader.read()  # until the host hangs up
        writer.close()
        async with self._changed:
            self.closed += 1
            self._changed.notify_all()

    async def wait_accepted(self, count: int, timeout_s: float = 20) -> None:
        async with self._changed:
            await within(self._changed.wait_for(lambda: self.accepted >= count), timeout_s)

    async def wait_closed(self, count: int, timeout_s: float = 20) -> None:
        async with self._changed:
            await within(self._changed.wait_for(lambda: self.closed >= count), timeout_s)


class Recorder:
    """Each session's events, in order, and a way to wait for them."""

    def __init__(self) -> None:
        self.events: dict[str, list[EngineEvent]] = defaultdict(list)
        self._changed = asyncio.Condition()

    def sink(self, tenant: str) -> EventSink:
        async def record(event: EngineEvent) -> None:
            async with self._changed:
                self.events[tenant].append(event)
                self._changed.notify_all()

        return record

    async def wait(self, check: Callable[[], bool], timeout_s: float = 20) -> None:
        async with self._changed:
            await within(self._changed.wait_for(check), timeout_s)


def host_kind(
    database_url: str,
    endpoint: Endpoint | None,
    per_host: int = 500,
    session_in_flight: int = 8,
    **env: str,
) -> HostEngineKind:
    """Hosts whose sessions reach `endpoint` (None: WhatsApp's own address, for a test
    that routes it elsewhere, through a proxy)."""
    if endpoint is not None:
        env = {"WAGATE_ENGINE_HOST_TEST_SOCKET_ADDR": endpoint.address, **env}
    settings = HostSettings(
        binary=the_binary(),
        database_url=host_database_url(database_url, SCHEMA),
        db_max_conns=2,
        sessions_per_host=per_host,
        session_in_flight=session_in_flight,
        extra_env=env,
    )
    return HostEngineKind(settings, database_url=database_url, schema=SCHEMA)


def alive(pid: int) -> bool:
    """Whether a process with this pid exists (and is not a zombie)."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return False
    return "State:\tZ" not in status.read_text()


@contextlib.asynccontextmanager
async def closing(kind: HostEngineKind) -> AsyncIterator[HostEngineKind]:
    try:
        yield kind
    finally:
        await kind.close()


def environment_of(pid: int) -> list[bytes]:
    """A process's environment, as `NAME=value` lines."""
    return Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
