"""The two whatsmeow engines side by side, in one run: neonize's worker processes (the
engine the connector runs today) and the Go engine host (`connector/enginehost/`, which
replaces it). No WhatsApp server exists here, so every session is parked: its connection
attempt waits on a local endpoint that accepts TCP and never answers.

- the host runs with its test socket (`-test-socket-addr`) at that endpoint: each
  session dials it as plain TCP and waits in its websocket's HTTP upgrade;
- neonize cannot be pointed at an address without patching it, so its workers get
  `HTTPS_PROXY` naming the same endpoint (whatsmeow takes its proxy from the
  environment, as `bench/whatsmeow_sessions.py` does): each session sends its proxy
  `CONNECT` there and waits for an answer that never comes. One held TCP connection and
  one waiting read per session in both.

Each engine parks pairings (new devices) and, apart, stored devices it resumes (rows
written into whatsmeow's device table, as `devstack.whatsmeow_pairing` does). For each
run: RSS summed over the engine's processes (the host; neonize's worker processes), their
OS threads (and the host's goroutines, from Go's SIGQUIT dump, which ends it), PostgreSQL
connections (`pg_stat_activity` of the database the bench creates for the engine: the
peak while starting, sampled every 50 ms, and once parked), the time to start the
sessions (every start answered and every connection held by the endpoint) and to stop
them (every stop answered; for neonize also until its workers and their connections are
gone), and the CPU of one request across the engine's boundary: a text send to a parked
session, which the engine refuses with `not_connected` once it has crossed (the host: a
JSON frame over its Unix socket, decoded and refused in Go; neonize: a pickled frame over
the worker's socketpair, the message built as a protobuf in the worker and refused
there). CPU seconds of the client (this process) plus the engine's processes, per
request, over BENCH_ENGINES_REQUESTS, one at a time and BENCH_ENGINES_WINDOW at a time.
That is the boundary's cost, not a send's: no send reaches a network.

The host is driven by a minimal client written here (length-prefixed JSON frames, as
docs/engine-host.md describes), neonize by the connector's own `WorkerEngineKind` in this
process, with its default 50 sessions a worker. neonize opens a PostgreSQL pool for every
session, so 1,000 neonize sessions would take more connections than the PostgreSQL this
bench shares allows: neonize parks BENCH_ENGINES_NEONIZE_SESSIONS pairings (50: one full
worker) and BENCH_ENGINES_NEONIZE_RESUMED stored devices (10), and its figures for 1,000
are the pairing worker's times 1000/50 (20 such workers, each a process of its own),
printed as a projection beside the measured rows. The host parks the same 50 (the
like-for-like row), then BENCH_ENGINES_SESSIONS pairings and as many stored devices.

Env: BENCH_ENGINES_SESSIONS (1000), BENCH_ENGINES_NEONIZE_SESSIONS (50),
BENCH_ENGINES_NEONIZE_RESUMED (10), BENCH_ENGINES_REQUESTS (10000),
BENCH_ENGINES_WINDOW (16). About 100 s at these sizes.
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
from connector.engine import EngineError, EngineEvent
from connector.engines.whatsmeow.go_environment import GO_ENVIRONMENT
from connector.engines.whatsmeow.workers import WorkerEngine, WorkerEngineKind
from devstack.stack import PG_ADMIN_URL, create_database, database_url, drop_database
from devstack.whatsmeow_pairing import store_device

HOST_BIN = ROOT / ".venv" / "bin" / "wagate-engine-host"
WORKER_SESSIONS = 50  # WAGATE_WHATSMEOW_WORKER_SESSIONS' default
NOBODY = "15550000000@s.whatsapp.net"  # the recipient of the refused sends
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


def children() -> list[int]:
    """This process's child processes (neonize's workers)."""
    pids: list[int] = []
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(FileNotFoundError):
            pids.extend(int(pid) for pid in (task / "children").read_text().split())
    return pids


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
    released_s: float | None = None  # stop → processes gone and connections closed
    pg_connections_after_stop: int = 0
    idle_rss_mb: float | None = None
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
) -> None:
    """`requests` calls of `one`, `window` at a time: CPU ms per call of this process
    and of the engine's, and the median call's wall time."""
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
    key = f"x{window}"
    figures.cpu_ms_per_request[key] = round((engine_s + client_s) / requests * 1000, 3)
    figures.client_cpu_ms_per_request[key] = round(client_s / requests * 1000, 3)
    figures.p50_us[key] = round(sorted(took)[len(took) // 2] * 1e6, 1)
    figures.refused_with = ",".join(sorted(codes))


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
        figures.pg_connections = await pg_connections(database)
        figures.loadavg_1m = round(os.getloadavg()[0], 2)

        async def send(i: int) -> str:
            reply = await host.client.request(
                "send", sessions[i % count], chat=NOBODY, message_id=f"bench{i}",
                content={"kind": "text", "text": "hello"},
            )  # fmt: skip
            return str(reply.get("error", {}).get("code", "answered"))

        for width in (1, window):
            await cpu_per_request(figures, lambda: [pid], requests, width, send)
        began = now()
        await host.client.all_of("stop", sessions)
        figures.stop_s = round(now() - began, 3)
        figures.pg_connections_after_stop = await pg_connections(database)
        endpoint.drop_all()
        # parked again, for Go's goroutine dump (which ends the host)
        await park_on_host(host, endpoint, sessions, devices)
        figures.goroutines = await goroutines(host)
    return figures


# ---- neonize's worker processes, through the connector's own WorkerEngineKind ---------


@contextlib.contextmanager
def worker_environment(proxy: str) -> Any:
    """The environment neonize's workers start with (Go reads only that): its proxy at
    the silent endpoint, and what the connector always sets."""
    saved = dict(os.environ)
    os.environ.update(GO_ENVIRONMENT)
    os.environ["HTTPS_PROXY"] = f"http://{proxy}"
    os.environ.pop("NO_PROXY", None)
    os.environ.pop("no_proxy", None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


async def park_neonize(
    engines: list[WorkerEngine], endpoint: SilentEndpoint, credentials: list[Any]
) -> float:
    """Start every engine (resuming its credentials, or pairing with None): seconds until
    every start returned and every attempt is held by the endpoint."""
    began = now()
    await asyncio.gather(*(e.start(c) for e, c in zip(engines, credentials, strict=True)))

    async def parked() -> bool:
        return len(endpoint.held) >= len(engines)

    await until(parked, f"{len(engines)} neonize sessions parked", timeout_s=180)
    return now() - began


async def neonize_devices(database: str, count: int) -> list[Any]:
    """`count` linked devices in neonize's store (its tables exist once a client made
    them): the credentials the connector would resume each with."""
    numbers = [f"4478{i:08d}" for i in range(count)]
    conn = await asyncpg.connect(database_url(database))
    try:
        for number in numbers:
            await store_device(conn, f"{number}:1@s.whatsapp.net")
    finally:
        await conn.close()
    return [{"user": number, "device": 1, "server": "s.whatsapp.net"} for number in numbers]


async def measure_neonize(
    database: str, count: int, requests: int, window: int, resume: bool
) -> Parked:
    """`count` neonize sessions parked: pairings (a pairing worker), or stored devices
    resumed (a shared worker, whose stop goes into Go)."""
    figures = Parked("neonize, stored devices" if resume else "neonize", count)
    events: list[EngineEvent] = []

    async def sink(event: EngineEvent) -> None:
        events.append(event)

    credentials = await neonize_devices(database, count) if resume else [None] * count
    async with silent_endpoint() as endpoint:
        with worker_environment(endpoint.address):
            kind = WorkerEngineKind(
                database_url(database), "whatsmeow", max_sessions=count,
                worker_sessions=WORKER_SESSIONS,
            )  # fmt: skip
            engines = [kind.create(f"bench-{i}", sink) for i in range(count)]
            async with peak_pg_connections(database) as peak:
                try:
                    parked_s = await park_neonize(engines, endpoint, credentials)
                except TimeoutError as e:
                    held, said = len(endpoint.held), events[:3]
                    raise TimeoutError(f"{e}: {held} held, sessions reported {said}") from e
        figures.start_s, figures.pg_peak_while_starting = round(parked_s, 2), peak[0]
        await asyncio.sleep(2)
        pids = children()
        figures.processes = len(pids)
        figures.rss_mb, figures.threads = rss_and_threads(pids)
        figures.pg_connections = await pg_connections(database)
        figures.loadavg_1m = round(os.getloadavg()[0], 2)

        async def send(i: int) -> str:
            try:
                await engines[i % count].send_text(NOBODY, "hello", f"bench{i}")
            except EngineError as e:
                return e.code
            return "answered"

        for width in (1, window):
            await cpu_per_request(figures, children, requests, width, send)
        assert not events, f"a parked neonize session reported {events[:3]}"
        figures.stop_s, figures.released_s = await stop_neonize(kind, engines, database)
        figures.pg_connections_after_stop = await pg_connections(database)
    return figures


async def stop_neonize(
    kind: WorkerEngineKind, engines: list[WorkerEngine], database: str
) -> tuple[float, float]:
    """Stop every engine: seconds until every stop returned, and until the workers are
    gone (a pairing worker ends WAGATE_WHATSMEOW_WORKER_IDLE after its last session) and
    their database connections with them."""
    began = now()
    await asyncio.gather(*(engine.stop() for engine in engines))
    stopped = now() - began

    async def released() -> bool:
        return not children() and await pg_connections(database) == 0

    await until(released, "neonize's workers gone")
    released_s = now() - began
    await kind.close()
    return round(stopped, 3), round(released_s, 2)


# ---- the run ------------------------------------------------------------------------


def projected(measured: Parked, count: int) -> dict[str, Any]:
    """neonize at `count` sessions: `count / measured.sessions` workers like the one
    measured (each worker is its own process with its own sessions and pools)."""
    scale = count / measured.sessions
    return {
        "sessions": count,
        "workers": round(measured.processes * scale),
        "rss_mb": round(measured.rss_mb * scale),
        "threads": round(measured.threads * scale),
        "pg_connections": round(measured.pg_connections * scale),
        # every worker's starts take turns through its own gate, all workers at once on
        # the same cores: no faster than the one measured
        "start_s_at_least": measured.start_s,
    }


def rows(runs: list[Parked], neonize_1000: dict[str, Any]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for r in runs:
        out.append([
            f"{r.engine}, {r.sessions} sessions", r.processes, r.rss_mb,
            round(r.rss_mb * 1024 / r.sessions, 1), r.threads,
            r.goroutines if r.goroutines is not None else "-", r.pg_peak_while_starting,
            r.pg_connections, r.start_s, r.stop_s, "-" if r.released_s is None else r.released_s,
            r.loadavg_1m,
        ])  # fmt: skip
    n = neonize_1000
    out.append([
        f"neonize, {n['sessions']} sessions (projected: {n['workers']} workers like the one above)",
        n["workers"], n["rss_mb"], round(n["rss_mb"] * 1024 / n["sessions"], 1), n["threads"],
        "-", "", n["pg_connections"], f">= {n['start_s_at_least']}", "", "", "",
    ])  # fmt: skip
    return out


async def main() -> None:
    count = env_int("BENCH_ENGINES_SESSIONS", 1000)
    neonize_count = env_int("BENCH_ENGINES_NEONIZE_SESSIONS", WORKER_SESSIONS)
    resumed = env_int("BENCH_ENGINES_NEONIZE_RESUMED", 10)
    requests = env_int("BENCH_ENGINES_REQUESTS", 10000)
    window = env_int("BENCH_ENGINES_WINDOW", 16)
    load_start = round(os.getloadavg()[0], 2)
    async with fresh_database() as database:  # neonize's tables, made by the first run
        neonize = await measure_neonize(database, neonize_count, requests, window, False)
        neonize_resumed = await measure_neonize(database, resumed, requests, window, True)
    host_same = await measure_host(neonize_count, requests, window, resume=False)
    host = await measure_host(count, requests, window, resume=False)
    host_resumed = await measure_host(count, requests, window, resume=True)
    runs = [neonize, neonize_resumed, host_same, host, host_resumed]
    neonize_1000 = projected(neonize, count)
    table(
        "sessions parked in connect against a silent local endpoint",
        ["engine", "processes", "RSS MB", "RSS KiB/session", "threads", "goroutines",
         "PG peak starting", "PG conns parked", "start s", "stop s", "released s", "load 1m"],
        rows(runs, neonize_1000),
    )  # fmt: skip
    table(
        f"CPU per request across the boundary: a text send to a parked session, refused "
        f"({neonize.refused_with}); {requests} requests, client + engine",
        ["engine", "CPU ms x1", "of which client", f"CPU ms x{window}", "of which client",
         "p50 µs x1", f"p50 µs x{window}"],
        [[f"{r.engine}, {r.sessions} parked", r.cpu_ms_per_request["x1"],
          r.client_cpu_ms_per_request["x1"], r.cpu_ms_per_request[f"x{window}"],
          r.client_cpu_ms_per_request[f"x{window}"], r.p50_us["x1"], r.p50_us[f"x{window}"]]
         for r in runs],
    )  # fmt: skip
    emit(
        "engines",
        {
            "loadavg_1m_at_start": load_start,
            "runs": [asdict(r) for r in runs],
            "neonize_projected": neonize_1000,
            "ratio_rss_host_vs_neonize_same_sessions": ratio(host_same.rss_mb, neonize.rss_mb),
            "ratio_cpu_per_request_host_vs_neonize": ratio(
                host.cpu_ms_per_request["x1"], neonize.cpu_ms_per_request["x1"]
            ),
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
