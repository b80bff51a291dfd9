"""The connector core in-process: Session and SessionPool on a fake engine, store,
publisher and clock. Every path of the state machine, with no sockets, database or real
waiting, so each test takes milliseconds."""

from __future__ import annotations

import asyncio
import random
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg
import pytest

from connector.commands import CommandHandler
from connector.engine import (
    NO_RETRY,
    RATE_OVERLIMIT,
    Connected,
    Disconnected,
    DisconnectReason,
    EngineError,
    IncomingMessage,
    LoggedOut,
    Paired,
    PairingExpired,
    QrCode,
    Receipt,
)
from connector.health import HealthMonitor
from connector.reconnect import Backoff
from connector.session import SessionConfig
from connector.store import StoredSession
from tests.core_fakes import WAIT_S, Core, FakeEngine, settle
from wagate import bus
from wagate.bus import Command, HealthCheck, SessionView
from wagate.content import Text
from wagate.session_states import SessionState

PHONE = "79001234567"
FRIEND = "79005550123"
RETRIED = [r for r in DisconnectReason if r not in NO_RETRY]


def stored(tenant_id: str, state: str, *, wanted: bool = True, creds: bool = True) -> StoredSession:
    return StoredSession(
        tenant_id=tenant_id,
        state=state,
        reason=None,
        state_changed_at=datetime(2025, 12, 31, tzinfo=UTC),
        phone=PHONE,
        engine="fake",
        reconnect_attempts=0,
        wanted=wanted,
        has_credentials=creds,
    )


# ---- pairing --------------------------------------------------------------------------


async def test_pairing_walks_qr_paired_connected() -> None:
    core = Core()
    session = core.session("c-pair")
    await session.start()
    engine = core.kind.latest
    assert session.state is SessionState.STARTING and engine.credentials is None
    await engine.emit(QrCode("qr-1"))
    await engine.emit(QrCode("qr-2"))  # a fresh QR is published again, in the same state
    assert session.snapshot().qr == "qr-2"
    assert await session.request_pairing_code("79005550123") == "CODE-0123"
    await engine.emit(Paired(PHONE, {"keys": "k"}))
    await engine.emit(Connected(PHONE))
    assert session.state is SessionState.CONNECTED
    assert replace(session.snapshot(), since=None) == SessionView(
        tenant_id="c-pair",
        state="connected",
        phone=PHONE,
        reason=None,
        since=None,
        reconnect_attempts=0,
        qr=None,
        engine="fake",
    )
    assert core.store.credentials["c-pair"] == {"keys": "k"}
    assert core.publisher.types("c-pair") == ["state", "qr", "qr", "connected"]
    # every transition is stored with its time from the injected clock
    assert core.store.rows["c-pair"] == ("connected", None, core.clock.now(), PHONE, 0)
    with pytest.raises(EngineError) as refused:
        await session.request_pairing_code("79005550123")
    assert refused.value.code == "not_pairing"


async def test_start_is_idempotent_while_running() -> None:
    core = Core()
    session = await core.connected("c-idem")
    await session.start()
    assert len(core.kind.engines) == 1 and not core.kind.latest.stopped


async def test_qr_expiry_stops_the_session() -> None:
    core = Core()
    session = core.session("c-qrexp")
    await session.start()
    engine = core.kind.latest
    await engine.emit(QrCode("qr-1"))
    await engine.emit(PairingExpired())
    assert (session.state, session.reason) == (SessionState.STOPPED, "qr_expired")
    assert engine.stopped and session.snapshot().qr is None
    await core.clock.advance(3600)
    assert len(core.kind.engines) == 1  # nothing reconnects a pairing nobody finished


async def test_events_of_a_replaced_connection_are_ignored() -> None:
    core = Core()
    session = await core.connected("c-gen")
    old = core.kind.latest
    await session.restart()
    await core.kind.latest.emit(Connected(PHONE))
    await old.emit(Disconnected(DisconnectReason.CONNECTION_LOST, "late"))
    await old.emit(LoggedOut("late"))
    await settle()
    assert session.state is SessionState.CONNECTED and "c-gen" in core.store.credentials
    assert core.clock.sleeping == 0


# ---- disconnects, backoff, give-up ----------------------------------------------------


@pytest.mark.parametrize("reason", RETRIED, ids=lambda r: r.value)
async def test_retried_disconnect_reconnects_after_backoff(reason: DisconnectReason) -> None:
    core = Core()
    session = await core.connected("c-retry")
    first = core.kind.latest
    await first.emit(Disconnected(reason, "gone"))
    await settle()
    assert first.stopped and session.state is SessionState.RECONNECTING
    assert session.reason == reason.value and session.reconnect_attempts == 1
    events = core.publisher.of("c-retry")
    assert [e.type.value for e in events[-2:]] == ["disconnected", "reconnecting"]
    assert events[-2].data["detail"] == "gone"
    immediate = reason is DisconnectReason.RESTART_REQUIRED
    assert events[-1].data["delaySeconds"] == (0.0 if immediate else 1.0)
    if not immediate:
        assert len(core.kind.engines) == 1  # still waiting out the backoff
        await core.clock.advance(0.999)
        assert len(core.kind.engines) == 1
        await core.clock.advance(0.001)
    assert len(core.kind.engines) == 2 and core.kind.latest.credentials == {"keys": "c-retry"}
    await core.kind.latest.emit(Connected(PHONE))
    assert session.state is SessionState.CONNECTED
    assert core.metrics.errors.labels(reason.value)._value.get() == 1


