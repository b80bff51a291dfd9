"""The whatsmeow engine's host (`connector/enginehost/`) under many sessions. No WhatsApp
server exists here, so every session is parked: the host runs with its test socket
(`-test-socket-addr`) at a local endpoint that accepts TCP and never answers, and each
session dials it as plain TCP and waits in its websocket's HTTP upgrade.

The host parks pairings (new devices) and, apart, stored devices it resumes (rows written
into whatsmeow's device table by `devstack.whatsmeow_pairing.store_device`). For each
run: the host's RSS and OS threads (and its goroutines, from Go's SIGQUIT dump, which ends
it), PostgreSQL connections (`pg_stat_activity` of the database the bench creates: the
peak while starting, sampled every 50 ms, and once parked), the time to start the
sessions (every start answered and every connection held by the endpoint) and to stop
them (every stop answered), and the CPU of one request across the host's boundary: a
text send to a parked session, which the host refuses with `not_connected` once it has
crossed (a JSON frame over its Unix socket, decoded and refused in Go). CPU seconds of
the client (this process) plus the host, per request, over BENCH_ENGINES_REQUESTS, one
at a time and BENCH_ENGINES_WINDOW at a time; its baseline, in the same run, the same
count of `health` requests (answered from what the host already knows, the boundary's
cheapest request). That is the boundary's cost, not a send's: no send reaches a network.
RSS per session is counted over the host's RSS before its first session. The host is
driven by a minimal client written here (length-prefixed JSON frames, as
docs/engine-host.md describes).

(Until the engine before the host was removed, this bench ran it in the same run: the
recorded comparison is in docs/performance.md.)

Env: BENCH_ENGINES_SESSIONS (1000), BENCH_ENGINES_SMALL (50, the small run),
BENCH_ENGINES_REQUESTS (10000), BENCH_ENGINES_WINDOW (16).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import asyncpg

from bench.common import ROOT, cpu_seconds, emit, env_int, now, ratio, table
from devstack.stack import PG_ADMIN_URL, create_database, database_url, drop_database
from devstack.whatsmeow_pairing import store_device

HOST_BIN = ROOT / ".venv" / "bin" / "wagate-engine-host"
NOBODY = "15550000000@s.whatsapp.net"  # the recipient of the refused sends
BASELINE = "health_x1"  # the key of the baseline request's figures
_HEADER = struct.Struct(">I")


# ---- what both engines are measured with ---------------------------------------------


class SilentEndpoint:
    """Accepts TCP connections, counts them and never sends a byte."""

    def __init__(self) -> None:
        self.held: list[asyncio.StreamWriter] = []
        self.address = ""

    async def _hold(self, _: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.held.append(writer)

    def drop_all(self) -> None:
        for writer in self.held:
            writer.close()
        self.held.clear()


@contextlib.asynccontextmanager
async def silent_endpoint() -> AsyncIterator[SilentEndpoint]:
    endpoint = SilentEndpoint()
    server = await asyncio.start_server(endpoint._hold, "127.0.0.1", 0, backlog=4096)
    endpoint.address = f"127.0.0.1:{server.sockets[0].getsockname()[1]}"
    try:
        yield endpoint
    finally:
        server.close()
        endpoint.drop_all()


def rss_and_threads(pids: list[int]) -> tuple[float, int]:
    """RSS (MiB) and OS threads summed over `pids`."""
    rss_kib = threads = 0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss_kib += int(line.split()[1])
                elif line.startswith("Threads:"):
                    threads += int(line.split()[1])
    return round(rss_kib / 1024, 1), threads


async def pg_connections(database: str) -> int:
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        found = await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1", database
        )
        return int(found)
    finally:
        await conn.close()


async def until(check: Callable[[], Awaitable[bool]], what: str, timeout_s: float = 120) -> None:
    deadline = now() + timeout_s
    while not await check():
        if now() > deadline:
            raise TimeoutError(f"not within {timeout_s} s: {what}")
        await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def peak_pg_connections(database: str) -> AsyncIterator[list[int]]:
    """Within: `database`'s connections sampled every 50 ms; the peak is in [0] after."""
    peak = [0]

    async def sample() -> None:
        conn = await asyncpg.connect(PG_ADMIN_URL)
        try:
            while True:
                found = await conn.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = $1", database
                )
                peak[0] = max(peak[0], int(found))
                await asyncio.sleep(0.05)
        finally:
            await conn.close()

    sampling = asyncio.create_task(sample())
    try:
        yield peak
    finally:
        sampling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampling
        peak[0] = max(peak[0], await pg_connections(database))


