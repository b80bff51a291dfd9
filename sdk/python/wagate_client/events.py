"""The event WebSocket (`/events`) as an async iterator that resumes by itself.

    async with EventStream("http://127.0.0.1:3000/api/whatsapp", api_key) as stream:
        async for item in stream:
            if isinstance(item, StreamGap):
                ...  # events after item.since are gone: read what you need from the API
            else:
                handle(item)  # a StreamEvent; item.id is the resume point to store

When the connection drops (network, a gateway restarting: 1012, a slow reader: 1013) the
stream reconnects with `?since=<id of the last event it handed out>` and goes on: the
gateway gives every event after it, in order and once, or a gap notice first when they
are no longer held. A refusal (bad or expired credential, wrong scope, disabled tenant:
close codes 4400-4499) ends the iteration with EventStreamRefused.

Until the first event arrives a stream started without `since` has no position: a
reconnect then starts with new events again. Pass the last id you stored to be exact.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

_REFUSALS = range(4400, 4500)  # the gateway's close codes mirroring an HTTP 4xx


@dataclass(frozen=True)
class StreamEvent:
    id: str  # the stream id: resume after it with since=
    event_id: str  # evt_…: the same as the webhook's webhook-id
    type: str
    company_id: str
    timestamp: int  # Unix milliseconds
    data: dict[str, Any]


@dataclass(frozen=True)
class StreamGap:
    """Events after `since` are gone (past the event log's retention, or a restored
    database); `next` is the first one that will still come (None: the next to happen)."""

    since: str
    next: str | None


class EventStreamRefused(Exception):
    def __init__(self, close_code: int, code: str | None, message: str) -> None:
        super().__init__(f"{close_code} {code}: {message}")
        self.close_code = close_code
        self.code = code  # the stable error code (token_expired, insufficient_scope, ...)


@dataclass
class Backoff:
    first_s: float = 0.1
    cap_s: float = 5.0
    _next_s: float = field(default=0.0, init=False)

    def reset(self) -> None:
        self._next_s = 0.0

    def delay(self) -> float:
        self._next_s = min(self.cap_s, self._next_s * 2 or self.first_s)
        return self._next_s * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not secrecy


def events_url(base_url: str, since: str | None, company_id: str | None) -> str:
    """ws(s)://…/events from the API's base URL (http(s)://host/api/whatsapp)."""
    ws_base = "ws" + base_url.removeprefix("http") if base_url.startswith("http") else base_url
    query = {k: v for k, v in (("since", since), ("companyId", company_id)) if v}
    return ws_base.rstrip("/") + "/events" + (f"?{urlencode(query)}" if query else "")


class EventStream:
    """`credential` is an API key (`wg_…`, with the read scope) or a JWT; admins name the
    company. `since`: resume after this event id (None: new events only). `reconnects`
    counts the connections that were lost and made again."""

    def __init__(
        self,
        base_url: str,
        credential: str,
        *,
        since: str | None = None,
        company_id: str | None = None,
        backoff: Backoff | None = None,
        open_timeout_s: float = 10,
    ) -> None:
        self.base_url = base_url
        self.last_id = since
        self.company_id = company_id
        self.reconnects = 0
        self._credential = credential
        self._backoff = backoff or Backoff()
        self._open_timeout_s = open_timeout_s
        self._ws: ClientConnection | None = None
        self._closing = False

    async def __aenter__(self) -> EventStream:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Ends the iteration (no reconnect after this)."""
        self._closing = True
        if self._ws is not None:
            await self._ws.close()

    async def __aiter__(self) -> AsyncIterator[StreamEvent | StreamGap]:
        while not self._closing:
            try:
                async for item in self._one_connection():
                    yield item
            except (ConnectionClosed, InvalidHandshake, OSError, TimeoutError):
                # dropped, not reachable, or hung up before answering the handshake (a
                # proxy whose gateway is restarting): reconnect from last_id
                pass
            if self._closing:
                return
            self.reconnects += 1
            await asyncio.sleep(self._backoff.delay())

    async def _one_connection(self) -> AsyncIterator[StreamEvent | StreamGap]:
        url = events_url(self.base_url, self.last_id, self.company_id)
        headers = {"Authorization": f"Bearer {self._credential}"}
        try:
            ws = await connect(url, additional_headers=headers, open_timeout=self._open_timeout_s)
        except InvalidStatus as e:  # the handshake itself refused (403: a browser Origin)
            status = e.response.status_code
            if 400 <= status < 500:
                raise EventStreamRefused(status, None, f"handshake answered {status}") from e
            raise  # 5xx: a gateway in trouble, tried again
        self._ws = ws
        refusal: dict[str, Any] = {}
        try:
            async for raw in ws:
                frame = json.loads(raw)
                item = self._item(frame)
                if item is not None:
                    yield item
                elif frame.get("success") is False:
                    refusal = frame  # the close that follows says it is final
        except ConnectionClosed:
            pass
        finally:
            self._ws = None
        await ws.wait_closed()
        code = ws.close_code
        if code is not None and code in _REFUSALS:
            raise EventStreamRefused(code, refusal.get("code"), refusal.get("error", ""))

    def _item(self, frame: dict[str, Any]) -> StreamEvent | StreamGap | None:
        kind = frame.get("type")
        if kind == "subscribed":
            self._backoff.reset()
            return None
        if kind == "gap":
            return StreamGap(since=frame["since"], next=frame["next"])
        if "id" not in frame:
            return None
        event = StreamEvent(
            id=frame["id"],
            event_id=frame["eventId"],
            type=frame["type"],
            company_id=frame["companyId"],
            timestamp=frame["timestamp"],
            data=frame["data"],
        )
        self.last_id = event.id  # handed out: a reconnect resumes after it
        return event
