"""What every route of the gateway may use, made once per process and typed: a route asks
`services(request)` instead of reading untyped attributes of the app's state."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.requests import HTTPConnection

if TYPE_CHECKING:  # the modules below use `services` themselves (gateway/app.py builds it)
    from gateway.api_keys import ApiKeys
    from gateway.auth import Authenticator
    from gateway.bus_client import BusClient
    from gateway.database import Database
    from gateway.event_fanout import EventFanout
    from gateway.idempotency import IdempotencyStore
    from gateway.metrics import GatewayMetrics
    from gateway.number_checks import NumberCheckCache
    from gateway.ratelimit import RateLimiter
    from gateway.tenants import Tenants
    from wagate.blobs import BlobStore
    from wagate.bus import BusKeys
    from wagate.config import GatewaySettings
    from wagate.deadlines import CancellableRedis
    from wagate.sealing import Sealer


@dataclass(frozen=True)
class Services:
    settings: GatewaySettings
    stopping: asyncio.Event  # set when the gateway begins to stop: sockets close at once
    redis: CancellableRedis
    keys: BusKeys
    fanout: EventFanout
    bus: BusClient
    db: Database
    metrics: GatewayMetrics
    sealer: Sealer  # seals webhook secrets
    tenants: Tenants
    limiter: RateLimiter
    api_keys: ApiKeys
    auth: Authenticator
    blobs: BlobStore  # media bytes (gateway/media_api.py)
    idempotency: IdempotencyStore
    number_checks: NumberCheckCache


def services(conn: HTTPConnection) -> Services:
    """The process's services, for a request or a WebSocket."""
    found: Services = conn.app.state.services
    return found