@pytest.mark.parametrize("reason", sorted(NO_RETRY), ids=lambda r: r.value)
async def test_final_disconnect_fails_without_retrying(reason: DisconnectReason) -> None:
    core = Core()
    session = await core.connected("c-final")
    engine = core.kind.latest
    await engine.emit(Disconnected(reason, "refused", until_ms=1_767_312_000_000))
    assert (session.state, session.reason) == (SessionState.FAILED, reason.value)
    assert engine.stopped
    failed = core.publisher.of("c-final")[-1]
    assert failed.type.value == "state"
    assert failed.data["detail"] == "refused" and failed.data["until"].startswith("2026-01-02")
    await core.clock.advance(3600)
    assert len(core.kind.engines) == 1
    # only a temporary ban is waited out, to its end (tests/connector/test_session_restrictions.py)
    assert core.clock.sleeping == (1 if reason is DisconnectReason.TEMPORARY_BAN else 0)


async def test_backoff_doubles_to_its_cap() -> None:
    core = Core()
    session = await core.connected("c-cap")

    for _ in range(6):
        await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECT_FAILED))
        await settle()
        await core.clock.advance(core.clock.slept[-1])
    # base 1 s, cap 10 s, and a random source that draws the top of each range
    assert core.clock.slept == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    delays = [
        e.data["delaySeconds"] for e in core.publisher.of("c-cap") if e.type == "reconnecting"
    ]
    assert delays == core.clock.slept
    assert session.reconnect_attempts == 6 and len(core.kind.engines) == 7


async def test_backoff_is_full_jitter_from_the_injected_random_source() -> None:
    bounded = Backoff(1.0, 10.0, rng=random.Random(15))
    replay = random.Random(15)
    delays = [bounded.delay(n) for n in range(1, 9)]
    assert delays == [replay.uniform(0, min(10.0, 2.0 ** (n - 1))) for n in range(1, 9)]
    assert all(0 <= d <= bounded.bound(n) for n, d in zip(range(1, 9), delays, strict=True))


async def test_gives_up_after_max_attempts() -> None:
    core = Core()
    core.config = SessionConfig(backoff=core.config.backoff, max_reconnect_attempts=3)
    session = await core.connected("c-giveup")
    for _ in range(3):
        await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECTION_LOST, "down"))
        await settle()
        await core.clock.advance(core.clock.slept[-1])
    assert session.state is SessionState.RECONNECTING and len(core.kind.engines) == 4
    await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECT_FAILED, "still down"))
    await settle()
    assert (session.state, session.reason) == (SessionState.FAILED, "reconnect_failed")
    last = core.publisher.of("c-giveup")[-1]
    assert last.type == "reconnect_failed"
    assert last.data == {
        "state": "failed",
        "previous": "reconnecting",
        "reason": "reconnect_failed",
        "attempts": 3,
        "lastReason": "connect_failed",
    }
    await core.clock.advance(3600)
    assert len(core.kind.engines) == 4


async def test_attempts_restart_from_one_only_after_a_stable_connection() -> None:
    core = Core()
    session = await core.connected("c-stable")

    async def drop_and_reconnect() -> int:
        await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECTION_LOST))
        await settle()
        attempt = session.reconnect_attempts
        await core.clock.advance(core.clock.slept[-1])
        await core.kind.latest.emit(Connected(PHONE))
        return attempt

    await core.clock.advance(60)  # the first connection was stable
    assert await drop_and_reconnect() == 1
    await core.clock.advance(59.9)  # dropped again before it counted as stable
    assert await drop_and_reconnect() == 2
    await core.clock.advance(59.9)
    assert await drop_and_reconnect() == 3
    await core.clock.advance(60)
    assert await drop_and_reconnect() == 1


async def test_two_drops_at_once_make_one_reconnect() -> None:
    core = Core()
    session = await core.connected("c-once")
    engine = core.kind.latest
    await engine.emit(Disconnected(DisconnectReason.CONNECTION_LOST))
    await engine.emit(Disconnected(DisconnectReason.HEALTH_CHECK_FAILED))
    await session.health_failed("late check")  # not connected any more: ignored
    await settle()
    assert core.clock.sleeping == 1 and session.reconnect_attempts == 1
    assert core.publisher.types("c-once").count("reconnecting") == 1


# ---- health -------------------------------------------------------------------------


async def test_health_check_reports_and_ages_on_the_clock() -> None:
    core = Core()
    session = await core.connected("c-health")
    result = await session.check_health(1.0)
    assert result == HealthCheck(True, "2026-01-01T00:16:40.000Z", latency_ms=12.0)
    await core.clock.advance(4.5)
    report = session.health_report(max_age_s=5)
    assert report is not None and report.age_s == 4.5
    await core.clock.advance(0.6)
    assert session.health_report(max_age_s=5) is None


