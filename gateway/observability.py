"""Per request: a request id (taken from X-Request-ID or made, always returned), one log
line, and the HTTP metrics labelled by route template (never by raw path, whose company
ids would make the label set unbounded)."""

from __future__ import annotations

import logging
import re
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.metrics import GatewayMetrics
from wagate import logs
from wagate.ids import random_hex

log = logging.getLogger("wagate.gateway.access")

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return "unmatched" if path is None else f"{scope.get('root_path', '')}{path}"


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, metrics: GatewayMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _REQUEST_ID.fullmatch(given) else random_hex(8)
        rid_token = logs.request_id.set(rid)
        tenant_token = logs.tenant_id.set(None)
        status = 500 if scope["type"] == "http" else 101
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            method = scope.get("method", "WS")
            if scope["type"] == "http":
                self.metrics.http_requests.labels(route, method, str(status)).inc()
                self.metrics.http_duration.labels(route, method).observe(elapsed)
            tenant = scope.get("path_params", {}).get("companyId")
            log.info(
                "%s %s %s %.1f ms",
                method,
                route,
                status,
                elapsed * 1000,
                extra={
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "tenant_id": tenant,
                },
            )
            logs.request_id.reset(rid_token)
            logs.tenant_id.reset(tenant_token)
