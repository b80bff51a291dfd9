"""The send path's baseline: a minimal Starlette app on the same Hypercorn settings whose
handler does one Redis XADD and returns. `python -m bench.baseline_app PORT`."""

from __future__ import annotations

import asyncio
import sys

from hypercorn.asyncio import serve
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from wagate.serving import hypercorn_config


def main() -> None:
    port = int(sys.argv[1])
    redis = Redis.from_url("redis://127.0.0.1:6379/0")

    async def send(request: Request) -> JSONResponse:
        body = await request.json()
        entry = await redis.xadd("wagate-bench:baseline", {"m": body["message"]}, maxlen=10_000)
        return JSONResponse({"success": True, "id": entry.decode()})

    app = Starlette(routes=[Route("/send", send, methods=["POST"])])
    asyncio.run(serve(app, hypercorn_config("127.0.0.1", port, 1)))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