async def test_failed_health_check_reconnects() -> None:
    core = Core()
    pool = core.pool()
    session = await pool.initialize("c-ping")
    await core.kind.latest.emit(Connected(PHONE))
    healthy = await pool.initialize("c-fine")
    await core.kind.latest.emit(Connected(PHONE))
    core.kind.engines[0].ping_error = EngineError("timeout", "no answer in 1s")
    monitor = HealthMonitor(pool, interval_s=30, timeout_s=1, clock=core.clock)
    round_ = asyncio.create_task(monitor.paced_round())
    await settle()
    await core.clock.advance(30)
    await asyncio.wait_for(round_, WAIT_S)
    await settle()
    assert session.state is SessionState.RECONNECTING
    assert session.reason == "health_check_failed" and core.kind.engines[0].stopped
    assert core.publisher.of("c-ping")[-3].data == {"reason": "no answer in 1s"}
    assert core.publisher.of("c-ping")[-3].type == "health_check_failed"
    assert healthy.state is SessionState.CONNECTED
    assert core.metrics.health_check_failures._value.get() == 1


async def test_health_checks_are_spread_over_the_interval() -> None:
    """Thousands of sessions checked at once every interval would be a herd of round
    trips; a round paces them evenly, each session once."""
    core = Core()
    pool = core.pool()
    for tenant in ("p-1", "p-2", "p-3"):
        await pool.initialize(tenant)
        await core.kind.latest.emit(Connected(PHONE))
    monitor = HealthMonitor(pool, interval_s=30, timeout_s=1, clock=core.clock)
    round_ = asyncio.create_task(monitor.paced_round())
    await settle()  # the round has begun at this time
    pings = [0]
    for _ in range(3):
        await core.clock.advance(10)
        pings.append(sum(e.pings for e in core.kind.engines))
    await asyncio.wait_for(round_, WAIT_S)
    assert pings == [0, 1, 2, 3]
    assert [e.pings for e in core.kind.engines] == [1, 1, 1]


async def test_a_health_failure_committed_as_the_session_logs_out_never_reconnects() -> None:
    """The failure is committed (a database write) before the reconnect is scheduled; a
    logout that comes in that moment wins: the session stays logged out."""
    core = Core()
    session = await core.connected("c-race")
    committing = asyncio.Event()
    core.publisher.hold["health_check_failed"] = committing
    failing = asyncio.create_task(session.health_failed("no answer in 1s"))
    await settle()
    logging_out = asyncio.create_task(session.logout())
    await settle()
    committing.set()
    await asyncio.gather(failing, logging_out)
    await settle()
    await core.clock.advance(3600)
    assert (session.state, session.reason) == (SessionState.LOGGED_OUT, "logged_out_by_request")
    assert "reconnecting" not in core.publisher.types("c-race")
    assert len(core.kind.engines) == 1 and core.clock.sleeping == 0


# ---- logout, stop, restart ------------------------------------------------------------


async def test_logout_from_the_phone_wipes_and_never_reconnects() -> None:
    core = Core()
    session = await core.connected("c-phone")
    await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECTION_LOST))
    await settle()
    await core.clock.advance(core.clock.slept[-1])
    await core.kind.latest.emit(LoggedOut("device_removed"))
    assert (session.state, session.reason) == (SessionState.LOGGED_OUT, "device_removed")
    assert "c-phone" not in core.store.credentials and session.phone is None
    assert core.publisher.of("c-phone")[-1].type == "logout"
    await core.clock.advance(3600)
    assert len(core.kind.engines) == 2


@pytest.mark.parametrize(
    "end",
    [LoggedOut("device_removed"), Disconnected(DisconnectReason.REPLACED, "elsewhere")],
    ids=["logged_out", "replaced"],
)
async def test_a_drop_then_a_final_end_never_reconnects(end: LoggedOut | Disconnected) -> None:
    """whatsmeow can report one end twice; when the second is final (logged out from the
    phone, replaced), the reconnect the first one scheduled must not run."""
    core = Core()
    session = await core.connected("c-twice")
    await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECTION_LOST))
    await core.kind.latest.emit(end)
    await settle()
    await core.clock.advance(3600)
    final = SessionState.LOGGED_OUT if isinstance(end, LoggedOut) else SessionState.FAILED
    assert session.state is final and session.reason in ("device_removed", "connection_replaced")
    assert len(core.kind.engines) == 1 and core.clock.sleeping == 0
    assert "reconnecting" not in core.publisher.types("c-twice")


async def test_a_drop_reported_while_logging_out_never_undoes_the_logout() -> None:
    """WhatsApp closes the connection as it unlinks the device: the drop the engine
    reports while the logout is under way must neither reconnect the session nor turn
    the logout's answer into `reconnecting`."""
    core = Core()
    session = await core.connected("c-drop-out")

    async def drop(engine: FakeEngine) -> None:
        await engine.emit(Disconnected(DisconnectReason.CONNECTION_LOST))

    core.kind.on_logout = drop
    await session.logout()
    assert (session.state, session.reason) == (SessionState.LOGGED_OUT, "logged_out_by_request")
    await settle()
    await core.clock.advance(3600)
    assert (session.state, session.reason) == (SessionState.LOGGED_OUT, "logged_out_by_request")
    assert "reconnecting" not in core.publisher.types("c-drop-out")
    assert len(core.kind.engines) == 1


