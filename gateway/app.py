"""The gateway process: one Starlette app, wired here and nowhere else."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from hypercorn.asyncio import serve
from hypercorn.middleware import ProxyFixMiddleware
from prometheus_client import CONTENT_TYPE_LATEST
from redis.asyncio import BlockingConnectionPool
from redis.exceptions import RedisError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route, Router, WebSocketRoute

from gateway import (
    account_api,
    calls_api,
    channels_api,
    chats_api,
    contacts_api,
    conversations_api,
    errors,
    forward_api,
    groups_api,
    health_api,
    history_api,
    media_api,
    pacing_api,
    profile_api,
    proxy_api,
    send_api,
    sessions_api,
    streams_api,
    tenants_api,
    webhooks_api,
)
from gateway.api_keys import ApiKeys
from gateway.auth import Authenticator
from gateway.bus_client import BusClient, RedisBus
from gateway.console import routes as console_routes
from gateway.database import Database, outage_handlers
from gateway.event_fanout import EventFanout
from gateway.events_ws import events_socket
from gateway.host_check import AllowedHosts, HostCheckMiddleware
from gateway.idempotency import IdempotencyStore
from gateway.metrics import GatewayMetrics
from gateway.number_checks import NumberCheckCache
from gateway.observability import ObservabilityMiddleware
from gateway.ratelimit import RateLimiter
from gateway.reply_inbox import ReplyInbox
from gateway.response_writes import write_answers_whole
from gateway.services import Services
from gateway.tenants import Tenants
from gateway.tokens import TokenVerifier
from gateway.ws_limits import cap_client_messages
from wagate.blobs import BlobUnavailable, open_blob_store
from wagate.bus import BusKeys, CommandBus, socket_timeout_for
from wagate.config import GatewaySettings, redacted_url
from wagate.deadlines import CancellableRedis
from wagate.sealing import Sealer
from wagate.serving import freeze_startup_objects, hypercorn_config, stop_on_signals
from wagate.shared_connection import SharedConnection

log = logging.getLogger("wagate.gateway")

# the modules whose `routes` make up /api/whatsapp: a new feature adds its module here
API_FEATURES = (
    sessions_api,
    send_api,
    forward_api,
    media_api,
    profile_api,
    chats_api,
    conversations_api,
    history_api,
    contacts_api,
    groups_api,
    calls_api,
    account_api,
    channels_api,
    tenants_api,
    proxy_api,
    pacing_api,
    webhooks_api,
    streams_api,
)


def _redis(settings: GatewaySettings) -> CancellableRedis:
    # every in-flight command of an older connector holds a connection for its BLPOP
    # (the reply inbox's reader, one) and every WebSocket one for its XREAD: size the
    # pool for that, and let a burst wait for a connection
    # (redis-py's default pool refuses the 101st with "Too many connections")
    return CancellableRedis(
        connection_pool=BlockingConnectionPool.from_url(
            settings.redis_url,
            max_connections=settings.gateway_redis_connections,
            timeout=settings.command_timeout_s,
            socket_connect_timeout=2,
            socket_timeout=socket_timeout_for(settings.command_timeout_s),
        )
    )


def _bus_client(
    redis: CancellableRedis, keys: BusKeys, settings: GatewaySettings, bus: CommandBus | None
) -> BusClient:
    if bus is not None:  # a test's, in process
        return BusClient(bus)
    inbox = ReplyInbox(redis, keys)
    return BusClient(RedisBus(redis, keys, settings.command_timeout_s, inbox), inbox)


def _build(
    settings: GatewaySettings,
    metrics: GatewayMetrics,
    stopping: asyncio.Event,
    bus: CommandBus | None,
) -> Services:
    redis, keys = _redis(settings), BusKeys(settings.redis_prefix)
    db = Database(settings.database_url, timeout_s=settings.gateway_database_timeout_s)
    tenants = Tenants(db)
    # the script every send runs, on one connection all requests share
    shared = SharedConnection(redis, socket_timeout_for(settings.command_timeout_s))
    limiter = RateLimiter(redis, settings.redis_prefix, metrics, shared)
    api_keys = ApiKeys(db, settings.api_key_pepper)
    return Services(
        settings=settings,
        stopping=stopping,
        redis=redis,
        keys=keys,
        fanout=EventFanout(
            redis,
            settings.redis_prefix,
            max_bytes=settings.ws_max_queued_bytes,
            max_total_bytes=settings.ws_max_queued_bytes_total,
        ),
        bus=_bus_client(redis, keys, settings, bus),
        db=db,
        metrics=metrics,
        sealer=Sealer(settings.credentials_keys),
        tenants=tenants,
        limiter=limiter,
        api_keys=api_keys,
        auth=Authenticator(settings, TokenVerifier(settings), api_keys, tenants, limiter),
        blobs=open_blob_store(settings),
        idempotency=IdempotencyStore(redis, settings.redis_prefix, settings.idempotency_ttl_s),
        number_checks=NumberCheckCache(
            redis, settings.redis_prefix, settings.number_check_cache_ttl_s
        ),
    )


@contextlib.asynccontextmanager
async def running_services(
    settings: GatewaySettings,
    metrics: GatewayMetrics,
    stopping: asyncio.Event,
    bus: CommandBus | None = None,
) -> AsyncIterator[Services]:
    """The services for the app's lifetime, closed in order at its end."""
    made = _build(settings, metrics, stopping, bus)
    try:
        await made.redis.ping()
        log.info("gateway: Redis %s", redacted_url(settings.redis_url))
    except Exception as e:  # the gateway starts anyway and answers 503 bus_unavailable
        log.warning(
            "gateway: Redis %s unreachable at start: %s", redacted_url(settings.redis_url), e
        )
    try:
        async with made.bus.reading():
            yield made
    finally:
        await made.limiter.close()
        await made.fanout.close()
        await made.db.close()
        await made.blobs.close()
        await made.redis.aclose()


