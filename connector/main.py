"""The connector process: wiring, start-up order and graceful shutdown, in one place."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import asyncpg
from hypercorn.asyncio import serve
from redis.asyncio import BlockingConnectionPool, Redis

from connector.bus_claim import BusClaim, BusOfAnotherDatabase, database_identity
from connector.commands import CommandHandler
from connector.consumer import CommandConsumer
from connector.engine import EngineError
from connector.engines import InstalledEngines
from connector.events import EventPublisher
from connector.health import HealthMonitor
from connector.lock import ConnectorLock, LockTiming
from connector.media.incoming import MediaInbox
from connector.media.retention import MediaSweeper
from connector.media.sending import MediaSending
from connector.media.url_fetch import UrlFetcher
from connector.media.voice import VoiceConverter
from connector.metrics import ConnectorMetrics
from connector.ops_server import Check, ops_app
from connector.pool import SessionFactory, SessionPool
from connector.reconnect import Backoff
from connector.relay import EventRelay, RelayConfig
from connector.session import Session, SessionConfig
from connector.store import Store, StoredSession
from connector.store_retention import MessageStoreSweeper
from connector.streams.setup import (
    installation_streams,
    put_installation_streams,
    stream_dispatcher,
)
from connector.webhooks.dispatcher import Dispatcher, lease_for
from connector.webhooks.media_links import MediaLinks
from connector.webhooks.outbox import Outbox
from connector.webhooks.queue import DeliveryQueue
from connector.webhooks.schedule import RetrySchedule
from connector.webhooks.sender import Sender
from wagate import db
from wagate.blobs import open_blob_store
from wagate.bus import BusKeys, socket_timeout_for
from wagate.config import ConnectorSettings, redacted_url
from wagate.deadlines import CancellableRedis, cancel_all, within
from wagate.migrate import migrate
from wagate.sealing import Sealer
from wagate.serving import (
    freeze_startup_objects,
    hypercorn_config,
    run_event_loop,
    stop_on_signals,
)
from wagate.shared_connection import SharedConnection
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
    claim: BusClaim,
) -> None:
    """Tell the gateways a connector is alive, keep the bus claimed for this database;
    refresh the bus backlog gauge meanwhile."""
    while True:
        try:
            await redis.set(keys.connector_heartbeat, connector_id, ex=_HEARTBEAT_TTL_S)
            # the gateways name their inboxes in commands only while this key says so
            await redis.set(keys.connector_answers_inboxes, 1, ex=_HEARTBEAT_TTL_S)
            await claim.renew()
            metrics.bus_pending.set(await consumer.pending_count())
        except BusOfAnotherDatabase as e:  # ours expired (Redis lost it) and another came
            log.error("%s", e)
        except Exception:  # Redis away: the next beat tries again
            pass
        await asyncio.sleep(_HEARTBEAT_EVERY_S)


def _ops_server(
    settings: ConnectorSettings,
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


async def run_connector(settings: ConnectorSettings, stop: asyncio.Event | None = None) -> int:
    """Wait for the connector lock as a standby (or refuse, WAGATE_CONNECTOR_STANDBY=0),
    then own the sessions until stopped or until the lock cannot be confirmed."""
    return await Connector(settings, stop).run()


class Connector:
    """The connector process. `start` brings up what a standby has too (its metrics, its
    ops server, the lock it waits for); `run` waits for the lock and then leads (see
    `Leadership`); `stop` takes down what `start` brought up, releasing the lock."""

    def __init__(self, settings: ConnectorSettings, stop: asyncio.Event | None = None) -> None:
        self._settings = settings
        self._stop = stop or asyncio.Event()
        self._metrics = ConnectorMetrics()
        self._role = Role()
        self._lock = ConnectorLock(
            settings.database_url, settings.connector_id, LockTiming(settings.lock_timeout_s)
        )
        # a standby's checks; the leader swaps in its own
        self._checks: dict[str, Check] = {"postgres": self._lock.waiting_ok}
        self._ops_stop = asyncio.Event()
        self._ops: asyncio.Task[None] | None = None

    async def start(self) -> None:
        stop_on_signals(self._stop)
        await db.ensure_database(self._settings.database_url)
        self._metrics.watch_process()  # a standby's too: its memory and CPU matter
        if self._settings.connector_metrics_port:
            self._ops = asyncio.create_task(
                _ops_server(
                    self._settings, self._metrics, self._checks, self._role, self._ops_stop
                ),
                name="ops",
            )

    async def run(self) -> int:
        """Start, wait for the lock, lead until stopped or fenced; the exit code."""
        await self.start()
        try:
            if not await self._lock.acquire(
                standby=self._settings.connector_standby, stop=self._stop
            ):
                log.info("standby stopped before taking over")
                return 0
            self._role.name = "leader"
            self._metrics.leader.set(1)
            leadership = Leadership(
                self._settings, self._lock, self._metrics, self._checks, self._role
            )
            return await leadership.run(self._stop)
        finally:
            await self.stop()

    async def stop(self) -> None:
        self._metrics.leader.set(0)
        self._ops_stop.set()
        if self._ops is not None:
            await asyncio.gather(self._ops, return_exceptions=True)
        await self._lock.release()


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


class Leadership:
    """Everything that runs only while this process holds the lock: its own database
    pools and Redis client, the sessions, the bus consumer, health checks, the webhook
    dispatcher and the outbox relay. `run` is open -> start -> wait -> stop -> close."""

    def __init__(
        self,
        settings: ConnectorSettings,
        lock: ConnectorLock,
        metrics: ConnectorMetrics,
        checks: dict[str, Check],
        role: Role,
    ) -> None:
        self._settings = settings
        self._lock = lock
        self._metrics = metrics
        self._checks = checks
        self._role = role
        self._keys = BusKeys(settings.redis_prefix)
        self._background: list[asyncio.Task[Any]] = []

    async def run(self, stop: asyncio.Event) -> int:
        lock_lost = asyncio.create_task(self._lock.watch(), name="lock")  # from the first moment
        try:
            await self._open()
            try:
                await self._start()
                exit_code = await self._wait(stop, lock_lost)
                await self._stop(lock_lost)
                log.info(
                    "connector stopped %s", "after losing its lock" if exit_code else "cleanly"
                )
                return exit_code  # a fenced one's deadline stays armed: closing pools may hang
            finally:
                await self._close()
        finally:
            lock_lost.cancel()

    async def _open(self) -> None:
        settings = self._settings
        # named (the lock's connection is `wagate-connector:<id>`): a DBA tells whose
        # connections they are, and which connector holds them
        named = {"application_name": f"wagate-connector-pool:{settings.connector_id}"}
        self._pg = await db.create_pool(settings.database_url, server_settings=named)
        # the dispatcher's own connections: however busy webhooks get, sessions writing
        # their events to the outbox never queue behind them for a connection. Its writes
        # are bookkeeping (leases, attempts, results), committed without waiting for the
        # WAL flush: a database crash can forget the last few, which only means a delivery
        # is sent again (at-least-once). Events enter the outbox through `_pg`, durably.
        # Planned for their arguments each time: PostgreSQL's generic plan for the lease and
        # finish statements, fixed after a few runs on a near-empty outbox, scanned a
        # backlog of thousands row by row (100 endpoints: 165-800 deliveries/s in some
        # runs, 3,500-3,900 in every run planned each time)
        self._webhook_pg = await db.create_pool(
            settings.database_url,
            max_size=min(10, settings.webhook_concurrency + 1),
            server_settings={
                **named,
                "synchronous_commit": "off",
                "plan_cache_mode": "force_custom_plan",
            },
        )
        # bounded: commands in flight, event publishing and the consumer share it; a burst
        # waits for a connection instead of opening sockets without end; a task cancelled
        # mid-command (a stop) ends there rather than running on
        self._redis = CancellableRedis(
            connection_pool=BlockingConnectionPool.from_url(
                settings.redis_url,
                max_connections=settings.connector_concurrency + 32,
                timeout=10,
                socket_timeout=socket_timeout_for(settings.command_timeout_s),
            )
        )
        # what every command's reply goes out on, one connection for all of them
        self._shared = SharedConnection(self._redis, socket_timeout_for(settings.command_timeout_s))

    async def _close(self) -> None:
        await self._shared.close()
        await self._redis.aclose()
        await self._webhook_pg.close()
        await self._pg.close()

    async def _start(self) -> None:
        settings, pg = self._settings, self._pg
        async with pg.acquire() as conn:
            await migrate(conn)
        await self._redis.ping()
        # before anything touches the bus: refuse a prefix another database's connector uses
        identity = await database_identity(pg)
        self._claim = BusClaim(self._redis, self._keys, identity, _HEARTBEAT_TTL_S)
        await self._claim.renew()
        log.info(
            "connector %s: PostgreSQL %s, Redis %s, engine %s",
            settings.connector_id,
            redacted_url(settings.database_url),
            redacted_url(settings.redis_url),
            settings.engine,
        )
        sealer = Sealer(settings.credentials_keys)
        store = Store(pg, sealer)
        outbox = Outbox(pg, first_delay_s=settings.webhook_schedule_s[0])
        # on the bookkeeping pool: a "relayed" mark lost in a database crash only means
        # the relay looks at those events again, and the stream skips what it has
        self._relay = EventRelay(
            self._webhook_pg,
            self._redis,
            self._keys,
            RelayConfig(
                self._claim.database_id,
                settings.event_log_retention_s,
                self._metrics.event_stream_ahead,
            ),
        )
        publisher = EventPublisher(pg, outbox, self._relay.wake.set)
        await self._seal_webhook_secrets(sealer)
        self._dispatcher, self._sender, queue = _webhook_dispatcher(
            settings, self._webhook_pg, outbox, self._relay, self._metrics, sealer
        )
        await self._open_streams(outbox, sealer)
        # only the lock holder dispatches, so every lease left is a dead predecessor's:
        # its deliveries go out now, not when those leases expire
        reclaimed = await queue.reclaim_abandoned()
        if reclaimed:
            log.info("took back %d webhook delivery lease(s) of the previous connector", reclaimed)
        self._open_media(sealer)
        self._engines = InstalledEngines(settings)
        self._pool = SessionPool(
            store,
            self._session_factory(store, publisher),
            self._engines.default,
            publisher=publisher,
        )
        self._media_inbox.attach(self._download_media)
        self._watch_sessions()
        freeze_startup_objects()  # before the sessions, which come and go
        to_restore = await self._pool.load()
        self._start_tasks(to_restore)
        self._swap_checks()
        log.info(
            "connector ready: %d stored session(s), restoring %d", len(self._pool), len(to_restore)
        )

    def _open_media(self, sealer: Sealer) -> None:
        """Media: the blob store, sending, incoming downloads, retention."""
        settings = self._settings
        self._blobs = open_blob_store(settings)
        self._media_inbox = MediaInbox(
            self._pg,
            self._blobs,
            sealer,
            mode=settings.media_download,
            retention_hours=settings.media_retention_hours,
        )
        self._url_fetcher = UrlFetcher(
            timeout_s=settings.media_fetch_timeout_s,
            allow_private=settings.webhook_allow_private,
            per_tenant=settings.media_fetch_per_tenant,
            # one connection per command at most: the pool is never what a send waits for
            max_connections=settings.connector_concurrency,
        )
        self._media_sending = MediaSending(
            settings, self._pg, self._blobs, self._url_fetcher, VoiceConverter(settings.ffmpeg)
        )
        self._media_sweeper = MediaSweeper(self._pg, self._blobs, self._media_inbox)
        self._store_sweeper = MessageStoreSweeper(self._pg, settings.message_store_sweep_s)

    def _download_media(self, tenant_id: str, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        session = self._pool.get(tenant_id)
        if session is None:
            raise EngineError("session_not_found", f"no session for company {tenant_id}")
        return session.download_media(ref)

    async def _open_streams(self, outbox: Outbox, sealer: Sealer) -> None:
        """The installation-wide event streams the settings name, and the dispatcher that
        publishes to every stream (docs/event-streams.md)."""
        settings = self._settings
        await put_installation_streams(self._webhook_pg, installation_streams(settings, sealer))
        self._streams, self._stream_publisher = stream_dispatcher(
            settings, self._webhook_pg, outbox, self._metrics, sealer, self._relay.wake.set
        )

    async def _seal_webhook_secrets(self, sealer: Sealer) -> None:
        sealed = await seal_stored(self._pg, sealer, only_clear=True)
        if sealed:
            log.info("sealed the signing secrets of %d webhook endpoint(s) stored in clear", sealed)

    def _session_factory(self, store: Store, publisher: EventPublisher) -> SessionFactory:
        settings, engines, metrics = self._settings, self._engines, self._metrics
        media_inbox = self._media_inbox
        config = SessionConfig(
            backoff=Backoff(settings.reconnect_base_s, settings.reconnect_cap_s),
            max_reconnect_attempts=settings.reconnect_max_attempts,
            send_wait_s=settings.send_wait_s,
            stable_after_s=settings.reconnect_stable_s,
            store_tries=settings.event_store_tries,
        )

        async def make_session(
            tenant_id: str, engine: str, stored: StoredSession | None
        ) -> Session:
            return Session(
                tenant_id,
                engine=await engines.get(engine),
                store=store,
                publisher=publisher,
                metrics=metrics,
                config=config,
                stored=stored,
                media=media_inbox,
            )

        return make_session

    def _watch_sessions(self) -> None:
        pool, engines = self._pool, self._engines
        self._metrics.watch_sessions(lambda: [(s.state.value, s.reconnect_attempts) for s in pool])
        self._metrics.watch_whatsmeow(
            engines.whatsmeow_sessions, engines.engine_hosts, engines.engine_host_deaths
        )

    def _start_tasks(self, to_restore: list[Session]) -> None:
        settings = self._settings
        health = HealthMonitor(self._pool, settings.health_interval_s, settings.health_timeout_s)
        handler = CommandHandler(
            self._pool,
            self._metrics,
            health,
            settings.initialize_wait_s,
            self._media_sending,
            self._media_inbox,
        )
        self._consumer = CommandConsumer(
            self._redis,
            self._keys,
            settings.connector_id,
            handler,
            settings.connector_concurrency,
            self._metrics,
            leading=self._lock.confirm,
            shared=self._shared,
            # a command this late is past half the gateways' wait: say where its time went
            slow_after_s=settings.command_timeout_s / 2,
        )
        self._consuming = asyncio.create_task(self._consumer.run(), name="commands")
        self._restoring = asyncio.create_task(
            self._pool.restore(to_restore, settings.restore_per_second), name="restore"
        )
        self._background = [
            self._consuming,
            asyncio.create_task(
                _heartbeat(
                    self._redis,
                    self._keys,
                    settings.connector_id,
                    self._consumer,
                    self._metrics,
                    self._claim,
                ),
                name="heartbeat",
            ),
            self._restoring,
            asyncio.create_task(health.run(), name="health"),
            asyncio.create_task(self._dispatcher.run(), name="webhooks"),
            asyncio.create_task(self._streams.run(), name="event-streams"),
            asyncio.create_task(self._relay.run(), name="relay"),
            asyncio.create_task(self._media_sweeper.run(), name="media-retention"),
            asyncio.create_task(self._store_sweeper.run(), name="message-store-retention"),
        ]

    def _swap_checks(self) -> None:
        redis, pg, consuming, lock = self._redis, self._pg, self._consuming, self._lock

        async def redis_ok() -> bool:
            return bool(await redis.ping())

        async def postgres_ok() -> bool:
            return bool(await pg.fetchval("SELECT 1") == 1)

        async def consuming_ok() -> bool:
            return not consuming.done()

        async def lock_ok() -> bool:
            return lock.held

        self._checks.clear()
        self._checks.update(
            lock=lock_ok, redis=redis_ok, postgres=postgres_ok, commands=consuming_ok
        )

    async def _wait(self, stop: asyncio.Event, lock_lost: asyncio.Task[str]) -> int:
        """Until stopped, the consumer dies or the lock is lost (then fence: exit code)."""
        self._stopped = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait(
            [self._stopped, self._consuming, lock_lost], return_when=asyncio.FIRST_COMPLETED
        )
        if self._consuming in done and self._consuming.exception() is not None:
            log.error("command consumer died", exc_info=self._consuming.exception())
        if lock_lost not in done:
            return 0
        await self._fence(lock_lost.result())
        return LOCK_LOST

    async def _fence(self, why: str) -> None:
        # a standby may take the lock once PostgreSQL drops this holder's connection;
        # every session must be gone before then (connector/lock.py)
        self._role.name = "fenced"
        self._metrics.leader.set(0)
        log.error(
            "lost the connector lock: %s; stopping every session within %.1f s, before "
            "a standby can take them over",
            why,
            self._lock.timing.stop_within_s,
        )
        _exit_unless_stopped_within(self._lock.timing.stop_within_s)
        self._restoring.cancel()
        self._consumer.hand_over()  # what it read and has not done is the successor's
        self._dispatcher.stop_taking()
        self._streams.stop_taking()
        await self._pool.stop_all("lock_lost")

    async def _stop(self, lock_lost: asyncio.Task[str]) -> None:
        """No new work; in-flight work finishes (within the drain timeout); then the
        sessions stop and their last events are relayed if Redis answers at once."""
        log.info("shutting down: no new commands, finishing in-flight ones")
        self._consumer.stop_taking()
        self._dispatcher.stop_taking()  # no new webhook attempts; the ones in flight go on
        self._streams.stop_taking()
        await self._finish_in_flight()
        tasks = (*self._background, self._stopped, lock_lost)
        # bounded: a task that will not end must not hold up the shutdown; name it
        stuck = await cancel_all(tasks, 5)
        if stuck:
            log.warning("still running after cancel: %s", ", ".join(t.get_name() for t in stuck))
        # the sessions' last events go to the event log and the outbox; relayed here if
        # Redis answers at once, else by the next start. A command still running fails
        # once its session stops: it stays pending for the next start instead
        self._consumer.hand_over()
        await self._pool.stop_all("connector_shutdown")
        with contextlib.suppress(Exception):
            await within(self._relay.relay_once(), 2.0)
        await self._engines.close()
        await self._sender.aclose()
        await self._stream_publisher.aclose()
        await self._media_inbox.close()
        await self._url_fetcher.aclose()
        await self._blobs.close()
        with contextlib.suppress(Exception):  # Redis away: the key expires by itself
            await self._redis.delete(
                self._keys.connector_heartbeat, self._keys.connector_answers_inboxes
            )
            await self._claim.release()

    async def _finish_in_flight(self) -> None:
        timeout_s = self._settings.drain_timeout_s
        left, cut, cut_streams = await asyncio.gather(
            self._consumer.drain(timeout_s),
            self._dispatcher.drain(timeout_s),
            self._streams.drain(timeout_s),
        )
        if left:
            log.warning("%d command(s) still running; they stay pending for the next start", left)
        if cut:
            log.warning("%d webhook attempt(s) cut off; they are sent on the next start", cut)
        if cut_streams:
            log.warning("%d event-stream attempt(s) cut off; sent on the next start", cut_streams)


def _webhook_dispatcher(
    settings: ConnectorSettings,
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
        wake=outbox.added.listener(),
        wake_relay=relay.wake.set,
        concurrency=settings.webhook_concurrency,
        poll_interval_s=settings.webhook_poll_interval_s,
        retention_days=settings.webhook_retention_days,
        media_links=MediaLinks(
            settings.public_url, settings.media_url_secret, settings.media_url_ttl_s
        ),
    )
    metrics.watch_webhooks(lambda: dispatcher.in_flight)
    if settings.webhook_allow_private:
        log.warning(
            "WAGATE_WEBHOOK_ALLOW_PRIVATE is on: webhooks may reach loopback and private "
            "addresses (tests and local demos only)"
        )
    return dispatcher, sender, queue


def main(settings: ConnectorSettings) -> int:
    return run_event_loop(run_connector(settings))
