"""The connector's own HTTP listener for operators: /metrics, /healthz, /readyz.

/readyz names the process's role: `leader` (it holds the connector lock and owns the
sessions: ready when Redis and PostgreSQL answer and the command consumer runs),
`standby` (waiting for the lock: ready while its connection to PostgreSQL is up) or
`fenced` (it lost the lock and is stopping: never ready). The checks are read at each
request, so the process swaps them when its role changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from connector.metrics import ConnectorMetrics
from wagate.deadlines import within

Check = Callable[[], Awaitable[bool]]
_CHECK_TIMEOUT_S = 2.0


def ops_app(
    metrics: ConnectorMetrics, checks: dict[str, Check], role: Callable[[], str]
) -> Starlette:
    async def prometheus(request: Request) -> Response:
        return PlainTextResponse(metrics.prometheus_text(), media_type=CONTENT_TYPE_LATEST)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        results: dict[str, str] = {}
        for name, check in list(checks.items()):
            try:
                ok = await within(check(), _CHECK_TIMEOUT_S)
                results[name] = "ok" if ok else "failing"
            except Exception as e:
                results[name] = f"failing: {type(e).__name__}"
        now = role()
        ready = now != "fenced" and all(v == "ok" for v in results.values())
        return JSONResponse(
            {"ready": ready, "role": now, "checks": results}, status_code=200 if ready else 503
        )

    return Starlette(
        routes=[
            Route("/metrics", prometheus),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ]
    )
