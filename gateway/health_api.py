"""Liveness and readiness, for load balancers and orchestrators: no auth, no tenant data.

Ready means this gateway can do its job: Redis and PostgreSQL answer. Whether a connector
has sent its heartbeat in the last 15 s is reported too, but does not make the gateway
unready: a connector restart would otherwise take every gateway out of the balancer at
once, refusing event sockets, tenant and webhook routes and sends that would simply
have queued on the bus until the connector is back. A missing connector is an alert
(WagateConnectorMissing), not a reason to stop serving.
"""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.database import Database
from gateway.services import services
from wagate.bus import BusKeys
from wagate.deadlines import within

_CHECK_TIMEOUT_S = 2.0


async def readiness(redis: Redis, db: Database, keys: BusKeys) -> dict[str, Any]:
    checks: dict[str, str] = {}
    try:
        await within(redis.ping(), _CHECK_TIMEOUT_S)
        checks["redis"] = "ok"
        beat = await within(redis.get(keys.connector_heartbeat), _CHECK_TIMEOUT_S)
        checks["connector"] = "ok" if beat else "no heartbeat in the last 15 s"
    except Exception as e:
        checks["redis"] = f"unreachable: {type(e).__name__}"
        checks["connector"] = "unknown (Redis unreachable)"
    try:
        pool = await within(db.pool(), _CHECK_TIMEOUT_S)
        await within(pool.fetchval("SELECT 1"), _CHECK_TIMEOUT_S)
        checks["postgres"] = "ok"
    except Exception as e:
        checks["postgres"] = f"unreachable: {type(e).__name__}"
    ready = checks["redis"] == "ok" and checks["postgres"] == "ok"
    return {"ready": ready, "checks": checks}


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    state = services(request)
    result = await readiness(state.redis, state.db, state.keys)
    return JSONResponse(result, status_code=200 if result["ready"] else 503)


routes = [
    Route("/healthz", healthz, methods=["GET"]),
    Route("/readyz", readyz, methods=["GET"]),
]