async def test_a_logout_while_a_reconnect_is_connecting_leaves_no_connection() -> None:
    """A reconnect that is past its wait and opening the connection when a logout comes
    must not start the engine the logout has already dropped."""
    core = Core()
    session = await core.connected("c-mid")
    await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECTION_LOST))
    await settle()
    reading = asyncio.Event()
    core.store.hold_credentials = reading

    async def answer(engine: FakeEngine) -> None:
        await engine.emit(Connected(PHONE))

    core.kind.on_start = answer
    await core.clock.advance(core.clock.slept[-1])  # the reconnect now reads credentials
    await settle()
    reconnecting = core.kind.latest
    await session.logout()
    reading.set()
    await settle()
    await core.clock.advance(3600)
    assert session.state is SessionState.LOGGED_OUT
    assert reconnecting.stopped and not reconnecting.started


async def test_logout_by_request_unlinks_at_whatsapp() -> None:
    core = Core()
    pool = core.pool()
    await pool.initialize("c-out")
    await core.kind.latest.emit(Paired(PHONE, {"keys": "k"}))
    await core.kind.latest.emit(Connected(PHONE))
    session = await pool.logout("c-out")
    assert session is not None and core.kind.latest.logged_out and core.kind.latest.stopped
    assert (session.state, session.reason) == (SessionState.LOGGED_OUT, "logged_out_by_request")
    assert "detail" not in core.publisher.of("c-out")[-1].data
    assert "c-out" not in core.store.credentials and core.store.wanted["c-out"] is False


async def test_logout_while_reconnecting_connects_briefly_to_unlink() -> None:
    core = Core()
    session = await core.connected("c-brief")
    await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECTION_LOST))
    await settle()

    async def answer(engine: FakeEngine) -> None:
        await engine.emit(Connected(PHONE))

    core.kind.on_start = answer
    await session.logout()
    brief = core.kind.latest
    assert len(core.kind.engines) == 2 and brief.credentials == {"keys": "c-brief"}
    assert brief.logged_out and brief.stopped
    assert session.state is SessionState.LOGGED_OUT
    assert "detail" not in core.publisher.of("c-brief")[-1].data
    await core.clock.advance(3600)  # the reconnect that was waiting is gone
    assert len(core.kind.engines) == 2


async def test_logout_that_cannot_reach_whatsapp_says_the_device_stays_listed() -> None:
    core = Core()
    session = await core.connected("c-away")
    await core.kind.latest.emit(Disconnected(DisconnectReason.TEMPORARY_BAN, "banned"))

    async def refuse(engine: FakeEngine) -> None:
        await engine.emit(Disconnected(DisconnectReason.CONNECT_FAILED))

    core.kind.on_start = refuse
    await session.logout()
    assert session.state is SessionState.LOGGED_OUT and not core.kind.latest.logged_out
    assert "Linked devices" in core.publisher.of("c-away")[-1].data["detail"]
    assert "c-away" not in core.store.credentials


async def test_restart_out_of_failed() -> None:
    core = Core()
    pool = core.pool()
    session = await pool.initialize("c-again")
    await core.kind.latest.emit(Paired(PHONE, {"keys": "k"}))
    await core.kind.latest.emit(Connected(PHONE))
    await core.kind.latest.emit(Disconnected(DisconnectReason.REPLACED, "elsewhere"))
    assert session.state is SessionState.FAILED
    await core.store.set_wanted("c-again", False)
    assert await pool.restart("c-again") is session
    assert session.state is SessionState.STARTING and session.reason == "restart_requested"
    assert core.kind.latest.credentials == {"keys": "k"} and core.store.wanted["c-again"]
    await core.kind.latest.emit(Connected(PHONE))
    assert session.state is SessionState.CONNECTED and session.reconnect_attempts == 0
    assert await pool.restart("c-unknown") is None


async def test_stop_keeps_credentials_and_cancels_the_backoff() -> None:
    core = Core()
    pool = core.pool()
    session = await pool.initialize("c-stop")
    await core.kind.latest.emit(Paired(PHONE, {"keys": "k"}))
    await core.kind.latest.emit(Connected(PHONE))
    await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECTION_LOST))
    await settle()
    await pool.stop("c-stop", "stopped_by_request")
    assert (session.state, session.reason) == (SessionState.STOPPED, "stopped_by_request")
    assert core.store.credentials["c-stop"] == {"keys": "k"} and not core.store.wanted["c-stop"]
    await core.clock.advance(3600)
    assert len(core.kind.engines) == 1


async def test_each_start_tells_the_engine_whether_the_tenant_is_marked_online() -> None:
    core = Core()
    core.store.offline.add("c-hidden")
    await core.session("c-shown").start()
    assert core.kind.latest.available
    await core.session("c-hidden").start()
    assert not core.kind.latest.available


