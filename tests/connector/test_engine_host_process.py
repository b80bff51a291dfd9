"""The whatsmeow engine's adapter against the REAL engine host binary (`make install`
builds it): host processes started, supervised, restarted and ended, sessions started
and stopped, requests answered or refused, never hung. WhatsApp is a local TCP endpoint
the test controls (the host's test-only socket setting): it stalls, refuses, or hangs up.
None of these log in (docs/engine-host.md: no local WhatsApp server yet)."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import os
import signal
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Literal

import asyncpg
import pytest

from connector.engine import (
    Attachment,
    Disconnected,
    DisconnectReason,
    EngineError,
    LoggedOut,
    OutgoingMedia,
)
from connector.engines.host.messages import CheckNumbers, Request
from devstack.process_sockets import local_ports
from devstack.proxy_server import ProxyServer, proxy_server
from devstack.stack import create_database, database_url, free_port, release_database
from devstack.waiting import until
from devstack.whatsmeow_pairing import store_device
from tests.connector.engine_host_support import (
    SCHEMA,
    Endpoint,
    Recorder,
    alive,
    closing,
    environment_of,
    host_kind,
    the_binary,
)
from wagate.content import Text


@pytest.fixture(scope="module")
async def database() -> AsyncIterator[str]:
    name = await create_database()
    try:
        yield database_url(name)
    finally:
        await release_database(name)


def disconnects(recorder: Recorder, tenant: str) -> list[Disconnected]:
    return [e for e in recorder.events[tenant] if isinstance(e, Disconnected)]


async def test_fifty_sessions_parked_in_connect_all_stop_promptly(database: str) -> None:
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        engines = [kind.create(f"t{i}", recorder.sink(f"t{i}")) for i in range(50)]
        await asyncio.gather(*(engine.start(None) for engine in engines))
        await endpoint.wait_accepted(50)  # every session waits in its websocket upgrade
        assert (kind.sessions, kind.hosts) == (50, 1)

        started = time.monotonic()
        await asyncio.gather(*(engine.stop() for engine in engines))
        assert time.monotonic() - started < 5
        await endpoint.wait_closed(50, timeout_s=5)  # each stalled connect was cancelled
        assert kind.sessions == 0
        assert not any(recorder.events.values())  # a stop reports nothing


async def test_a_second_host_starts_when_the_first_is_full(database: str) -> None:
    async with (
        Endpoint("stall") as endpoint,
        closing(host_kind(database, endpoint, per_host=3)) as kind,
    ):
        recorder = Recorder()
        engines = [kind.create(f"t{i}", recorder.sink(f"t{i}")) for i in range(5)]
        await asyncio.gather(*(engine.start(None) for engine in engines))
        await endpoint.wait_accepted(5)
        assert [len(host.sessions) for host in kind.pool.hosts] == [3, 2]
        assert len({host.pid for host in kind.pool.hosts}) == 2
        await asyncio.gather(*(engine.stop() for engine in engines))


@pytest.mark.parametrize("mode", ["refused", "close"])
async def test_a_connect_that_fails_is_the_sessions_connect_failed(
    database: str, mode: str
) -> None:
    async with Endpoint(mode) as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        engines = [kind.create(f"t{i}", recorder.sink(f"t{i}")) for i in range(3)]
        await asyncio.gather(*(engine.start(None) for engine in engines))
        await recorder.wait(lambda: all(recorder.events[f"t{i}"] for i in range(3)))
        for i in range(3):
            (event,) = recorder.events[f"t{i}"]
            assert isinstance(event, Disconnected)
            assert event.reason is DisconnectReason.CONNECT_FAILED, event
        # the host's session is over: it no longer counts against the host's room
        await until(lambda: _true(kind.sessions == 0), "sessions released")
        await asyncio.gather(*(engine.stop() for engine in engines))


async def _true(value: bool) -> bool:
    return value


@pytest.fixture(scope="module")
def proxy() -> Iterator[ProxyServer]:
    with proxy_server() as server:
        yield server


@pytest.mark.parametrize("scheme", ["socks5", "http"])
async def test_a_session_behind_a_tenant_proxy_arrives_from_the_proxy(
    database: str, proxy: ProxyServer, scheme: str
) -> None:
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        engine = kind.create("t-proxied", Recorder().sink("t-proxied"))
        await engine.start(None, proxy=proxy.url(scheme))
        await endpoint.wait_accepted(1)
        # "WhatsApp" was reached from a socket of the proxy process, not the host's
        assert endpoint.peers[0] in local_ports(proxy.pid)
        await engine.stop()


@pytest.mark.parametrize(
    ("scheme", "password", "reason"),
    [
        ("socks5", "wrong", DisconnectReason.PROXY_AUTH_FAILED),
        ("http", "wrong", DisconnectReason.PROXY_AUTH_FAILED),
        ("socks5", None, DisconnectReason.PROXY_UNREACHABLE),
    ],
)
async def test_a_tenant_proxy_that_fails_is_its_reason_and_nothing_goes_direct(
    database: str,
    proxy: ProxyServer,
    scheme: str,
    password: str | None,
    reason: DisconnectReason,
) -> None:
    url = proxy.url(scheme, password) if password else f"{scheme}://u:p@127.0.0.1:{free_port()}"
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        engine = kind.create("t-failing", recorder.sink("t-failing"))
        await engine.start(None, proxy=url)
        await recorder.wait(lambda: bool(disconnects(recorder, "t-failing")))
        assert disconnects(recorder, "t-failing")[0].reason is reason
        assert endpoint.accepted == 0  # never a direct connection in its place
        await engine.stop()


# Go's runtime answers SIGABRT as it answers a crash: a goroutine dump and status 2
@pytest.mark.parametrize(
    ("how", "said"),
    [(signal.SIGKILL, "killed by SIGKILL"), (signal.SIGABRT, "exited with status 2")],
)
async def test_how_a_host_ended_is_said_as_the_kernel_reports_it(
    database: str, how: signal.Signals, said: str
) -> None:
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        engine = kind.create("t", Recorder().sink("t"))
        await engine.start(None)
        await endpoint.wait_accepted(1)
        (host,) = kind.pool.hosts
        assert host.pid is not None
        os.kill(host.pid, how)
        await until(lambda: _true(kind.deaths == 1), "the host's end seen")
        assert host.last_end == said
        await engine.stop()


async def test_a_killed_host_disconnects_its_sessions_and_is_restarted(database: str) -> None:
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        engines = [kind.create(f"t{i}", recorder.sink(f"t{i}")) for i in range(10)]
        await asyncio.gather(*(engine.start(None) for engine in engines))
        await endpoint.wait_accepted(10)
        (host,) = kind.pool.hosts
        killed = host.pid
        assert killed is not None
        os.kill(killed, signal.SIGKILL)

        await recorder.wait(lambda: all(disconnects(recorder, f"t{i}") for i in range(10)))
        for i in range(10):
            (lost,) = disconnects(recorder, f"t{i}")
            assert lost.reason is DisconnectReason.CONNECTION_LOST
        await until(lambda: _true(host.pid != killed and host.connection is not None), "restart")
        assert not alive(killed) and host.pid is not None and alive(host.pid)
        assert kind.deaths == 1 and kind.sessions == 0

        # what each session's reconnect does: a new engine, started again, on the new host
        again = [kind.create(f"t{i}", recorder.sink(f"t{i}")) for i in range(10)]
        await asyncio.gather(*(engine.start(None) for engine in again))
        await endpoint.wait_accepted(20)
        assert kind.sessions == 10
        await asyncio.gather(*(engine.stop() for engine in [*engines, *again]))


async def test_the_client_keeps_to_the_hosts_window_and_events_flow_meanwhile(
    database: str,
) -> None:
    async with (
        Endpoint("close") as endpoint,
        closing(host_kind(database, endpoint, WAGATE_ENGINE_HOST_MAX_IN_FLIGHT="2")) as kind,
    ):
        recorder = Recorder()
        connection = await kind.place("probe")
        assert connection is not None and connection.max_in_flight == 2
        flood = [
            asyncio.ensure_future(
                connection.request(CheckNumbers(session="nobody", phones=["1"]), 30)
            )
            for _ in range(300)
        ]
        engines = [kind.create(f"t{i}", recorder.sink(f"t{i}")) for i in range(10)]
        await asyncio.gather(*(engine.start(None) for engine in engines))
        await recorder.wait(lambda: all(disconnects(recorder, f"t{i}") for i in range(10)))
        replies = await asyncio.gather(*flood)
        assert {reply.error.code for reply in replies if reply.error} == {"not_running"}
        assert len(replies) == 300
        assert connection.peak_in_flight == 2 and connection.in_flight == 0
        kind.release("probe")


class LIDLookup(Request):
    type: Literal["lid_lookup"] = "lid_lookup"
    jids: list[str]


async def test_one_sessions_hung_requests_leave_the_hosts_other_sessions_served(
    database: str,
) -> None:
    """A session whose requests hang (here: lookups blocked on a table lock held by the
    test, as sends hung at WhatsApp would be) holds no more than its own cap of the
    host's window; another session's request on that host still goes out at once."""
    async with (
        Endpoint("stall") as endpoint,
        closing(
            host_kind(database, endpoint, session_in_flight=2, WAGATE_ENGINE_HOST_MAX_IN_FLIGHT="4")
        ) as kind,
    ):
        recorder = Recorder()
        stuck = kind.create("stuck", recorder.sink("s"))
        other = kind.create("o", recorder.sink("o"))
        await other.start(None)  # a host runs: whatsmeow's tables exist
        lock = await asyncpg.connect(database)
        await store_device(lock, "447700900555:4@s.whatsapp.net", schema=SCHEMA)
        await stuck.start({"user": "447700900555", "device": 4, "server": "s.whatsapp.net"})
        await endpoint.wait_accepted(2)
        connection = await kind.place("probe")
        assert connection is not None and connection.max_in_flight == 4
        transaction = lock.transaction()
        await transaction.start()
        await lock.execute(f"LOCK TABLE {SCHEMA}.whatsmeow_lid_map IN ACCESS EXCLUSIVE MODE")
        hung = [
            asyncio.ensure_future(
                connection.request(LIDLookup(session=stuck.session, jids=[f"{i}@lid"]), 60)
            )
            for i in range(6)
        ]

        async def stuck_waiting() -> bool:
            return connection.in_flight >= 2

        await until(stuck_waiting, "the stuck session's lookups at the host")
        started = time.monotonic()
        answered = await connection.request(CheckNumbers(session=other.session, phones=["1"]), 5)
        assert answered.error is not None and answered.error.code == "not_connected"
        assert time.monotonic() - started < 2
        assert not any(request.done() for request in hung)
        assert connection.in_flight_of[stuck.session] == 2  # its cap; the rest wait
        await transaction.rollback()
        await lock.close()
        assert all(reply.error is None for reply in await asyncio.gather(*hung))
        assert connection.peak_in_flight <= 3 and connection.in_flight == 0
        kind.release("probe")
        await asyncio.gather(stuck.stop(), other.stop())


async def test_close_ends_every_host_process(database: str) -> None:
    async with Endpoint("stall") as endpoint:
        kind = host_kind(database, endpoint, per_host=2)
        recorder = Recorder()
        engines = [kind.create(f"t{i}", recorder.sink(f"t{i}")) for i in range(4)]
        await asyncio.gather(*(engine.start(None) for engine in engines))
        await endpoint.wait_accepted(4)
        pids = [host.pid for host in kind.pool.hosts]
        directories = [host.directory for host in kind.pool.hosts]
        assert len(pids) == 2 and all(pid is not None and alive(pid) for pid in pids)
        await asyncio.gather(*(engine.stop() for engine in engines))
        await kind.close()
        assert not any(pid is not None and alive(pid) for pid in pids)
        assert not any(directory.exists() for directory in directories)


async def test_requests_to_a_session_not_logged_in_are_refused_not_hung(database: str) -> None:
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        engine = kind.create("t", recorder.sink("t"))
        with pytest.raises(EngineError) as never_started:
            await engine.send("447700900123", Text("hello"), "3EB0AA")
        assert never_started.value.code == "session_not_connected"

        await engine.start(None)
        await endpoint.wait_accepted(1)
        started = time.monotonic()
        for call in (
            engine.send("447700900123", Text("hello"), "3EB0AB"),
            engine.check_numbers(["447700900123"]),
            engine.mark_read("447700900123", "447700900123", ["3EB0AC"]),
        ):
            with pytest.raises(EngineError) as refused:
                await call
            assert refused.value.code == "session_not_connected"
        assert time.monotonic() - started < 5
        await engine.stop()


async def test_a_request_over_the_frame_limit_is_refused_and_the_socket_goes_on(
    database: str,
) -> None:
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        engine = kind.create("t", recorder.sink("t"))
        await engine.start(None)
        with pytest.raises(EngineError) as too_large:
            await engine.send("447700900123", Text("x" * (1 << 20)), "3EB0AD")
        assert too_large.value.code == "body_too_large"
        with pytest.raises(EngineError) as after:  # the connection still answers
            await engine.send("447700900123", Text("small"), "3EB0AE")
        assert after.value.code == "session_not_connected"
        assert kind.deaths == 0
        await engine.stop()


async def test_a_broken_socket_is_a_lost_host_restarted(database: str) -> None:
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        engine = kind.create("t", recorder.sink("t"))
        await engine.start(None)
        await endpoint.wait_accepted(1)
        (host,) = kind.pool.hosts
        first, connection = host.pid, host.connection
        assert first is not None and connection is not None
        connection.abort()  # the socket breaks; the process itself runs on
        await recorder.wait(lambda: bool(disconnects(recorder, "t")))
        assert disconnects(recorder, "t")[0].reason is DisconnectReason.CONNECTION_LOST
        await until(lambda: _true(host.pid != first and host.connection is not None), "restart")
        assert not alive(first)  # the old process was ended, not left beside the new one


async def test_a_missing_binary_is_the_sessions_connect_failed_saying_so(database: str) -> None:
    async with Endpoint("stall") as endpoint:
        kind = host_kind(database, endpoint)
        kind.pool.settings = dataclasses.replace(kind.pool.settings, binary="/nonexistent/host")
        kind.start_wait_s = 0.5
        async with closing(kind):
            recorder = Recorder()
            await kind.create("t", recorder.sink("t")).start(None)
            (failed,) = recorder.events["t"]
            assert isinstance(failed, Disconnected)
            assert failed.reason is DisconnectReason.CONNECT_FAILED
            assert "/nonexistent/host" in failed.detail


async def test_media_files_are_checked_and_deleted_after_the_request(database: str) -> None:
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        engine = kind.create("t", recorder.sink("t"))
        await engine.start(None)
        (host,) = kind.pool.hosts
        data = b"%PDF-1.4 test"
        good = OutgoingMedia("document", "application/pdf", len(data), sha256_hex(data))
        with pytest.raises(EngineError) as refused:  # not logged in: read, then refused
            await engine.send("447700900123", Attachment(good, Bytes(data)), "3EB0AF")
        assert refused.value.code == "session_not_connected"
        wrong = dataclasses.replace(good, sha256="00" * 32)
        with pytest.raises(EngineError) as corrupt:
            await engine.send("447700900123", Attachment(wrong, Bytes(data)), "3EB0B0")
        assert corrupt.value.code == "media_corrupt"
        ref = {"kind": "image", "direct_path": "/v/x", "media_key": "a2V5",
               "file_sha256": "aGFzaA==", "file_enc_sha256": "ZW5j", "size_bytes": 3}  # fmt: skip
        with pytest.raises(EngineError) as not_in:
            async for _ in engine.download_media(ref):
                pass
        assert not_in.value.code == "session_not_connected"
        assert list(host.media_dir.iterdir()) == []  # every file deleted
        await engine.stop()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.size_bytes = len(data)

    async def chunks(self) -> AsyncIterator[bytes]:
        yield self.data[:4]
        yield self.data[4:]


async def test_a_health_check_of_a_session_still_connecting_answers_at_once(
    database: str,
) -> None:
    """`health` is answered from what the host knows, with no round trip: a session whose
    connect hangs (a silent network) is simply not connected, and the check must not wait
    for the connect (each waiting check would hold one of the host's request slots)."""
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        engine = kind.create("t", recorder.sink("t"))
        await engine.start(None)
        await endpoint.wait_accepted(1)
        started = time.monotonic()
        with pytest.raises(EngineError) as unhealthy:
            await engine.ping(10)
        assert time.monotonic() - started < 2, unhealthy.value
        await engine.stop()


async def test_the_hosts_reach_whatsapp_through_the_connectors_proxy(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy in the connector's environment is the hosts' too (their environment is
    otherwise their own): the websocket goes to the proxy, which here just stalls."""
    async with Endpoint("stall") as proxy:
        monkeypatch.setenv("HTTPS_PROXY", f"http://{proxy.address}")
        monkeypatch.setenv("WAGATE_CREDENTIALS_KEYS", "a secret the host must not see")
        async with closing(host_kind(database, None)) as kind:
            recorder = Recorder()
            engine = kind.create("t", recorder.sink("t"))
            await engine.start(None)
            await proxy.wait_accepted(1)
            (host,) = kind.pool.hosts
            assert host.pid is not None
            environment = environment_of(host.pid)
            assert f"HTTPS_PROXY=http://{proxy.address}".encode() in environment
            assert not any(line.startswith(b"WAGATE_CREDENTIALS") for line in environment)
            await engine.stop()


async def test_a_stop_while_the_start_waits_for_its_host_starts_nothing_there(
    database: str, tmp_path: Path
) -> None:
    slow = tmp_path / "slow-host"  # a host that takes a while to start listening
    slow.write_text(f'#!/bin/sh\nsleep 1\nexec {the_binary()} "$@"\n')
    slow.chmod(0o755)
    async with Endpoint("stall") as endpoint:
        kind = host_kind(database, endpoint)
        kind.pool.settings = dataclasses.replace(kind.pool.settings, binary=str(slow))
        async with closing(kind):
            recorder = Recorder()
            engine = kind.create("t", recorder.sink("t"))
            starting = asyncio.create_task(engine.start(None))
            await until(lambda: _true(kind.sessions == 1), "the session placed")
            await engine.stop()  # while the host is still starting
            await starting
            assert kind.sessions == 0
            connection = await kind.pool.hosts[0].ready(10)
            assert connection is not None
            # the host has no such session: the stop found nothing running
            reply = await connection.request(Request(type="stop", session=engine.session), 5)
            assert reply.error is not None and reply.error.code == "not_running"
            assert endpoint.accepted == 0 and recorder.events["t"] == []


async def test_a_pairing_code_that_cannot_come_is_refused_at_once(database: str) -> None:
    async with Endpoint("close") as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        engine = kind.create("t", recorder.sink("t"))
        started = time.monotonic()
        with pytest.raises(EngineError) as refused:  # its connect fails: no code comes
            await engine.request_pairing_code("447700900123")
        assert refused.value.code == "session_not_connected"
        assert time.monotonic() - started < 10  # not the 30 s wait for a code
        (failed,) = disconnects(recorder, "t")
        assert failed.reason is DisconnectReason.CONNECT_FAILED
        await engine.stop()


async def test_a_device_linked_before_the_host_resumes_from_its_stored_credentials(
    database: str,
) -> None:
    """Credentials as wagate's earlier engine sealed them (`user`, `device`, `server`) and
    whatsmeow's row for that device in the same schema: the host resumes it, while
    credentials naming a device the store lacks are a logout."""
    async with Endpoint("stall") as endpoint, closing(host_kind(database, endpoint)) as kind:
        recorder = Recorder()
        first = kind.create("t-first", recorder.sink("t-first"))
        await first.start(None)  # a host runs: whatsmeow's tables exist
        await endpoint.wait_accepted(1)
        await first.stop()
        connection = await asyncpg.connect(database)
        try:
            await store_device(connection, "447700900777:3@s.whatsapp.net", schema=SCHEMA)
        finally:
            await connection.close()
        linked = kind.create("t-linked", recorder.sink("t-linked"))
        await linked.start({"user": "447700900777", "device": 3, "server": "s.whatsapp.net"})
        await endpoint.wait_accepted(2)  # it connects with the stored device's keys
        gone = kind.create("t-gone", recorder.sink("t-gone"))
        await gone.start({"user": "447700900778", "device": 3, "server": "s.whatsapp.net"})
        await recorder.wait(lambda: bool(recorder.events["t-gone"]))
        assert recorder.events["t-gone"] == [LoggedOut("device_missing")]
        assert not recorder.events["t-linked"]
        await asyncio.gather(linked.stop(), gone.stop())
