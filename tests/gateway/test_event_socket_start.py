"""An event socket without `since` starts "from now on" as of its `subscribed` frame: a
client that acts the moment it reads that frame gets every event its action causes, even
when the gateway is slow to find the stream's end."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from redis.asyncio import Redis

from devstack.stack import REDIS_URL
from gateway.event_fanout import EventFanout
from tests.inproc import Gateway, gateway_settings, running_gateway
from wagate.bus import BusKeys, Event, EventType
from wagate.config import Settings

_SLOW_LOOKUP_S = 0.3  # a gateway under load, or a Redis far away


@pytest.fixture(scope="module")
async def settings() -> AsyncIterator[Settings]:
    async with gateway_settings() as s:
        yield s


class AsgiSocket:
    """A WebSocket client speaking ASGI to the app in process (httpx has no WebSocket)."""

    def __init__(self, gateway: Gateway, query: str) -> None:
        transport = gateway.client._transport
        assert isinstance(transport, httpx.ASGITransport)
        url = urlsplit(gateway.api)
        self._scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "scheme": "ws",
            "path": url.path + "/events",
            "raw_path": (url.path + "/events").encode(),
            "query_string": query.encode(),
            "headers": [(b"host", url.netloc.encode())],
            "client": ("127.0.0.1", 50000),
            "server": (url.hostname or "localhost", url.port or 80),
            "subprotocols": [],
        }
        self._app = transport.app
        self._incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> AsgiSocket:
        await self._incoming.put({"type": "websocket.connect"})
        self._task = asyncio.create_task(self._app(self._scope, self._receive, self._send))
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._incoming.put({"type": "websocket.disconnect", "code": 1000})
        assert self._task is not None
        await asyncio.wait_for(self._task, 10)

    async def _receive(self) -> dict[str, Any]:
        return await self._incoming.get()

    async def _send(self, message: dict[str, Any]) -> None:
        if message["type"] == "websocket.send":
            await self.frames.put(json.loads(message["text"]))
        elif message["type"] == "websocket.close":
            await self.frames.put({"closed": message.get("code")})

    async def next(self) -> dict[str, Any]:
        return await asyncio.wait_for(self.frames.get(), 10)


async def test_an_event_caused_right_after_subscribed_reaches_the_socket(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up = EventFanout.last_id

    async def slow_lookup(self: EventFanout, stream: str) -> str:
        await asyncio.sleep(_SLOW_LOOKUP_S)
        return await looked_up(self, stream)

    monkeypatch.setattr(EventFanout, "last_id", slow_lookup)
    redis = Redis.from_url(REDIS_URL)
    try:
        async with running_gateway(settings) as gateway:
            tenant = gateway.new_tenant()
            stream = BusKeys(settings.redis_prefix).events(tenant)
            async with AsgiSocket(gateway, f"token={gateway.token(tenant)}") as socket:
                assert await socket.next() == {"type": "subscribed", "companyId": tenant}
                # what the client's first action makes the connector write
                caused = Event(EventType.STATE, tenant, {"state": "starting"})
                await redis.xadd(stream, caused.to_fields())  # type: ignore[arg-type]
                frame = await socket.next()
            assert frame.get("eventId") == caused.id, frame
    finally:
        await redis.aclose()