async def test_each_start_gives_the_engine_the_tenants_proxy() -> None:
    core = Core()
    core.store.proxies["c-proxied"] = "socks5://u:p@proxy.example:1080"
    await core.session("c-proxied").start()
    assert core.kind.latest.proxy == "socks5://u:p@proxy.example:1080"
    await core.session("c-direct").start()
    assert core.kind.latest.proxy is None


async def test_a_proxy_no_key_opens_fails_the_session_and_never_connects() -> None:
    core = Core()
    core.store.unreadable_proxies.add("c-sealed")
    session = core.session("c-sealed")
    await session.start()
    assert (session.state, session.reason) == (SessionState.FAILED, "proxy_unreadable")
    assert not core.kind.latest.started  # no connection at all, so none around the proxy
    await core.clock.advance(3600)
    assert len(core.kind.engines) == 1


async def test_delete_forgets_the_session() -> None:
    core = Core()
    pool = core.pool()
    await pool.initialize("c-del")
    engine = core.kind.latest
    assert await pool.delete("c-del") and engine.stopped
    assert pool.get("c-del") is None and not await pool.delete("c-del")


async def test_shutdown_stops_every_session_and_reconnects_nothing() -> None:
    core = Core()
    pool = core.pool()
    for tenant in ("c-s1", "c-s2", "c-s3"):
        await pool.initialize(tenant)
        await core.kind.latest.emit(Connected(PHONE))
    await core.kind.engines[1].emit(Disconnected(DisconnectReason.CONNECTION_LOST))
    await settle()
    assert core.clock.sleeping == 1
    await pool.stop_all("connector_shutdown")
    await settle()
    assert all(s.state is SessionState.STOPPED for s in pool)
    assert {s.reason for s in pool} == {"connector_shutdown"}
    assert all(e.stopped for e in core.kind.engines) and core.clock.sleeping == 0
    await core.clock.advance(3600)
    assert len(core.kind.engines) == 3


# ---- a connector restart ------------------------------------------------------------


def logins_answered(core: Core) -> None:
    """The network answers each restored connection's login at once (a restore waits for
    that answer before its next connection)."""

    async def answer(engine: FakeEngine) -> None:
        await engine.emit(Connected(PHONE))

    core.kind.on_start = answer


async def test_restore_after_a_connector_restart_is_paced() -> None:
    core = Core()
    core.store.stored = [
        stored("r-1", "connected"),
        stored("r-2", "reconnecting"),
        stored("r-3", "qr", creds=False),  # never paired: nothing to resume
        stored("r-4", "connected", wanted=False),  # stopped by request before
        stored("r-5", "logged_out", creds=False),  # a logout wipes the credentials
    ]
    for tenant in ("r-1", "r-2"):
        core.store.credentials[tenant] = {"keys": tenant}
    logins_answered(core)
    pool = core.pool()
    to_restore = await pool.load()
    assert [s.tenant_id for s in to_restore] == ["r-1", "r-2"]
    states = {s.tenant_id: (s.state.value, s.reason) for s in pool}
    assert states == {
        "r-1": ("starting", "restoring"),
        "r-2": ("starting", "restoring"),
        "r-3": ("stopped", "connector_restarted"),
        "r-4": ("stopped", "connector_restarted"),
        "r-5": ("logged_out", None),
    }
    restoring = asyncio.create_task(pool.restore(to_restore, per_second=2))
    await settle()
    assert [e.tenant_id for e in core.kind.engines] == ["r-1"]  # one, then a gap
    await core.clock.advance(0.5)
    assert [e.tenant_id for e in core.kind.engines] == ["r-1", "r-2"]
    assert core.kind.latest.credentials == {"keys": "r-2"}
    await core.clock.advance(0.5)
    await asyncio.wait_for(restoring, WAIT_S)
    assert core.clock.slept == [0.5, 0.5]


@pytest.mark.parametrize(("connect_s", "slept_s"), [(0.004, 0.006), (0.008, 0.005)])
async def test_restore_keeps_its_rate_while_connections_take_time(
    connect_s: float, slept_s: float
) -> None:
    """The gap runs from a connection's start: 4 ms of connecting at 100 a second leaves
    6 ms to wait, not 10 (ten thousand sessions otherwise restore at 1 / 14 ms, not 100
    a second); but at least half a gap parts one connection from the next (8 ms of
    connecting: 5 ms, not 2), so a slow one is not followed at once."""
    core = Core()
    tenants = ["s-1", "s-2", "s-3"]
    core.store.stored = [stored(t, "connected") for t in tenants]

    connected = asyncio.Event()

    async def connecting(engine: FakeEngine) -> None:
        await core.clock.advance(connect_s)
        await engine.emit(Connected(PHONE))  # the login answered
        connected.set()

    core.kind.on_start = connecting
    pool = core.pool()
    restoring = asyncio.create_task(pool.restore(await pool.load(), per_second=100))
    for _ in tenants:
        await asyncio.wait_for(connected.wait(), WAIT_S)
        connected.clear()
        await settle()  # the restore reaches its sleep
        await core.clock.advance(slept_s)
    await asyncio.wait_for(restoring, WAIT_S)
    assert [e.tenant_id for e in core.kind.engines] == tenants
    assert core.clock.slept == pytest.approx([slept_s] * 3)


