"""Bad input over a real socket: a refusal made before the body has arrived still
reaches the client. The gateway's refusals themselves (tokens, company ids, bodies,
scoping) run in process: tests/gateway/test_inproc_access.py and test_inproc_routes.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx

from devstack.stack import Stack


async def test_an_early_refusal_still_reaches_a_client_sending_slowly(stack: Stack) -> None:
    """A request refused before its body has arrived (no token here; a wrong scope or a
    rate limit alike) gets its answer, and its connection carries the next request,
    instead of being closed under a client that is still sending."""

    async def slow_body() -> AsyncIterator[bytes]:
        yield b'{"phone": "79001234567",'
        await asyncio.sleep(0.05)
        yield b' "message": "hi"}'

    async with httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=1)) as one:
        for _ in range(3):
            r = await one.post(
                f"{stack.api}/sessions/{stack.new_tenant()}/send",
                content=slow_body(),
                headers={"Content-Type": "application/json"},
            )
            assert (r.status_code, r.json()["code"]) == (401, "token_missing")
            listed = await one.get(f"{stack.api}/tenants", headers=stack.admin())
            assert listed.status_code == 200, listed.text
