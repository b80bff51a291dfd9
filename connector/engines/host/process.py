"""Engine host processes: each started with its socket in a private directory, watched,
and restarted with backoff when it exits or its socket breaks.

When a host goes, its connection tells every session on it (each gets Disconnected
CONNECTION_LOST, so the session's own reconnect policy starts it again) and the
supervisor starts a new process; sessions starting meanwhile wait for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from connector.engines.host.client import HostConnection, connect
from connector.reconnect import Backoff
from wagate.deadlines import settle, within

log = logging.getLogger(__name__)

_STABLE_S = 60.0  # a host up this long starts its restart backoff from the first attempt
_EXIT_WAIT_S = 10.0  # SIGTERM, then this long for the host's own shutdown, then SIGKILL
_EXIT_SEEN_S = 1.0  # a host whose socket ended: how long its own exit may take to be seen
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_HOST_PREFIX = "WAGATE_ENGINE_HOST_"  # the host's own settings (its config.go)
# what Go's net/http (and so whatsmeow's websocket and media clients) reads: a proxy,
# and the TLS roots
_PASSED = frozenset(
    {
        *(f"{name}_PROXY" for name in ("HTTPS", "HTTP", "NO", "ALL")),
        *(f"{name}_proxy" for name in ("https", "http", "no", "all")),
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
    }
)


@dataclass(frozen=True)
class HostSettings:
    binary: str
    database_url: str  # whatsmeow's: search_path names its schema
    db_max_conns: int
    sessions_per_host: int
    start_timeout_s: float = 10.0  # for the process to listen and say hello
    session_in_flight: int = 8  # requests one session may have unanswered at once
    backoff: Backoff = field(default_factory=lambda: Backoff(base_s=0.5, cap_s=30.0))
    # more of the host's environment (tests: WAGATE_ENGINE_HOST_TEST_SOCKET_ADDR)
    extra_env: dict[str, str] = field(default_factory=dict)


class HostProcess:
    """One host process at a time, under one supervisor that restarts it."""

    def __init__(self, settings: HostSettings) -> None:
        self._settings = settings
        # private to this connector's user (mkdtemp makes it 0700): the socket, and the
        # media files both sides read and write
        self.directory = Path(tempfile.mkdtemp(prefix="wagate-engine-host-"))
        self.media_dir = self.directory / "media"
        self.media_dir.mkdir(mode=0o700)
        self.socket_path = str(self.directory / "host.sock")
        self.sessions: set[str] = set()  # placed here: what counts against the limit
        self.connection: HostConnection | None = None
        self.pid: int | None = None
        self.deaths = 0
        self.last_error = ""  # why the last run ended, for sessions that find no host
        self.last_end = ""  # how the last running host ended: its exit status, or the socket
        self._up = asyncio.Event()
        self._closing = False
        self._supervisor = asyncio.create_task(self._supervise(), name="engine-host-supervisor")

    async def ready(self, timeout_s: float) -> HostConnection | None:
        """The host's live connection, waiting up to `timeout_s` for a (re)start."""
        with contextlib.suppress(TimeoutError):
            await within(self._up.wait(), timeout_s)
        connection = self.connection
        return connection if connection is not None and not connection.closed else None

    async def _supervise(self) -> None:
        attempt = 0
        while not self._closing:
            started = time.monotonic()
            try:
                await self._run_once()
            except Exception as e:
                self.last_error = f"{type(e).__name__}: {e}"
                log.error("engine host failed to run: %s", self.last_error)
            if self._closing:
                return
            self.deaths += 1
            attempt = 1 if time.monotonic() - started >= _STABLE_S else attempt + 1
            delay = self._settings.backoff.delay(attempt)
            log.warning(
                "engine host %s ended (%s); restarting in %.2f s (attempt %d)",
                self.pid, self.last_end or self.last_error, delay, attempt,
            )  # fmt: skip
            await asyncio.sleep(delay)

    async def _run_once(self) -> None:
        process = await asyncio.create_subprocess_exec(
            self._settings.binary,
            stdin=asyncio.subprocess.DEVNULL,
            env=self._environment(),
            preexec_fn=_end_with_parent,
        )
        self.pid = process.pid
        lost = asyncio.Event()
        connection: HostConnection | None = None
        try:
            connection = await self._connect(process, lambda _: lost.set())
            self.connection = connection
            self._up.set()
            exited = asyncio.ensure_future(process.wait())
            ended = asyncio.ensure_future(lost.wait())
            await asyncio.wait([exited, ended], return_when=asyncio.FIRST_COMPLETED)
            # a dying host's socket closes before its exit is reaped: give the exit its turn
            with contextlib.suppress(TimeoutError):
                await within(asyncio.shield(exited), _EXIT_SEEN_S)
            exited.cancel()
            ended.cancel()
            self.last_end = _how_it_ended(process.returncode)
        finally:
            self._up.clear()
            self.connection = None
            if connection is not None:
                await connection.close()  # tells its sessions, if the reader has not yet
            await _end(process)

    async def _connect(
        self, process: asyncio.subprocess.Process, on_lost: Callable[[HostConnection], None]
    ) -> HostConnection:
        """Connect once the new process listens (it replaces the old socket file)."""
        deadline = time.monotonic() + self._settings.start_timeout_s
        while True:
            if process.returncode is not None:
                raise RuntimeError(f"the engine host exited with {process.returncode} at start")
            try:
                return await connect(self.socket_path, on_lost, self._settings.session_in_flight)
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise RuntimeError("the engine host did not listen in time") from None
                await asyncio.sleep(0.02)  # a process starting: nothing to await but the file

    def _environment(self) -> dict[str, str]:
        """The host's settings: its own (docs/engine-host.md) pass through from the
        connector's environment (its queue, ack deadline, whatsmeow's log level); the
        socket, the store and the pool size are the connector's to give; a proxy and TLS
        roots as Go reads them pass too. Nothing else of the connector's environment (its
        secrets) reaches the host."""
        own = {k: v for k, v in os.environ.items() if k.startswith(_HOST_PREFIX) or k in _PASSED}
        return {
            **own,
            "PATH": os.environ.get("PATH", ""),
            "WAGATE_ENGINE_HOST_SOCKET": self.socket_path,
            "WAGATE_ENGINE_HOST_DATABASE_URL": self._settings.database_url,
            "WAGATE_ENGINE_HOST_DB_MAX_CONNS": str(self._settings.db_max_conns),
            **self._settings.extra_env,
        }

    async def close(self) -> None:
        """Stop supervising and end the process (its sessions stop with it)."""
        self._closing = True
        self._supervisor.cancel()
        await settle(self._supervisor)
        shutil.rmtree(self.directory, ignore_errors=True)


