"""The connector process: wiring, start-up order and graceful shutdown, in one place."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import Coroutine
from typing import Any

import asyncpg
from hypercorn.asyncio import serve
from redis.asyncio import BlockingConnectionPool, Redis

from connector.commands import CommandHandler
from connector.consumer import CommandConsumer
from connector.engines import EngineKinds
from connector.event_log import EventLog
from connector.events import EventPublisher
from connector.health import HealthMonitor
from connector.lock import ConnectorLock, LockTiming
from connector.metrics import ConnectorMetrics
from connector.ops_server import Check, ops_app
from connector.pool import SessionPool
from connector.reconnect import Backoff
from connector.relay import EventRelay
from connector.session import Session, SessionConfig
from connector.store import Store, StoredSession
from connector.webhooks.dispatcher import Dispatcher, lease_for
from connector.webhooks.outbox import Outbox
from connector.webhooks.queue import DeliveryQueue
from connector.webhooks.schedule import RetrySchedule
from connector.webhooks.sender import Sender
from wagate import db
from wagate.bus import BusKeys, socket_timeout_for
from wagate.config import Settings, redacted_url
from wagate.deadlines import within
from wagate.migrate import migrate
from wagate.sealing import Sealer
from wagate.serving import hypercorn_config, stop_on_signals
from wagate.webhook_secrets import seal_stored

log = logging.getLogger("wagate.connector")

_HEARTBEAT_EVERY_S = 5
LOCK_LOST = 4  # exit code: the lock was lost while running (3: another connector held it)
_HEARTBEAT_TTL_S = 15


async def _heartbeat(
    redis: Redis,
    keys: BusKeys,
    connector_id: str,
    consumer: CommandConsumer,
    metrics: ConnectorMetrics,
) -> None:
    """Tell the gateways a connector is alive; refresh the bus backlog gauge meanwhile."""
    while True:
        with contextlib.suppress(Exception):
            await redis.set(keys.connector_heartbeat, connector_id, ex=_HEARTBEAT_TTL_S)
            metrics.bus_pending.set(await consumer.pending_count())
        await asyncio.sleep(_HEARTBEAT_EVERY_S)


def _ops_server(
    settings: Settings,
    metrics: ConnectorMetrics,
    checks: dict[str, Check],
    role: Role,
    stop: asyncio.Event,
) -> Coroutine[Any, Any, None]:
    app = ops_app(metrics, checks, role)
    config = hypercorn_config(settings.host, settings.connector_metrics_port, 1)
    return serve(app, config, shutdown_trigger=stop.wait)  # type: ignore[arg-type]


class Role:
    """What this process is now: `standby` (waiting for the lock), `leader` (holding it,
    owning the sessions) or `fenced` (lost it, stopping)."""

    def __init__(self) -> None:
        self.name = "standby"

    def __call__(self) -> str:
        return self.name


async def run_connector(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """Wait for the connector lock as a standby (or refuse, WAGATE_CONNECTOR_STANDBY=0),
    then own the sessions until stopped or until the lock cannot be confirmed."""
    stop = stop or asyncio.Event()
    stop_on_signals(stop)

    await db.ensure_database(settings.database_url)
    metrics = ConnectorMetrics()
    metrics.watch_process()  # a standby's too: its memory and CPU are the operator's concern
    role = Role()
    lock = ConnectorLock(
        settings.database_url, settings.connector_id, LockTiming(settings.lock_timeout_s)
    )
    checks: dict[str, Check] = {"postgres": lock.waiting_ok}  # a standby's; _lead swaps them
    ops_stop = asyncio.Event()
    ops = None
    if settings.connector_metrics_port:
        ops = asyncio.create_task(
            _ops_server(settings, metrics, checks, role, ops_stop), name="ops"
        )
    try:
        if not await lock.acquire(standby=settings.connector_standby, stop=stop):
            log.info("standby stopped before taking over")
            return 0
        role.name = "leader"
        metrics.leader.set(1)
        return await _lead(settings, lock, metrics, checks, role, stop)
    finally:
        metrics.leader.set(0)
        ops_stop.set()
        if ops is not None:
            await asyncio.gather(ops, return_exceptions=True)
        await lock.release()


def _exit_unless_stopped_within(seconds: float) -> threading.Timer:
    """The fence's last resort: a process that has not finished stopping its sessions in
    time ends, and the kernel closes every socket it held. A thread, not a task, so it
    fires even if the event loop is stuck."""

    def end() -> None:
        os.write(
            2, b"wagate connector: sessions not stopped in time after losing the lock; exiting\n"
        )
        os._exit(LOCK_LOST)

    timer = threading.Timer(seconds, end)
    timer.daemon = True
    timer.start()
    return timer


async def _lead(
    settings: Settings,
    lock: ConnectorLock,
    metrics: ConnectorMetrics,
    checks: dict[str, Check],
    role: Role,
    stop: asyncio.Event,
) -> int:
    """Own the sessions: everything here runs only while this process holds the lock."""
    lock_lost = asyncio.create_task(lock.watch(), name="lock")  # from the first moment
    pg = await db.create_pool(settings.database_url)
    # the dispatcher's own connections: however busy webhooks get, sessions writing
    # their events to the outbox never queue behind them for a connection. Its writes are
    # bookkeeping (leases, attempts, results), committed without waiting for the WAL
    # flush: a database crash can forget the last few, which only means a delivery is
    # sent again (at-least-once). Events themselves enter the outbox through `pg`, durably.
    webhook_pg = await db.create_pool(
        settings.database_url,
        max_size=min(10, settings.webhook_concurrency + 1),
        server_settings={"synchronous_commit": "off"},
    )
    # bounded: commands in flight, event publishing and the consumer share it; a burst
    # waits for a connection instead of opening sockets without end
    redis = Redis(
        connection_pool=BlockingConnectionPool.from_url(
            settings.redis_url,
            max_connections=settings.connector_concurrency + 32,
            timeout=10,
            socket_timeout=socket_timeout_for(settings.command_timeout_s),
        )
    )
    try:
        async with pg.acquire() as conn:
            await migrate(conn)
        await redis.ping()
        log.info(
            "connector %s: PostgreSQL %s, Redis %s, engine %s",
            settings.connector_id,
            redacted_url(settings.database_url),
            redacted_url(settings.redis_url),
            settings.engine,
        )
        keys = BusKeys(settings.redis_prefix)
        sealer = Sealer(settings.credentials_keys)
        store = Store(pg, sealer)
        outbox = Outbox(pg, first_delay_s=settings.webhook_schedule_s[0])
        # on the bookkeeping pool: a "relayed" mark lost in a database crash only means
        # the relay looks at those events again, and the stream skips what it has
        relay = EventRelay(EventLog(webhook_pg), redis, keys)
        publisher = EventPublisher(pg, outbox, relay.wake.set)
        sealed = await seal_stored(pg, sealer, only_clear=True)
        if sealed:
            log.info("sealed the signing secrets of %d webhook endpoint(s) stored in clear", sealed)
        dispatcher, sender, queue = _webhook_dispatcher(
            settings, webhook_pg, outbox, relay, metrics, sealer
        )
        # only the lock holder dispatches, so every lease left is a dead predecessor's:
        # its deliveries go out now, not when those leases expire
        reclaimed = await queue.reclaim_abandoned()
        if reclaimed:
            log.info("took back %d webhook delivery lease(s) of the previous connector", reclaimed)
        engines = EngineKinds(settings)
        session_config = SessionConfig(
            backoff=Backoff(settings.reconnect_base_s, settings.reconnect_cap_s),
            max_reconnect_attempts=settings.reconnect_max_attempts,
            send_wait_s=settings.send_wait_s,
            stable_after_s=settings.reconnect_stable_s,
        )

        async def make_session(
            company_id: str, engine: str, stored: StoredSession | None
        ) -> Session:
            return Session(
                company_id,
                engine=await engines.get(engine),
                store=store,
                publisher=publisher,
                metrics=metrics,
                config=session_config,
                stored=stored,
            )

        pool = SessionPool(store, make_session, engines.default)
        metrics.watch_sessions(lambda: [(s.state.value, s.reconnect_attempts) for s in pool])
        metrics.watch_whatsmeow(
            engines.whatsmeow_sessions,
            engines.whatsmeow_workers,
            engines.whatsmeow_worker_deaths,
            settings.whatsmeow_max_sessions,
        )
        to_restore = await pool.load()
        health = HealthMonitor(pool, settings.health_interval_s, settings.health_timeout_s)
        handler = CommandHandler(pool, metrics, health, settings.initialize_wait_s)
        consumer = CommandConsumer(
            redis, keys, settings.connector_id, handler, settings.connector_concurrency, metrics
        )
        consuming = asyncio.create_task(consumer.run(), name="commands")
        restoring = asyncio.create_task(
            pool.restore(to_restore, settings.restore_per_second), name="restore"
        )
        tasks = [
            consuming,
            asyncio.create_task(
                _heartbeat(redis, keys, settings.connector_id, consumer, metrics),
                name="heartbeat",
            ),
            restoring,
            asyncio.create_task(health.run(), name="health"),
            asyncio.create_task(dispatcher.run(), name="webhooks"),
            asyncio.create_task(relay.run(), name="relay"),
        ]

        async def redis_ok() -> bool:
            return bool(await redis.ping())

        async def postgres_ok() -> bool:
            return bool(await pg.fetchval("SELECT 1") == 1)

        async def consuming_ok() -> bool:
            return not consuming.done()

        async def lock_ok() -> bool:
            return lock.held

        checks.clear()
        checks.update(lock=lock_ok, redis=redis_ok, postgres=postgres_ok, commands=consuming_ok)
        log.info("connector ready: %d stored session(s), restoring %d", len(pool), len(to_restore))
        stopped = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait(
            [stopped, tasks[0], lock_lost], return_when=asyncio.FIRST_COMPLETED
        )
        if tasks[0] in done and tasks[0].exception() is not None:
            log.error("command consumer died", exc_info=tasks[0].exception())
        exit_code = 0
        if lock_lost in done:
            # fencing: a standby may take the lock once PostgreSQL drops this holder's
            # connection; every session must be gone before then (connector/lock.py)
            role.name = "fenced"
            metrics.leader.set(0)
            log.error(
                "lost the connector lock: %s; stopping every session within %.1f s, before "
                "a standby can take them over",
                lock_lost.result(),
                lock.timing.stop_within_s,
            )
            _exit_unless_stopped_within(lock.timing.stop_within_s)
            exit_code = LOCK_LOST
            restoring.cancel()
            consumer.stop_taking()
            dispatcher.stop_taking()
            await pool.stop_all("lock_lost")

        log.info("shutting down: no new commands, finishing in-flight ones")
        consumer.stop_taking()
        dispatcher.stop_taking()  # no new webhook attempts; the ones in flight go on
        left, cut = await asyncio.gather(
            consumer.drain(settings.drain_timeout_s), dispatcher.drain(settings.drain_timeout_s)
        )
        if left:
            log.warning("%d command(s) still running; they stay pending for the next start", left)
        if cut:
            log.warning("%d webhook attempt(s) cut off; they are sent on the next start", cut)
        for task in (*tasks, stopped, lock_lost):
            task.cancel()
        # bounded: a task that misses its cancellation must not hold up the shutdown;
        # name it for whoever looks
        _, stuck = await asyncio.wait([*tasks, stopped, lock_lost], timeout=5)
        if stuck:
            log.warning("still running after cancel: %s", ", ".join(t.get_name() for t in stuck))
        # the sessions' last events go to the event log and the outbox; relayed here if
        # Redis answers at once, else by the next start
        await pool.stop_all("connector_shutdown")
        with contextlib.suppress(Exception):
            await within(relay.relay_once(), 2.0)
        await engines.close()
        await sender.aclose()
        with contextlib.suppress(Exception):  # Redis away: the key expires by itself
            await redis.delete(keys.connector_heartbeat)
        log.info("connector stopped %s", "after losing its lock" if exit_code else "cleanly")
        return exit_code  # a fenced one's deadline stays armed: closing pools may hang
    finally:
        lock_lost.cancel()
        await redis.aclose()
        await webhook_pg.close()
        await pg.close()


def _webhook_dispatcher(
    settings: Settings,
    pg: asyncpg.Pool,
    outbox: Outbox,
    relay: EventRelay,
    metrics: ConnectorMetrics,
    sealer: Sealer,
) -> tuple[Dispatcher, Sender, DeliveryQueue]:
    sender = Sender(
        connect_timeout_s=settings.webhook_connect_timeout_s,
        timeout_s=settings.webhook_timeout_s,
        allow_private=settings.webhook_allow_private,
        max_connections=settings.webhook_concurrency,
    )
    queue = DeliveryQueue(
        pg,
        outbox,
        owner=settings.connector_id,
        lease_s=lease_for(sender.deadline_s),
        disable_after_failures=settings.webhook_disable_after_failures,
        disable_after_s=settings.webhook_disable_after_s,
        sealer=sealer,
    )
    dispatcher = Dispatcher(
        queue,
        sender,
        RetrySchedule(settings.webhook_schedule_s),
        metrics,
        wake=outbox.added,
        wake_relay=relay.wake.set,
        concurrency=settings.webhook_concurrency,
        poll_interval_s=settings.webhook_poll_interval_s,
        retention_days=settings.webhook_retention_days,
    )
    metrics.watch_webhooks(lambda: dispatcher.in_flight)
    if settings.webhook_allow_private:
        log.warning(
            "WAGATE_WEBHOOK_ALLOW_PRIVATE is on: webhooks may reach loopback and private "
            "addresses (tests and local demos only)"
        )
    return dispatcher, sender, queue


def main(settings: Settings) -> int:
    return asyncio.run(run_connector(settings))
