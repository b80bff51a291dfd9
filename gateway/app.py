"""The gateway process: one Starlette app, wired here and nowhere else."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from hypercorn.asyncio import serve
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import Mount, WebSocketRoute

from gateway import errors, sessions_api, webhooks_api
from gateway.bus_client import BusClient
from gateway.database import Database
from gateway.events_ws import events_socket
from wagate.bus import BusKeys
from wagate.config import Settings, redacted_url
from wagate.serving import hypercorn_config, stop_on_signals

log = logging.getLogger("wagate.gateway")


def create_app(settings: Settings) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        redis = Redis.from_url(settings.redis_url, socket_connect_timeout=2)
        keys = BusKeys(settings.redis_prefix)
        app.state.settings = settings
        app.state.redis = redis
        app.state.keys = keys
        app.state.bus = BusClient(redis, keys, settings.command_timeout_s)
        app.state.db = Database(settings.database_url)
        try:
            await redis.ping()
            log.info("gateway: Redis %s", redacted_url(settings.redis_url))
        except Exception as e:  # the gateway starts anyway and answers 503 bus_unavailable
            log.warning(
                "gateway: Redis %s unreachable at start: %s", redacted_url(settings.redis_url), e
            )
        try:
            yield
        finally:
            await app.state.db.close()
            await redis.aclose()

    return Starlette(
        routes=[
            Mount(
                "/api/whatsapp",
                routes=[
                    *sessions_api.routes,
                    *webhooks_api.routes,
                    WebSocketRoute("/events", events_socket),
                ],
            ),
        ],
        exception_handlers={
            errors.ApiError: errors.handle_api_error,
            HTTPException: errors.handle_http_exception,
            Exception: errors.handle_unexpected,
        },
        lifespan=lifespan,
    )


async def serve_gateway(settings: Settings, stop: asyncio.Event | None = None) -> None:
    stop = stop or asyncio.Event()
    stop_on_signals(stop)
    config = hypercorn_config(settings.host, settings.port, graceful_timeout_s=10)
    log.info("gateway listening on http://%s:%d/api/whatsapp", settings.host, settings.port)
    await serve(create_app(settings), config, shutdown_trigger=stop.wait)  # type: ignore[arg-type]