def create_app(
    settings: GatewaySettings,
    metrics: GatewayMetrics | None = None,
    stopping: asyncio.Event | None = None,
    bus: CommandBus | None = None,
) -> Starlette:
    """`stopping` is set when the gateway begins to stop: event sockets close at once.
    `bus` carries commands to the connector: Redis's command stream unless a test hands
    the commands to a connector in the same process (tests/inproc.py)."""
    metrics = metrics or GatewayMetrics()
    stopping = stopping or asyncio.Event()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with running_services(settings, metrics, stopping, bus) as made:
            app.state.services = made
            yield

    app = Starlette(
        routes=[
            *health_api.routes,
            *console_routes.routes,  # /console, /docs, /openapi.yaml, /openapi.json
            Mount(
                "/api/whatsapp",
                # no redirect to the path without its trailing slash: Starlette builds
                # that absolute URL from the request's Host header (an open redirect)
                app=Router(
                    routes=[
                        *(route for feature in API_FEATURES for route in feature.routes),
                        WebSocketRoute("/events", events_socket),
                    ],
                    redirect_slashes=False,
                ),
            ),
        ],
        exception_handlers={
            errors.ApiError: errors.handle_api_error,
            HTTPException: errors.handle_http_exception,
            **outage_handlers(),  # PostgreSQL away: 503 database_unavailable on every route
            RedisError: errors.handle_bus_error,
            BlobUnavailable: errors.handle_blob_error,  # S3 or the media directory failing
            Exception: errors.handle_unexpected,
        },
        lifespan=lifespan,
        middleware=[
            Middleware(ObservabilityMiddleware, metrics=metrics),  # logs refused Hosts too
            Middleware(HostCheckMiddleware, allowed=AllowedHosts.of(settings)),
        ],
    )
    app.router.redirect_slashes = False
    return app


def metrics_app(metrics: GatewayMetrics) -> Starlette:
    """The gateway's own metrics, on a port of their own (not the public API's)."""

    async def prometheus(request: Request) -> Response:
        return PlainTextResponse(metrics.prometheus_text(), media_type=CONTENT_TYPE_LATEST)

    return Starlette(routes=[Route("/metrics", prometheus), Route("/healthz", health_api.healthz)])


async def serve_gateway(settings: GatewaySettings, stop: asyncio.Event | None = None) -> None:
    stop = stop or asyncio.Event()
    stop_on_signals(stop)
    metrics = GatewayMetrics()
    app: Any = create_app(settings, metrics, stop)
    if settings.trusted_proxy_hops:
        # the client address (auth-failure limit, logs) is the one the trusted proxies saw
        app = ProxyFixMiddleware(app, mode="legacy", trusted_hops=settings.trusted_proxy_hops)
    config = hypercorn_config(
        settings.host, settings.port, graceful_timeout_s=settings.gateway_drain_timeout_s
    )
    cap_client_messages(config)
    write_answers_whole()
    servers = [serve(app, config, shutdown_trigger=stop.wait)]
    if settings.gateway_metrics_port:
        servers.append(
            serve(
                metrics_app(metrics),  # type: ignore[arg-type]
                hypercorn_config(settings.host, settings.gateway_metrics_port, 1),
                shutdown_trigger=stop.wait,
            )
        )
    log.info("gateway listening on http://%s:%d/api/whatsapp", settings.host, settings.port)
    freeze_startup_objects()
    await asyncio.gather(*servers)
