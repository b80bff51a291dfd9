"""REST routes for a tenant's event streams (docs/event-streams.md), under /api/whatsapp.

    POST   /streams              add one (RabbitMQ or NATS JetStream)
    GET    /streams              list the tenant's streams
    GET    /streams/{streamId}   one stream
    DELETE /streams/{streamId}   forget it (and what it is still owed)

A stream's broker URL is stored sealed and shown without its credentials. Scoping is the
webhooks': a tenant sees its own streams only; an admin names the company with
`companyId`. Installation-wide streams are the connector's settings, not listed here.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.answers import ok
from gateway.errors import ApiError
from gateway.routing import route
from gateway.schemas import read_body
from gateway.services import services
from gateway.webhook_schemas import StreamCreate
from gateway.webhooks_api import _principal, _settings, _tenant_filter, _tenant_to_act_for
from wagate.event_streams import (
    BadStream,
    check_broker_host,
    checked_exchange,
    checked_subject,
    checked_url,
    shown_url,
)
from wagate.ssrf import UnsafeUrl
from wagate.tables import webhook_endpoints
from wagate.tables.tenants import ensure_tenant, lock_tenant
from wagate.tables.webhook_endpoints import NewStream, Stream
from wagate.timestamps import iso_utc

MAX_STREAMS_PER_TENANT = 5
_STREAM_ID = re.compile(r"st_[0-9a-f]{24}")  # what create_stream makes


def stream_json(stream: Stream) -> dict[str, Any]:
    return {
        "id": stream.id,
        "companyId": stream.tenant_id,
        "kind": stream.kind,
        "url": stream.url,
        "target": stream.target,
        "exchange": stream.exchange,
        "eventTypes": None if stream.event_types is None else list(stream.event_types),
        "enabled": stream.enabled,
        "createdAt": iso_utc(stream.created_at),
        "updatedAt": iso_utc(stream.updated_at),
    }


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(
        "validation_failed", f"{field}: {message}", details=[{"field": field, "message": message}]
    )


async def _checked(body: StreamCreate, allow_private: bool) -> None:
    """The body's URL, target and exchange, and where the broker's host resolves now (the
    webhooks' SSRF guard: a tenant's stream reaches public addresses only)."""
    for field, check, value in (
        ("url", lambda v: checked_url(body.kind, v), body.url),
        ("target", checked_subject, body.target),
        ("exchange", checked_exchange, body.exchange),
    ):
        try:
            check(value)
        except BadStream as e:
            raise _invalid(field, str(e)) from None
    if body.exchange and body.kind != "amqp":
        raise _invalid("exchange", "only an amqp stream has an exchange")
    try:
        await check_broker_host(body.kind, body.url, allow_private=allow_private)
    except UnsafeUrl as e:
        raise ApiError(
            "url_not_allowed", f"url: {e}", details=[{"field": "url", "message": str(e)}]
        ) from None


async def create_stream(request: Request) -> Response:
    principal = await _principal(request)
    settings = _settings(request)
    body = await read_body(request, StreamCreate, settings.max_body_bytes)
    tenant_id = _tenant_to_act_for(principal, body.companyId)
    await _checked(body, settings.webhook_allow_private)
    new = NewStream(
        id="st_" + secrets.token_hex(12),
        tenant_id=tenant_id,
        kind=body.kind,
        url=shown_url(body.url),
        sealed_url=services(request).sealer.seal_text(body.url),
        target=body.target,
        exchange=body.exchange,
        event_types=body.eventTypes,
    )
    pool = await services(request).db.pool()
    async with pool.acquire() as conn, conn.transaction():
        await ensure_tenant(conn, tenant_id)
        await lock_tenant(conn, tenant_id)  # the limit holds under concurrent creations
        if await webhook_endpoints.count_tenant_streams(conn, tenant_id) >= MAX_STREAMS_PER_TENANT:
            raise ApiError(
                "stream_limit_reached",
                f"a tenant may have at most {MAX_STREAMS_PER_TENANT} event streams",
            )
        await webhook_endpoints.put_stream(conn, new)
        stream = await webhook_endpoints.get_stream(conn, new.id, tenant_id)
    assert stream is not None
    return ok({"stream": stream_json(stream)}, 201)


async def list_streams(request: Request) -> Response:
    principal = await _principal(request)
    tenant_id = _tenant_to_act_for(principal, request.query_params.get("companyId"))
    pool = await services(request).db.pool()
    rows = await webhook_endpoints.tenant_streams(pool, tenant_id)
    return ok({"streams": [stream_json(r) for r in rows], "total": len(rows)})


async def _stream(request: Request) -> Stream:
    principal = await _principal(request)
    stream_id = request.path_params["streamId"]
    pool = await services(request).db.pool()
    found = None
    if _STREAM_ID.fullmatch(stream_id):  # anything else is no stream: not asked of PostgreSQL
        found = await webhook_endpoints.get_stream(
            pool, stream_id, _tenant_filter(principal, request)
        )
    if found is None or found.tenant_id is None:
        raise ApiError("stream_not_found", f"no event stream {stream_id[:80]}")
    return found


async def get_stream(request: Request) -> Response:
    return ok({"stream": stream_json(await _stream(request))})


async def delete_stream(request: Request) -> Response:
    stream = await _stream(request)
    pool = await services(request).db.pool()
    if not await webhook_endpoints.delete_stream(pool, stream.id, stream.tenant_id):
        raise ApiError("stream_not_found", f"no event stream {stream.id}")
    return ok({"id": stream.id, "deleted": True})


routes: list[Route] = [
    route("/streams", GET=list_streams, POST=create_stream),
    route("/streams/{streamId}", GET=get_stream, DELETE=delete_stream),
]
