"""A connector's role as its ops port reports it (leader or standby, ready or not): used by
the standby tests and the takeover benchmark."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx


async def ops(c: httpx.AsyncClient, port: int) -> dict[str, Any]:
    r = await c.get(f"http://127.0.0.1:{port}/readyz")
    body: dict[str, Any] = r.json()
    return body


async def wait_role(c: httpx.AsyncClient, port: int, role: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            body = await ops(c, port)
            if body["role"] == role and body["ready"]:
                return
        except httpx.HTTPError:
            body = {}
        if time.monotonic() > deadline:
            raise AssertionError(f"connector on :{port} is not a ready {role}: {body}")
        await asyncio.sleep(0.05)