async def test_restore_waits_for_each_login_to_be_answered() -> None:
    """A connection's socket opening is not its handshake's end: a network slow to answer
    logins (a loaded one) would see the next ones pile up behind the first. The next
    starts half a gap after the answer; a login never answered holds it two gaps at most."""
    core = Core()
    tenants = ["w-1", "w-2", "w-3"]
    core.store.stored = [stored(t, "connected") for t in tenants]
    pool = core.pool()
    restoring = asyncio.create_task(pool.restore(await pool.load(), per_second=2))
    await settle()
    await core.clock.advance(0.5)  # a gap gone by, and w-1's login not answered yet
    assert [e.tenant_id for e in core.kind.engines] == ["w-1"]
    await core.kind.latest.emit(Connected(PHONE))
    await settle()
    await core.clock.advance(0.25)
    assert [e.tenant_id for e in core.kind.engines] == ["w-1", "w-2"]
    await core.clock.advance(1.0)  # w-2's login never answered: two gaps, then on
    await core.clock.advance(0.25)
    assert [e.tenant_id for e in core.kind.engines] == tenants
    await core.kind.latest.emit(Connected(PHONE))  # answered at once: the gap's rest
    await settle()
    await core.clock.advance(0.5)
    await asyncio.wait_for(restoring, WAIT_S)
    assert core.clock.slept[1::2] == [0.25, 0.25, 0.5]


async def test_a_restart_marks_every_restored_session_starting_in_one_commit() -> None:
    """A commit each held a restarted connector's first connection back by half a minute
    at 10,000 sessions; together, each still has its event and its state row."""
    core = Core()
    tenants = [f"m-{i}" for i in range(5)]
    core.store.stored = [stored(t, "connected") for t in tenants]
    core.store.credentials.update({t: {"keys": t} for t in tenants})
    to_restore = await core.pool().load()
    assert len(to_restore) == 5
    assert core.publisher.transactions == 1
    assert {t: core.store.rows[t][:2] for t in tenants} == dict.fromkeys(
        tenants, ("starting", "restoring")
    )
    assert [core.publisher.types(t) for t in tenants] == [["state"]] * 5


async def test_a_stopping_connector_commits_every_sessions_stop_together() -> None:
    """As a restart marks them starting: a commit each, at shutdown, was seconds more
    between a restart and the first restored connection."""
    core = Core()
    pool = core.pool()
    tenants = [f"z-{i}" for i in range(4)]
    for tenant in tenants:
        await pool.initialize(tenant)
        await core.kind.latest.emit(Connected(PHONE))
    await pool.initialize("z-idle")
    await pool.stop("z-idle", "stop_requested")  # stopped already: nothing more to tell
    committed = core.publisher.transactions
    await pool.stop_all("connector_shutdown")
    assert core.publisher.transactions == committed + 1
    assert {t: core.store.rows[t][:2] for t in tenants} == dict.fromkeys(
        tenants, ("stopped", "connector_shutdown")
    )
    assert [core.publisher.types(t)[-1] for t in tenants] == ["state"] * 4
    assert core.store.rows["z-idle"][:2] == ("stopped", "stop_requested")


async def test_a_refused_commit_of_many_starts_commits_each_on_its_own() -> None:
    """One event the database refuses must not cost the others theirs: each is tried on
    its own, and the refused one is set aside as any refused event is."""
    core = Core()
    core.store.stored = [stored(t, "connected") for t in ("n-1", "n-2")]
    core.store.credentials.update({"n-1": {"keys": "n-1"}, "n-2": {"keys": "n-2"}})
    refused = asyncpg.CheckViolationError("refused")
    core.publisher.refuse = lambda e: refused if (e.tenant_id, e.type) == ("n-1", "state") else None
    await core.pool().load()
    assert core.publisher.types("n-2") == ["state"]
    assert [e.tenant_id for e, _, _ in core.store.quarantined.values()] == ["n-1"]
    assert core.store.rows["n-2"][:2] == ("starting", "restoring")


async def test_a_restore_reads_what_connections_need_a_second_at_a_time() -> None:
    """Credentials, presence and proxy: one read for a second's worth of connections,
    not three for each; read shortly before, so a proxy set during the restore is used."""
    core = Core()
    tenants = ["a-1", "a-2", "a-3", "a-4"]
    core.store.stored = [stored(t, "connected") for t in tenants]
    core.store.credentials.update({t: {"keys": t} for t in tenants})
    core.store.offline.add("a-2")
    logins_answered(core)
    pool = core.pool()
    restoring = asyncio.create_task(pool.restore(await pool.load(), per_second=2))
    await settle()
    core.store.proxies["a-3"] = "socks5://u:p@proxy.example:1080"  # set meanwhile
    for _ in range(4):
        await core.clock.advance(0.5)
    await asyncio.wait_for(restoring, WAIT_S)
    assert core.store.dialing_reads == [("a-1", "a-2"), ("a-3", "a-4")]
    engines = {e.tenant_id: e for e in core.kind.engines}
    assert [engines[t].credentials for t in tenants] == [{"keys": t} for t in tenants]
    assert [engines[t].available for t in tenants] == [True, False, True, True]
    assert engines["a-3"].proxy == "socks5://u:p@proxy.example:1080"