def _end_with_parent() -> None:
    """In the host's process before it runs: SIGTERM it when the connector dies. A
    connector killed outright (SIGKILL, the OOM killer) cannot end its hosts itself, and
    a host outlives its connector's connection by design (it waits for the next one):
    without this each crash would leave hosts holding their database pools for good."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _how_it_ended(returncode: int | None) -> str:
    """The host's own end as the kernel reports it (a negative code is the signal)."""
    if returncode is None:
        return "its socket broke while it ran (it is ended now)"
    if returncode < 0:
        return f"killed by {signal.Signals(-returncode).name}"
    return f"exited with status {returncode}"


async def _end(process: asyncio.subprocess.Process) -> None:
    """SIGTERM (the host stops its sessions and closes its pool), SIGKILL if it lingers."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            await within(asyncio.shield(process.wait()), _EXIT_WAIT_S)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
    await process.wait()


class HostPool:
    """The running hosts; a session goes to the first with room, else to a new one."""

    def __init__(self, settings: HostSettings) -> None:
        self.settings = settings
        self.hosts: list[HostProcess] = []

    def place(self, session: str) -> HostProcess:
        for host in self.hosts:
            if len(host.sessions) < self.settings.sessions_per_host:
                break
        else:
            host = HostProcess(self.settings)
            self.hosts.append(host)
        host.sessions.add(session)
        return host

    @property
    def sessions(self) -> int:
        return sum(len(host.sessions) for host in self.hosts)

    @property
    def deaths(self) -> int:
        return sum(host.deaths for host in self.hosts)

    async def close(self) -> None:
        hosts, self.hosts = self.hosts, []
        await asyncio.gather(*(host.close() for host in hosts))