@contextlib.asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    name = await create_database()
    try:
        yield name
    finally:
        await drop_database(name)


@dataclass
class Parked:
    """One engine with `sessions` parked: what it holds and what it took."""

    engine: str
    sessions: int
    processes: int = 0
    rss_mb: float = 0.0
    threads: int = 0
    goroutines: int | None = None
    pg_connections: int = 0
    pg_peak_while_starting: int = 0
    start_s: float = 0.0
    stop_s: float = 0.0
    pg_connections_after_stop: int = 0
    idle_rss_mb: float | None = None
    rss_kib_per_session: float = 0.0  # over the host's RSS before any session
    cpu_ms_per_request: dict[str, float] = field(default_factory=dict)
    client_cpu_ms_per_request: dict[str, float] = field(default_factory=dict)
    p50_us: dict[str, float] = field(default_factory=dict)
    refused_with: str = ""
    loadavg_1m: float = 0.0


async def cpu_per_request(
    figures: Parked,
    engine_pids: Callable[[], list[int]],
    requests: int,
    window: int,
    one: Callable[[int], Awaitable[str]],
    label: str = "",
) -> set[str]:
    """`requests` calls of `one`, `window` at a time: CPU ms per call of this process
    and of the engine's, and the median call's wall time, under `label` (else
    x<window>); the answers' codes."""
    pids = engine_pids()
    numbers = itertools.count()
    took: list[float] = []
    codes: set[str] = set()

    async def worker() -> None:
        while (i := next(numbers)) < requests:
            began = now()
            codes.add(await one(i))
            took.append(now() - began)

    engine0, client0 = sum(cpu_seconds(p) for p in pids), time.process_time()
    await asyncio.gather(*(worker() for _ in range(window)))
    engine_s = sum(cpu_seconds(p) for p in pids) - engine0
    client_s = time.process_time() - client0
    key = label or f"x{window}"
    figures.cpu_ms_per_request[key] = round((engine_s + client_s) / requests * 1000, 3)
    figures.client_cpu_ms_per_request[key] = round(client_s / requests * 1000, 3)
    figures.p50_us[key] = round(sorted(took)[len(took) // 2] * 1e6, 1)
    return codes


# ---- the engine host, through a minimal client of its protocol -----------------------


class HostClient:
    """Length-prefixed JSON frames over the host's Unix socket: hello, then requests
    answered by id. Events are counted, not read."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self.events = 0
        self.max_in_flight = 1
        self._reading: asyncio.Task[None] | None = None

    async def _frame(self) -> dict[str, Any]:
        (length,) = _HEADER.unpack(await self._reader.readexactly(_HEADER.size))
        frame: dict[str, Any] = json.loads(await self._reader.readexactly(length))
        return frame

    def _write(self, message: dict[str, Any]) -> None:
        body = json.dumps(message, separators=(",", ":")).encode()
        self._writer.write(_HEADER.pack(len(body)) + body)

    async def hello(self) -> dict[str, Any]:
        theirs = await self._frame()
        assert theirs["type"] == "hello", theirs
        self.max_in_flight = int(theirs.get("max_in_flight", 1))
        self._write({"type": "hello", "version": theirs["version"], "peer": "connector"})
        self._reading = asyncio.create_task(self._read())
        return theirs

    async def _read(self) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while True:
                frame = await self._frame()
                if frame["type"] != "reply":
                    self.events += 1
                    continue
                answer = self._pending.pop(frame["id"], None)
                if answer is not None and not answer.done():
                    answer.set_result(frame)

    async def request(self, kind: str, session: str, **fields: Any) -> dict[str, Any]:
        request_id = next(self._ids)
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = answer
        self._write({"type": kind, "id": request_id, "session": session, **fields})
        return await answer

    async def all_of(
        self, kind: str, sessions: list[str], fields: dict[str, dict[str, Any]] | None = None
    ) -> None:
        """`kind` for every session (with its `fields`), at most max_in_flight
        unanswered; each must succeed."""
        slots = asyncio.Semaphore(self.max_in_flight)

        async def one(session: str) -> None:
            async with slots:
                reply = await self.request(kind, session, **(fields or {}).get(session, {}))
                assert "error" not in reply, reply

        await asyncio.gather(*(one(s) for s in sessions))

    async def close(self) -> None:
        self._writer.close()
        with contextlib.suppress(ConnectionError):
            await self._writer.wait_closed()
        if self._reading is not None:
            await self._reading


@dataclass
class Host:
    process: asyncio.subprocess.Process
    client: HostClient
    stderr: Path


@contextlib.asynccontextmanager
async def running_host(database: str, endpoint: str) -> AsyncIterator[Host]:
    """The host on `database` with its test socket at `endpoint`, its own settings
    otherwise (the one pool: 10 connections), with a client connected."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-engines-"))
    socket_path, stderr = workdir / "host.sock", workdir / "host.stderr"
    with stderr.open("wb") as err:
        process = await asyncio.create_subprocess_exec(
            str(HOST_BIN), "-socket", str(socket_path), "-database-url", database_url(database),
            "-test-socket-addr", endpoint, stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
    try:

        async def listening() -> bool:
            assert process.returncode is None, stderr.read_text()
            return socket_path.exists()

        await until(listening, "the host listens")
        client = HostClient(*await asyncio.open_unix_connection(str(socket_path)))
        await client.hello()
        yield Host(process, client, stderr)
        await client.close()
    finally:
        if process.returncode is None:
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


async def park_on_host(
    host: Host, endpoint: SilentEndpoint, sessions: list[str], devices: dict[str, str]
) -> float:
    """Start `sessions` (resuming the device `devices` names, else pairing): seconds
    until every start is answered and every connection accepted by the endpoint."""
    before = len(endpoint.held)
    began = now()
    fields = {session: {"device_jid": jid} for session, jid in devices.items()}
    await host.client.all_of("start", sessions, fields)

    async def parked() -> bool:
        return len(endpoint.held) - before >= len(sessions)

    await until(parked, f"{len(sessions)} host sessions parked")
    return now() - began


async def goroutines(host: Host) -> int:
    """Go's SIGQUIT dump names each goroutine once; the host exits with it."""
    host.process.send_signal(signal.SIGQUIT)
    await asyncio.wait_for(host.process.wait(), 30)
    lines = host.stderr.read_text(errors="replace").splitlines()
    return sum(line.startswith("goroutine ") and line.endswith(":") for line in lines)


async def stored_devices(database: str, sessions: list[str]) -> dict[str, str]:
    """A linked device in whatsmeow's store for each session (as pairing leaves it)."""
    devices = {session: f"4477{i:08d}:1@s.whatsapp.net" for i, session in enumerate(sessions)}
    conn = await asyncpg.connect(database_url(database))
    try:
        async with conn.transaction():
            for jid in devices.values():
                await store_device(conn, jid, schema="public")
    finally:
        await conn.close()
    return devices


async def measure_host(count: int, requests: int, window: int, resume: bool) -> Parked:
    figures = Parked("host, stored devices" if resume else "host", count)
    sessions = [f"bench-{i}" for i in range(count)]
    async with (
        fresh_database() as database,
        silent_endpoint() as endpoint,
        running_host(database, endpoint.address) as host,
    ):
        pid = host.process.pid
        figures.processes = 1
        figures.idle_rss_mb = rss_and_threads([pid])[0]
        devices = await stored_devices(database, sessions) if resume else {}
        async with peak_pg_connections(database) as peak:
            start_s = await park_on_host(host, endpoint, sessions, devices)
        figures.start_s, figures.pg_peak_while_starting = round(start_s, 3), peak[0]
        await asyncio.sleep(2)  # the garbage collector's turn before RSS is read
        figures.rss_mb, figures.threads = rss_and_threads([pid])
        figures.rss_kib_per_session = round(
            (figures.rss_mb - (figures.idle_rss_mb or 0)) * 1024 / count, 1
        )
        figures.pg_connections = await pg_connections(database)
        figures.loadavg_1m = round(os.getloadavg()[0], 2)

        async def send(i: int) -> str:
            reply = await host.client.request(
                "send", sessions[i % count], chat=NOBODY, message_id=f"bench{i}",
                content={"kind": "text", "text": "hello"},
            )  # fmt: skip
            return str(reply.get("error", {}).get("code", "answered"))

        for width in (1, window):
            codes = await cpu_per_request(figures, lambda: [pid], requests, width, send)
            figures.refused_with = ",".join(sorted(codes))

        async def health(i: int) -> str:
            reply = await host.client.request("health", sessions[i % count])
            return str(reply.get("error", {}).get("code", "answered"))

        # the baseline: the boundary's cheapest request, answered from what the host knows
        await cpu_per_request(figures, lambda: [pid], requests, 1, health, BASELINE)
        began = now()
        await host.client.all_of("stop", sessions)
        figures.stop_s = round(now() - began, 3)
        figures.pg_connections_after_stop = await pg_connections(database)
        endpoint.drop_all()
        # parked again, for Go's goroutine dump (which ends the host)
        await park_on_host(host, endpoint, sessions, devices)
        figures.goroutines = await goroutines(host)
    return figures


# ---- the run ------------------------------------------------------------------------


def rows(runs: list[Parked]) -> list[list[Any]]:
    return [
        [
            f"{r.engine}, {r.sessions} sessions", r.processes, r.rss_mb,
            r.rss_kib_per_session, r.threads,
            r.goroutines if r.goroutines is not None else "-", r.pg_peak_while_starting,
            r.pg_connections, r.start_s, r.stop_s, r.loadavg_1m,
        ]
        for r in runs
    ]  # fmt: skip


async def main() -> None:
    count = env_int("BENCH_ENGINES_SESSIONS", 1000)
    small = env_int("BENCH_ENGINES_SMALL", 50)
    requests = env_int("BENCH_ENGINES_REQUESTS", 10000)
    window = env_int("BENCH_ENGINES_WINDOW", 16)
    load_start = round(os.getloadavg()[0], 2)
    runs = [
        await measure_host(small, requests, window, resume=False),
        await measure_host(count, requests, window, resume=False),
        await measure_host(count, requests, window, resume=True),
    ]
    table(
        "sessions parked in connect against a silent local endpoint",
        ["engine", "processes", "RSS MB", "KiB/session over idle", "threads", "goroutines",
         "PG peak starting", "PG conns parked", "start s", "stop s", "load 1m"],
        rows(runs),
    )  # fmt: skip
    table(
        f"CPU per request across the boundary: a text send to a parked session, refused "
        f"({runs[0].refused_with}); {requests} requests, client + host",
        ["engine", "CPU ms x1", "of which client", f"CPU ms x{window}", "of which client",
         "p50 µs x1", f"p50 µs x{window}", "health CPU ms x1", "send / health"],
        [[f"{r.engine}, {r.sessions} parked", r.cpu_ms_per_request["x1"],
          r.client_cpu_ms_per_request["x1"], r.cpu_ms_per_request[f"x{window}"],
          r.client_cpu_ms_per_request[f"x{window}"], r.p50_us["x1"], r.p50_us[f"x{window}"],
          r.cpu_ms_per_request[BASELINE],
          ratio(r.cpu_ms_per_request["x1"], r.cpu_ms_per_request[BASELINE])]
         for r in runs],
    )  # fmt: skip
    emit("engines", {"loadavg_1m_at_start": load_start, "runs": [asdict(r) for r in runs]})


if __name__ == "__main__":
    asyncio.run(main())