async def test_a_failed_session_stays_failed_across_a_connector_restart() -> None:
    """A failed session is retried only on request: a restart of the connector must not
    fight for a replaced device, or knock again during a ban, with the kept credentials."""
    core = Core()
    core.store.stored = [stored("f-1", "failed"), stored("f-2", "connected")]
    core.store.credentials.update({"f-1": {"keys": "f-1"}, "f-2": {"keys": "f-2"}})
    logins_answered(core)
    pool = core.pool()
    to_restore = await pool.load()
    assert [s.tenant_id for s in to_restore] == ["f-2"]
    failed = pool.get("f-1")
    assert failed is not None and failed.state is SessionState.FAILED
    restoring = asyncio.create_task(pool.restore(to_restore, per_second=1000))
    await settle()
    await core.clock.advance(0.001)
    await asyncio.wait_for(restoring, WAIT_S)
    assert [e.tenant_id for e in core.kind.engines] == ["f-2"]


async def test_restore_skips_a_session_deleted_meanwhile() -> None:
    core = Core()
    core.store.stored = [stored("d-1", "connected"), stored("d-2", "connected")]
    logins_answered(core)
    pool = core.pool()
    to_restore = await pool.load()
    await pool.delete("d-1")
    restoring = asyncio.create_task(pool.restore(to_restore, per_second=1000))
    await settle()
    await core.clock.advance(0.001)
    await asyncio.wait_for(restoring, WAIT_S)
    assert [e.tenant_id for e in core.kind.engines] == ["d-2"]


async def test_a_command_for_a_session_queued_for_restore_connects_it_at_once() -> None:
    """A send taken back from a crashed connector may name a tenant far down the restore
    queue; waiting for its turn would outlast the send's wait and answer "not connected"
    for a message the previous connector may already have sent."""
    core = Core()
    core.store.stored = [stored(t, "connected") for t in ("q-1", "q-2", "q-3")]
    logins_answered(core)
    pool = core.pool()
    to_restore = await pool.load()
    restoring = asyncio.create_task(pool.restore(to_restore, per_second=0.01))
    await settle()
    assert [e.tenant_id for e in core.kind.engines] == ["q-1"]  # q-2 in 100 s, q-3 in 200 s
    await pool.hurry("q-3")
    assert [e.tenant_id for e in core.kind.engines] == ["q-1", "q-3"]
    await core.kind.latest.emit(Connected(PHONE))
    await pool.hurry("q-3")  # connected already: nothing more
    await core.clock.advance(100)
    await core.clock.advance(100)
    await asyncio.wait_for(restoring, WAIT_S)
    assert [e.tenant_id for e in core.kind.engines] == ["q-1", "q-3", "q-2"]
    assert core.clock.slept == [100.0, 100.0]  # a hurried session takes no turn


async def test_a_send_for_a_session_queued_for_restore_is_sent_not_refused() -> None:
    core = Core()
    core.config = SessionConfig(backoff=core.config.backoff, send_wait_s=5.0)
    core.store.stored = [stored("h-1", "connected"), stored("h-2", "connected")]
    logins_answered(core)
    pool = core.pool()
    restoring = asyncio.create_task(pool.restore(await pool.load(), per_second=0.01))
    await settle()
    handler = CommandHandler(pool, core.metrics, HealthMonitor(pool, 60, 5), 1.0)
    answering = asyncio.create_task(
        handler.handle(Command.of("h-2", bus.SendMessage(FRIEND, Text("hi"))))
    )
    await settle()
    assert [e.tenant_id for e in core.kind.engines] == ["h-1", "h-2"]
    await core.kind.latest.emit(Connected(PHONE))
    reply = await asyncio.wait_for(answering, WAIT_S)
    assert reply.ok, reply
    restoring.cancel()


async def test_initialize_of_a_session_queued_for_restore_connects_it() -> None:
    core = Core()
    core.store.stored = [stored("i-1", "connected"), stored("i-2", "connected")]
    logins_answered(core)
    pool = core.pool()
    to_restore = await pool.load()
    restoring = asyncio.create_task(pool.restore(to_restore, per_second=0.01))
    await settle()
    session = await pool.initialize("i-2")
    assert [e.tenant_id for e in core.kind.engines] == ["i-1", "i-2"]
    await core.kind.latest.emit(Connected(PHONE))
    assert session.state is SessionState.CONNECTED
    await core.clock.advance(100)
    await asyncio.wait_for(restoring, WAIT_S)
    assert len(core.kind.engines) == 2  # its turn connects nothing again


# ---- sending -------------------------------------------------------------------------


