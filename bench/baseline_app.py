"""The send path's baseline: a minimal Starlette app on the gateway's Hypercorn settings
whose handler does one Redis XADD to a throwaway stream and returns JSON.

`python -m bench.baseline_app PORT STREAM`; the caller deletes STREAM afterwards."""

from __future__ import annotations

import asyncio
import sys

from hypercorn.asyncio import serve
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from devstack.stack import REDIS_URL
from wagate.serving import hypercorn_config


def main() -> None:
    port, stream = int(sys.argv[1]), sys.argv[2]
    # redis-py 8's default pool (100 connections, failing rather than waiting beyond them)
    # would make this floor itself fail at 128 concurrent requests
    redis = Redis.from_url(REDIS_URL, max_connections=1024)

    async def send(request: Request) -> JSONResponse:
        body = await request.json()
        entry = await redis.xadd(stream, {"m": body["message"]}, maxlen=10_000)
        entry_id = entry.decode() if isinstance(entry, bytes) else str(entry)
        return JSONResponse({"success": True, "id": entry_id})

    app = Starlette(routes=[Route("/send", send, methods=["POST"])])
    asyncio.run(serve(app, hypercorn_config("127.0.0.1", port, 1)))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
