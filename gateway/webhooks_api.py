"""REST routes for webhook endpoints, their deliveries and attempts, under /api/whatsapp.

    POST   /webhooks                                   register (the secret is shown once)
    GET    /webhooks                                   list the tenant's endpoints
    GET    /webhooks/{endpointId}                      one endpoint
    PATCH  /webhooks/{endpointId}                      change url, filter, headers, enabled
    DELETE /webhooks/{endpointId}                      forget it (and its deliveries)
    POST   /webhooks/{endpointId}/rotate-secret        new secret; the old one overlaps
    POST   /webhooks/{endpointId}/test                 queue a `webhook_test` event
    GET    /webhooks/{endpointId}/deliveries           deliveries, newest first, filtered
    GET    /webhooks/{endpointId}/deliveries/{id}      one delivery with its payload and attempts
    POST   /webhooks/{endpointId}/deliveries/{id}/replay   send it again
    POST   /webhooks/{endpointId}/replay               send again all dead-lettered since
    GET    /webhooks/{endpointId}/attempts             attempts, newest first, filtered

Scoping: a tenant token sees its own company's endpoints only, and another tenant's
endpoint id is answered 404, exactly like one that does not exist. An admin names the
company with `?companyId=` (or `companyId` in the create body) to list or create; on the
routes with an endpoint id it may add `?companyId=` and otherwise acts on that endpoint
whichever tenant owns it.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.access import caller
from gateway.answers import ok
from gateway.errors import ApiError
from gateway.principal import Principal, Scope
from gateway.routing import route
from gateway.schemas import read_body, validate
from gateway.services import services
from gateway.tenant_ids import COMPANY_ID
from gateway.webhook_schemas import (
    AttemptQuery,
    DeliveryQuery,
    EndpointCreate,
    EndpointUpdate,
    ReplayRequest,
    RotateSecret,
)
from gateway.webhook_store import MAX_ENDPOINTS_PER_TENANT, EndpointLimitReached, WebhookStore
from gateway.webhook_views import attempt_json, delivery_json, endpoint_json
from wagate.config import GatewaySettings
from wagate.ssrf import UnsafeUrl, check_url
from wagate.tables.webhook_endpoints import Endpoint
from wagate.tables.webhook_outbox import Page


def _settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = services(request).settings
    return settings


async def _principal(request: Request) -> Principal:
    """Webhook endpoints are configuration: API keys need the `manage` scope."""
    return await caller(request, Scope.MANAGE)


async def _store(request: Request) -> WebhookStore:
    return WebhookStore(await services(request).db.pool(), services(request).sealer)


def _valid_tenant(tenant_id: str) -> str:
    if not COMPANY_ID.fullmatch(tenant_id):
        raise ApiError("invalid_company_id", "companyId must match ^[A-Za-z0-9_-]{1,64}$")
    return tenant_id


def _tenant_to_act_for(principal: Principal, requested: str | None) -> str:
    """The one company a list or create acts for."""
    if principal.is_admin:
        if requested is None:
            raise ApiError("company_required", "admins name the tenant with companyId")
        return _valid_tenant(requested)
    assert principal.tenant_id is not None
    if requested is not None and _valid_tenant(requested) != principal.tenant_id:
        raise ApiError("company_not_found", f"no company {requested}")
    return principal.tenant_id


def _tenant_filter(principal: Principal, request: Request) -> str | None:
    """The company an endpoint-id route is limited to; None: an admin, any company."""
    requested = request.query_params.get("companyId")
    if principal.is_admin:
        return None if requested is None else _valid_tenant(requested)
    return principal.tenant_id


def _not_found(endpoint_id: str) -> ApiError:
    return ApiError("webhook_not_found", f"no webhook endpoint {endpoint_id}")


async def _checked_url(settings: GatewaySettings, url: str) -> str:
    try:
        await check_url(url, allow_private=settings.webhook_allow_private)
    except UnsafeUrl as e:
        raise ApiError(
            "url_not_allowed",
            f"url: {e}",
            details=[{"field": "url", "message": str(e)}],
        ) from None
    return url


async def _endpoint(request: Request) -> tuple[WebhookStore, Endpoint]:
    """The endpoint named in the path, if the caller may see it (404 otherwise)."""
    principal = await _principal(request)
    endpoint_id = request.path_params["endpointId"]
    store = await _store(request)
    endpoint = await store.get(endpoint_id, _tenant_filter(principal, request))
    if endpoint is None:
        raise _not_found(endpoint_id)
    return store, endpoint


def _query(request: Request, model: type[DeliveryQuery] | type[AttemptQuery]) -> Any:
    return validate(model, dict(request.query_params))


def _page(query: DeliveryQuery | AttemptQuery) -> Page:
    return Page(query.since, query.until, query.before, query.limit)


def _next_before(items: list[dict[str, Any]], limit: int) -> int | None:
    return int(items[-1]["id"]) if len(items) == limit else None


# ---- endpoints ----------------------------------------------------------------------------


async def create_endpoint(request: Request) -> Response:
    principal = await _principal(request)
    settings = _settings(request)
    body = await read_body(request, EndpointCreate, settings.max_body_bytes)
    tenant_id = _tenant_to_act_for(principal, body.companyId)
    url = await _checked_url(settings, body.url)
    store = await _store(request)
    try:
        row, secret = await store.create(
            tenant_id,
            url=url,
            event_types=body.eventTypes,
            enabled=body.enabled,
            headers=body.headers or {},
            description=body.description,
        )
    except EndpointLimitReached:
        raise ApiError(
            "endpoint_limit_reached",
            f"a tenant may have at most {MAX_ENDPOINTS_PER_TENANT} webhook endpoints",
        ) from None
    # the only time the secret is shown, with the rotate route's answer
    return ok({"endpoint": endpoint_json(row), "secret": secret}, 201)


async def list_endpoints(request: Request) -> Response:
    principal = await _principal(request)
    tenant_id = _tenant_to_act_for(principal, request.query_params.get("companyId"))
    rows = await (await _store(request)).endpoints(tenant_id)
    return ok({"endpoints": [endpoint_json(r) for r in rows], "total": len(rows)})


async def get_endpoint(request: Request) -> Response:
    _, endpoint = await _endpoint(request)
    return ok({"endpoint": endpoint_json(endpoint)})


async def update_endpoint(request: Request) -> Response:
    settings = _settings(request)
    store, endpoint = await _endpoint(request)
    body = await read_body(request, EndpointUpdate, settings.max_body_bytes)
    given = body.model_fields_set
    changes: dict[str, Any] = {}
    if "url" in given and body.url is not None:  # None: refused by the schema
        changes["url"] = await _checked_url(settings, body.url)
    if "eventTypes" in given:
        changes["event_types"] = body.eventTypes
    if "headers" in given:
        changes["headers"] = body.headers or {}
    if "description" in given:
        changes["description"] = body.description or ""
    if "enabled" in given:
        changes["enabled"] = body.enabled
    row = await store.update(endpoint.id, endpoint.tenant_id, changes)
    if row is None:  # deleted meanwhile
        raise _not_found(endpoint.id)
    return ok({"endpoint": endpoint_json(row)})


async def delete_endpoint(request: Request) -> Response:
    store, endpoint = await _endpoint(request)
    if not await store.delete(endpoint.id, endpoint.tenant_id):
        raise _not_found(endpoint.id)
    return ok({"id": endpoint.id, "deleted": True})


async def rotate_secret(request: Request) -> Response:
    store, endpoint = await _endpoint(request)
    body = (
        await read_body(request, RotateSecret, _settings(request).max_body_bytes)
        if _has_body(request)
        else RotateSecret()
    )
    rotated = await store.rotate(endpoint.id, endpoint.tenant_id, body.overlapSeconds)
    if rotated is None:
        raise _not_found(endpoint.id)
    row, secret = rotated
    return ok({"endpoint": endpoint_json(row), "secret": secret})


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    return length not in (None, "0") or "transfer-encoding" in request.headers


def _require_enabled(endpoint: Endpoint) -> None:
    if not endpoint.enabled:
        raise ApiError(
            "endpoint_disabled",
            "the endpoint is disabled; enable it (PATCH enabled: true) to send to it",
        )


async def send_test(request: Request) -> Response:
    store, endpoint = await _endpoint(request)
    _require_enabled(endpoint)
    event_id, delivery_id = await store.send_test(endpoint.id, endpoint.tenant_id)
    return ok({"eventId": event_id, "deliveryId": delivery_id}, 202)


# ---- deliveries and attempts ------------------------------------------------------------


async def list_deliveries(request: Request) -> Response:
    store, endpoint = await _endpoint(request)
    query: DeliveryQuery = _query(request, DeliveryQuery)
    rows = await store.deliveries(endpoint.id, _page(query), query.status, query.eventType)
    items = [delivery_json(r) for r in rows]
    return ok({"deliveries": items, "nextBefore": _next_before(items, query.limit)})


def _delivery_id(request: Request) -> int:
    raw = request.path_params["deliveryId"]
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise ApiError("delivery_not_found", f"no delivery {raw}")
    return int(raw)


async def get_delivery(request: Request) -> Response:
    store, endpoint = await _endpoint(request)
    delivery_id = _delivery_id(request)
    found = await store.delivery(endpoint.id, delivery_id)
    if found is None:
        raise ApiError("delivery_not_found", f"no delivery {delivery_id}")
    row, body, attempts = found
    return ok(
        {
            "delivery": {
                **delivery_json(row),
                "payload": json.loads(body),
                "attempts": [attempt_json(a) for a in attempts],
            }
        }
    )


async def replay_delivery(request: Request) -> Response:
    store, endpoint = await _endpoint(request)
    _require_enabled(endpoint)
    delivery_id = _delivery_id(request)
    before = await store.replay_one(endpoint.id, delivery_id)
    if before is None:
        raise ApiError("delivery_not_found", f"no delivery {delivery_id}")
    if before == "pending":
        raise ApiError("delivery_pending", "the delivery is still queued; it goes out by itself")
    return ok({"deliveryId": delivery_id, "previousStatus": before, "status": "pending"}, 202)


async def replay_since(request: Request) -> Response:
    store, endpoint = await _endpoint(request)
    _require_enabled(endpoint)
    body = await read_body(request, ReplayRequest, _settings(request).max_body_bytes)
    count = await store.replay_since(
        endpoint.id, body.since, body.until, sorted(set(body.statuses))
    )
    return ok({"replayed": count}, 202)


async def list_attempts(request: Request) -> Response:
    store, endpoint = await _endpoint(request)
    query: AttemptQuery = _query(request, AttemptQuery)
    rows = await store.attempts(endpoint.id, _page(query), query.outcome)
    items = [attempt_json(r) for r in rows]
    return ok({"attempts": items, "nextBefore": _next_before(items, query.limit)})


routes = [
    route("/webhooks", POST=create_endpoint, GET=list_endpoints),
    route(
        "/webhooks/{endpointId}",
        GET=get_endpoint,
        PATCH=update_endpoint,
        DELETE=delete_endpoint,
    ),
    Route("/webhooks/{endpointId}/rotate-secret", rotate_secret, methods=["POST"]),
    Route("/webhooks/{endpointId}/test", send_test, methods=["POST"]),
    Route("/webhooks/{endpointId}/replay", replay_since, methods=["POST"]),
    Route("/webhooks/{endpointId}/deliveries", list_deliveries, methods=["GET"]),
    Route("/webhooks/{endpointId}/deliveries/{deliveryId}", get_delivery, methods=["GET"]),
    Route(
        "/webhooks/{endpointId}/deliveries/{deliveryId}/replay", replay_delivery, methods=["POST"]
    ),
    Route("/webhooks/{endpointId}/attempts", list_attempts, methods=["GET"]),
]
