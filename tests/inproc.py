"""The gateway in process: its Starlette app driven through httpx's ASGI transport, its
commands handed to a connector's CommandHandler in the same event loop (no Redis stream,
no connector process, no sim network), over the fake engine of tests/core_fakes.py.

What stays real is what the gateway itself queries: a PostgreSQL database of the test
module's own (tenants, API keys, webhooks, media rows) and Redis under a key prefix of the
harness's own (rate limits, idempotency keys). A request takes milliseconds, so every
route's validation, scoping, error mapping and contract can be checked here; what crosses
processes (events over the WebSocket, webhooks, failover, outages) stays end to end."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
from redis.asyncio import Redis

from connector.commands import CommandHandler
from connector.engine import Connected, Paired, QrCode
from connector.health import HealthMonitor
from devstack.stack import (
    REDIS_URL,
    ApiAccess,
    create_database,
    database_url,
    release_database,
    stack_env,
)
from gateway.app import create_app
from gateway.services import Services
from tests.core_fakes import Core, FakeEngine
from wagate.bus import Command, CommandRefused, Reply
from wagate.config import Settings
from wagate.migrate import migrate

INITIALIZE_WAIT_S = 2.0  # a ceiling: the fake engine shows its QR as it starts


class InMemoryBus:
    """The bus as a function call, as httpx's MockTransport is HTTP as one: the command
    and its reply still go through their wire encoding, so what the gateway writes is
    what a connector reads."""

    def __init__(self, handler: CommandHandler) -> None:
        self._handler = handler
        self.commands: list[Command] = []  # every command the connector read, in order

    async def call(self, command: Command) -> Reply:
        try:
            read = Command.from_fields(command.to_fields())
        except CommandRefused as e:  # as the connector's consumer answers it
            return Reply.failure(e.code, str(e))
        self.commands.append(read)
        reply = await self._handler.handle(read)
        return Reply.from_json(reply.to_json())


async def _show_qr(engine: FakeEngine) -> None:
    await engine.emit(QrCode(f"qr-{engine.tenant_id}-{len(engine.kind.engines)}"))


@dataclass
class Gateway(ApiAccess):
    """One gateway app in process, a client for it, and the fake connector behind it."""

    settings: Settings
    client: httpx.AsyncClient  # its base URL is the API's: client.get("/sessions")
    core: Core  # the fake engine's controls: core.kind.engines, core.kind.latest
    bus: InMemoryBus

    @property
    def api(self) -> str:
        """The API's URL, in the Host the gateway's Host check allows."""
        return self.settings.public_url + "/api/whatsapp"

    @property
    def services(self) -> Services:
        """The app's services, for a test that makes one of them fail."""
        transport = self.client._transport
        assert isinstance(transport, httpx.ASGITransport)
        found: Services = transport.app.state.services  # type: ignore[attr-defined]
        return found

    def engine_of(self, tenant_id: str) -> FakeEngine:
        """The tenant's newest engine (a restart makes another)."""
        return [e for e in self.core.kind.engines if e.tenant_id == tenant_id][-1]

    async def connect(self, tenant_id: str, phone: str = "79001234567") -> None:
        """initialize through the API, then the phone scans: the session is connected."""
        r = await self.client.post(
            f"/sessions/{tenant_id}/initialize", headers=self.auth(tenant_id)
        )
        assert r.status_code == 200 and r.json()["status"] == "qr", r.text
        engine = self.engine_of(tenant_id)
        await engine.emit(Paired(phone, {"keys": tenant_id}))
        await engine.emit(Connected(phone))


@contextlib.asynccontextmanager
async def migrated_database() -> AsyncIterator[str]:
    """A fresh database with every migration applied (its name), dropped after."""
    name = await create_database()
    try:
        conn = await asyncpg.connect(database_url(name))
        try:
            await migrate(conn)
        finally:
            await conn.close()
        yield name
    finally:
        await release_database(name)  # dropped while the next test runs


@contextlib.asynccontextmanager
async def migrated_pool() -> AsyncIterator[asyncpg.Pool]:
    """A small pool on a fresh migrated database, for tests of tables on PostgreSQL."""
    async with migrated_database() as name:
        pool = await asyncpg.create_pool(database_url(name), min_size=1, max_size=4)
        assert pool is not None
        try:
            yield pool
        finally:
            await pool.close()


@contextlib.asynccontextmanager
async def gateway_settings(**overrides: str) -> AsyncIterator[Settings]:
    """A deployment's test settings (devstack's) on a fresh, migrated database, with no
    process to reach; for a test module. Its database, Redis keys and blobs go after."""
    async with migrated_database() as name:
        env = stack_env(name, **overrides)
        try:
            yield Settings.from_env(env)
        finally:
            await _forget_redis_keys(env["WAGATE_REDIS_PREFIX"])
            shutil.rmtree(env["WAGATE_BLOB_DIR"], ignore_errors=True)


@contextlib.asynccontextmanager
async def running_gateway(settings: Settings, core: Core | None = None) -> AsyncIterator[Gateway]:
    """The gateway's app with its lifespan running, its commands answered by `core`.
    Cheap (a few ms): a test makes its own, and its tenants (`new_tenant`) are its own."""
    core = core or Core()
    core.kind.on_start = _show_qr
    core.kind.name = "sim"  # it stands in for the sim engine: the API names real engines only
    pool = core.pool()
    handler = CommandHandler(pool, core.metrics, HealthMonitor(pool, 60, 5), INITIALIZE_WAIT_S)
    bus = InMemoryBus(handler)
    app = create_app(settings, bus=bus)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
    gateway = Gateway(settings, client, core, bus)
    client.base_url = httpx.URL(gateway.api)
    try:
        async with app.router.lifespan_context(app), client:
            yield gateway
    finally:
        await pool.stop_all("test over")


async def _forget_redis_keys(prefix: str) -> None:
    redis: Redis = Redis.from_url(REDIS_URL)
    try:
        # a SCAN of the shared Redis takes ~0.5 s: once per module, not per test
        keys: list[Any] = [k async for k in redis.scan_iter(match=f"{prefix}:*", count=1000)]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()