async def test_send_once_per_command_id() -> None:
    core = Core()
    session = await core.connected("c-send")
    first = await session.send_text("cmd-1", "79005550123", "hi")
    again = await session.send_text("cmd-1", "79005550123", "hi")
    assert again.repeated and not first.repeated and again.message_id == first.message_id
    assert len(core.kind.latest.sent) == 1
    reply = await session.send_text("cmd-2", "79005550123", "re", quoted_id=first.message_id)
    assert core.kind.latest.sent[-1][3] is not None and not reply.repeated
    assert core.kind.latest.sent[-1][3].sender == PHONE  # our own message, by our number
    with pytest.raises(EngineError) as unknown:
        await session.send_text("cmd-3", "79005550123", "re", quoted_id="nope")
    assert unknown.value.code == "quoted_message_not_found"


async def test_a_send_whose_outcome_is_unknown_stays_pending_and_goes_again_as_itself() -> None:
    """An engine that gave up waiting (the send may have gone out) leaves the log entry
    pending, never forgotten: the same command sends the same message id again, which
    WhatsApp drops as a duplicate if the first one went out."""
    core = Core()
    session = await core.connected("c-unknown")
    engine = core.kind.latest
    engine.send_error = EngineError("engine_timeout", "the engine host did not answer a send")
    with pytest.raises(EngineError):
        await session.send_text("cmd-u", "79005550123", "hello")
    pending = core.store.sends["cmd-u"]
    assert pending.sent_at is None
    engine.send_error = None
    again = await session.send_text("cmd-u", "79005550123", "hello")
    assert not again.repeated and again.message_id == pending.message_id
    assert engine.sent == [("79005550123", "hello", pending.message_id, None)]


async def test_send_waits_through_reconnecting() -> None:
    core = Core()
    session = await core.connected("c-wait")
    await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECTION_LOST))
    await settle()
    sending = asyncio.create_task(session.send_text("cmd-w", "79005550123", "hello"))
    await settle()
    assert not sending.done()
    await core.clock.advance(core.clock.slept[-1])
    await core.kind.latest.emit(Connected(PHONE))
    result = await asyncio.wait_for(sending, WAIT_S)
    assert core.kind.latest.sent == [("79005550123", "hello", result.message_id, None)]


async def test_send_that_waits_in_vain_is_not_logged() -> None:
    core = Core()
    core.config = SessionConfig(backoff=core.config.backoff, send_wait_s=0.02)
    session = await core.connected("c-vain")
    await core.kind.latest.emit(Disconnected(DisconnectReason.CONNECTION_LOST))
    await settle()
    with pytest.raises(EngineError) as late:
        await session.send_text("cmd-v", "79005550123", "hello")
    assert late.value.code == "session_not_connected"
    assert "cmd-v" not in core.store.sends  # nothing went out: the command may come again


async def test_overlimit_pauses_sending_until_the_time_given() -> None:
    core = Core()
    session = await core.connected("c-slow")
    engine = core.kind.latest
    engine.send_error = EngineError(RATE_OVERLIMIT, "slow down", retry_after_s=30)
    with pytest.raises(EngineError):
        await session.send_text("cmd-a", "79005550123", "1")
    assert "cmd-a" not in core.store.sends
    error = core.publisher.of("c-slow")[-1]
    assert error.type == "error" and error.data["retryAfterSeconds"] == 30
    engine.send_error = None
    await core.clock.advance(20)
    with pytest.raises(EngineError) as paused:
        await session.send_text("cmd-b", "79005550123", "2")
    assert paused.value.code == RATE_OVERLIMIT and paused.value.retry_after_s == pytest.approx(10)
    assert engine.sent == [] and session.state is SessionState.CONNECTED  # receiving goes on
    await engine.emit(Receipt("m", "79005550123", "read"))
    assert core.publisher.of("c-slow")[-1].type == "receipt"
    await core.clock.advance(10)
    await session.send_text("cmd-b", "79005550123", "2")
    assert len(engine.sent) == 1


async def test_overlimit_without_a_time_pauses_for_the_configured_pause() -> None:
    core = Core()
    session = await core.connected("c-slow2")
    core.kind.latest.send_error = EngineError(RATE_OVERLIMIT, "slow down")
    with pytest.raises(EngineError):
        await session.send_text("cmd-a", "79005550123", "1")
    core.kind.latest.send_error = None
    await core.clock.advance(4.9)
    with pytest.raises(EngineError):
        await session.send_text("cmd-b", "79005550123", "2")
    await core.clock.advance(0.1)
    await session.send_text("cmd-b", "79005550123", "2")


async def test_incoming_message_is_published_once() -> None:
    core = Core()
    session = await core.connected("c-in")
    message = IncomingMessage("IN-1", "79005550123", "hello", 1_767_225_600_000)
    await core.kind.latest.emit(message)
    await core.kind.latest.emit(message)  # the network re-sent it
    received = [e for e in core.publisher.of("c-in") if e.type == "message"]
    assert len(received) == 1 and received[0].data["text"] == "hello"
    assert core.metrics.messages_received._value.get() == 1
    assert session.state is SessionState.CONNECTED
