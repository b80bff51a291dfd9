"""WebSocket /api/whatsapp/events: a tenant's event stream, resumable by event id.

Tenants get their own company's events and nothing else; an admin names the company with
`?companyId=`. `?since=<id>` resumes after the last id the client saw (ids are Redis
stream ids); without it the socket starts with new events only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re

from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.websockets import WebSocket, WebSocketDisconnect

from gateway.access import caller
from gateway.auth import scoped_company
from gateway.errors import ApiError
from gateway.principal import Scope
from wagate.bus import LONGEST_BLOCK_S, BusKeys, Event, decode_entries, decode_read

log = logging.getLogger(__name__)

_STREAM_ID = re.compile(r"^(\d{1,20})-(\d{1,20})$")
_MAX_ID_PART = 2**64 - 1  # Redis stream ids are two unsigned 64-bit numbers


def _valid_since(since: str) -> bool:
    match = _STREAM_ID.match(since)
    return match is not None and all(int(part) <= _MAX_ID_PART for part in match.groups())


_BLOCK_MS = int(LONGEST_BLOCK_S * 1000)
_BATCH = 100
# close codes in the 4000 range mirror the HTTP status of the refusal
_CLOSE_FOR_STATUS = {400: 4400, 401: 4401, 403: 4403, 404: 4404, 429: 4429, 503: 4503}


async def events_socket(ws: WebSocket) -> None:
    redis: Redis = ws.app.state.redis
    keys: BusKeys = ws.app.state.keys
    await ws.accept()
    try:
        principal = await caller(ws, allow_query_token=True)
        requested = ws.query_params.get("companyId") or principal.company_id
        if requested is None:
            raise ApiError(400, "company_required", "admins choose a stream with ?companyId=")
        company_id = scoped_company(principal, requested)
        principal.require(Scope.READ)
        since = ws.query_params.get("since") or "$"
        if since != "$" and not _valid_since(since):
            raise ApiError(400, "invalid_since", "since must be an event id like 1700000000000-0")
    except ApiError as e:
        await ws.send_json({"success": False, "code": e.code, "error": e.message})
        await ws.close(code=_CLOSE_FOR_STATUS.get(e.status, 1008))
        return

    await ws.send_json({"type": "subscribed", "companyId": company_id})
    stream = asyncio.create_task(_pump(ws, redis, keys.events(company_id), since))
    closed = asyncio.create_task(_wait_closed(ws))
    done, pending = await asyncio.wait({stream, closed}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    if stream in done and stream.exception() is not None:
        log.warning("event stream for %s ended: %s", company_id, stream.exception())
        with contextlib.suppress(Exception):
            await ws.close(code=1011)


async def _wait_closed(ws: WebSocket) -> None:
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            await ws.receive_text()  # clients send nothing we need; this sees the close


async def _pump(ws: WebSocket, redis: Redis, stream_key: str, last_id: str) -> None:
    if last_id == "$":
        # resolve "$" once, so events added between two reads are not skipped
        info = await _last_id(redis, stream_key)
        last_id = info or "0-0"
    while True:
        try:
            batches = await redis.xread({stream_key: last_id}, count=_BATCH, block=_BLOCK_MS)
        except RedisError as e:
            raise RuntimeError(f"Redis read failed: {e}") from e
        for last_id, fields in decode_read(batches):
            event = Event.from_fields(fields)
            await ws.send_text(json.dumps(event.to_public(last_id), separators=(",", ":")))


async def _last_id(redis: Redis, stream_key: str) -> str | None:
    entries = decode_entries(await redis.xrevrange(stream_key, count=1))
    return entries[0][0] if entries else None
