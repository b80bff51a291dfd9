"""WebSocket /api/whatsapp/events: a tenant's event stream, resumable by event id.

Tenants get their own company's events and nothing else; an admin names the company with
`?companyId=`. `?since=<id>` resumes after the last id the client saw (ids are Redis
stream ids; what the stream no longer holds comes from the event log, or a gap notice
says it is gone: gateway/event_resume.py); without it the socket starts with new events
only.

A browser's handshake from another site's page is refused (HTTP 403) unless its Origin is
the gateway's own or in WAGATE_WS_ALLOWED_ORIGINS; clients that send no Origin (servers)
are not browsers and pass. The credential is checked for the socket's whole life: it
closes with 4401 at the JWT's `exp` (one already past it is refused at connect), and
within WAGATE_WS_RECHECK_INTERVAL of an API key's revocation (4401) or its tenant's
disabling (4403), whichever gateway changed them. A stopping gateway closes its sockets at
once with 1012, for their clients to resume elsewhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError
from starlette.websockets import WebSocket

from gateway.access import WS_PROTOCOL, caller
from gateway.auth import Authenticator, scoped_tenant
from gateway.database import Database
from gateway.errors import ApiError
from gateway.event_fanout import EventFanout, SlowSubscriber, StreamFailed
from gateway.event_resume import Resume
from gateway.principal import Principal, Scope
from gateway.services import services
from wagate import public_events
from wagate.bus import BusKeys, Event
from wagate.config import GatewaySettings
from wagate.deadlines import cancel_all

log = logging.getLogger(__name__)

_STREAM_ID = re.compile(r"([0-9]{1,20})-([0-9]{1,20})")
_MAX_ID_PART = 2**64 - 1  # Redis stream ids are two unsigned 64-bit numbers


def _valid_since(since: str) -> bool:
    match = _STREAM_ID.fullmatch(since)
    return match is not None and all(int(part) <= _MAX_ID_PART for part in match.groups())


# close codes in the 4000 range mirror the HTTP status of the refusal
_CLOSE_FOR_STATUS = {400: 4400, 401: 4401, 403: 4403, 404: 4404, 429: 4429, 503: 4503}
_GATEWAY_RESTART = 1012  # "service restart": the gateway is stopping; reconnect
_TASKS_END_WITHIN_S = 5.0
_CLOSE_WITHIN_S = 5.0


def _origin_allowed(ws: WebSocket, settings: GatewaySettings) -> bool:
    origin = ws.headers.get("origin")
    if origin is None:
        return True  # not a browser: nothing cross-site to guard against
    origin = origin.strip().lower().rstrip("/")
    host = ws.headers.get("host", "").strip().lower()
    own = host != "" and origin in (f"http://{host}", f"https://{host}")
    return own or origin in settings.ws_allowed_origins


async def events_socket(ws: WebSocket) -> None:
    settings: GatewaySettings = services(ws).settings
    if not _origin_allowed(ws, settings):
        log.info("event socket refused: Origin %r is not allowed", ws.headers.get("origin"))
        await ws.close(code=4403)  # before accept: the handshake is answered 403
        return
    # a browser client offers WS_PROTOCOL with its credential: echo it, or the browser
    # drops the connection
    offered = ws.scope.get("subprotocols") or []
    await ws.accept(subprotocol=WS_PROTOCOL if WS_PROTOCOL in offered else None)
    try:
        principal = await caller(ws, allow_query_token=True)
        # a token past exp but inside the verifier's clock leeway: refused here, since the
        # socket would have to close at once (it lives by exp, without leeway)
        principal.require_unexpired()
        requested = ws.query_params.get("companyId") or principal.tenant_id
        if requested is None:
            raise ApiError("company_required", "admins choose a stream with ?companyId=")
        tenant_id = scoped_tenant(principal, requested)
        principal.require(Scope.READ)
        since = ws.query_params.get("since") or "$"
        if since != "$" and not _valid_since(since):
            raise ApiError("invalid_since", "since must be an event id like 1700000000000-0")
    except ApiError as e:
        await _close(ws, _CLOSE_FOR_STATUS.get(e.status, 1008), e)
        return

    # "from now on" is fixed before `subscribed`: a client that acts on that frame gets
    # every event its actions cause
    start = await _now(ws, tenant_id) if since == "$" else Start(since)
    await ws.send_json({"type": "subscribed", "companyId": tenant_id})
    if isinstance(start, StreamFailed):  # as when the stream fails later: 1011
        log.warning("event stream for %s ended: %s", tenant_id, start)
        await _close(ws, 1011, None)
        return
    await _serve(ws, principal, tenant_id, start)


@dataclass(frozen=True)
class Start:
    """Where a socket's stream starts: after `after`, resuming from the client's last id
    (catching up from the event log as needed) unless `live` (the stream's last id)."""

    after: str
    live: bool = False


async def _now(ws: WebSocket, tenant_id: str) -> Start | StreamFailed:
    fanout: EventFanout = services(ws).fanout
    try:
        return Start(await fanout.last_id(services(ws).keys.events(tenant_id)), live=True)
    except RedisError as e:
        return StreamFailed(f"Redis read failed: {e}")


async def _serve(ws: WebSocket, principal: Principal, tenant_id: str, start: Start) -> None:
    """Streams events until the client leaves, the credential ends, the stream fails or the
    gateway stops, and closes the socket with the code that says which."""
    keys: BusKeys = services(ws).keys
    settings: GatewaySettings = services(ws).settings
    fanout: EventFanout = services(ws).fanout
    stopping: asyncio.Event = services(ws).stopping
    stream = asyncio.create_task(_pump(ws, fanout, keys.events(tenant_id), start, tenant_id))
    closed = asyncio.create_task(_wait_closed(ws))
    watch = asyncio.create_task(_credential_ends(ws, principal, settings.ws_recheck_interval_s))
    stop = asyncio.create_task(stopping.wait())
    tasks = {stream, closed, watch, stop}
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        await _end(tasks, tenant_id)
    if watch in done and watch.exception() is None:
        ended = watch.result()
        log.info("event stream for %s ended: %s", tenant_id, ended.code)
        await _close(ws, _CLOSE_FOR_STATUS.get(ended.status, 1008), ended)
    elif stop in done:
        # not an error: the client reconnects (to another gateway) with ?since=<last id>
        log.info("event stream for %s ended: the gateway is stopping", tenant_id)
        await _close(ws, _GATEWAY_RESTART, None)
    elif stream in done and stream.exception() is not None:
        error = stream.exception()
        slow = isinstance(error, SlowSubscriber)
        log.warning(
            "event stream for %s ended: %s",
            tenant_id,
            "the client fell too far behind" if slow else error,
        )
        # 1013 "try again later": reconnect with ?since=<the last id received>
        await _close(ws, 1013 if slow else 1011, None)


async def _end(tasks: set[asyncio.Task[Any]], tenant_id: str) -> None:
    """Cancels the socket's tasks and waits, within a bound, for them to end. A task that
    loses its cancellation (code we do not own can) is cancelled again until it ends."""
    left = await cancel_all(tasks, _TASKS_END_WITHIN_S)
    if left:
        log.warning("event stream for %s: %d tasks ignored cancellation", tenant_id, len(left))
    for task in tasks:
        # what matters is told by the caller; asyncio would log the rest as errors
        task.add_done_callback(_take_outcome)


def _take_outcome(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()


async def _close(ws: WebSocket, code: int, refusal: ApiError | None) -> None:
    """The refusal frame (if any) and the close, within a bound: a client that reads
    nothing must not hold the handler (the socket's TCP buffers may be full)."""
    with contextlib.suppress(Exception):
        async with asyncio.timeout(_CLOSE_WITHIN_S):
            if refusal is not None:
                await ws.send_json(
                    {"success": False, "code": refusal.code, "error": refusal.message}
                )
            await ws.close(code=code)


async def _credential_ends(ws: WebSocket, principal: Principal, interval_s: float) -> ApiError:
    """Returns the refusal the socket's credential would now get, once it would get one:
    at a JWT's exp to the second, otherwise at the next check after a revocation or a
    disabling (which another gateway may have made: the check asks PostgreSQL)."""
    auth: Authenticator = services(ws).auth
    while True:
        wait_s = interval_s
        if principal.expires_at is not None:
            wait_s = min(wait_s, max(0.0, principal.expires_at - time.time()))
        await asyncio.sleep(wait_s)
        try:
            await auth.require_still_valid(principal)
        except ApiError as e:
            return e
        except Exception as e:  # PostgreSQL away: keep serving what was allowed, retry
            log.warning("event socket: credential re-check failed: %s", e)


async def _wait_closed(ws: WebSocket) -> None:
    # clients send nothing we need (text or binary alike); this sees the close
    while (await ws.receive())["type"] != "websocket.disconnect":
        pass


async def _pump(
    ws: WebSocket, fanout: EventFanout, stream_key: str, start: Start, tenant_id: str
) -> None:
    async def send(entry_id: str, fields: dict[str, str]) -> None:
        event = Event.from_fields(fields)
        await ws.send_text(json.dumps(public_events.frame(event, entry_id), separators=(",", ":")))

    async def send_gap(notice: dict[str, Any]) -> None:
        await ws.send_text(json.dumps(notice, separators=(",", ":")))

    try:
        last_id = start.after
        if not start.live:
            # a resuming client catches up on its own reads, at its own pace (from the
            # event log where the stream no longer reaches back), before it goes live
            db: Database = services(ws).db
            resume = Resume(services(ws).redis, db.pool, stream_key, tenant_id, send, send_gap)
            last_id = await resume.replay(start.after)
        async with fanout.subscribe(stream_key, last_id) as sub:
            async for entry_id, fields in fanout.entries(sub):
                await send(entry_id, fields)
    except RedisError as e:
        raise StreamFailed(f"Redis read failed: {e}") from e
