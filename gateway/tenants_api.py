"""Tenants (operators only) and API keys (operators, or the tenant with `manage`)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from gateway.access import caller, operator_tenant, tenant_for
from gateway.answers import ok
from gateway.api_keys import ApiKey, ApiKeys
from gateway.auth import require_admin
from gateway.bus_client import tenant_call
from gateway.company_pages import CompanyPageQuery, cut
from gateway.errors import ApiError
from gateway.principal import Scope
from gateway.routing import route
from gateway.schemas import ApiKeyCreate, TenantCreate, TenantUpdate, read_body, validate
from gateway.services import services
from gateway.tenants import EngineInUse, Tenants
from wagate.bus import Stop, Stopped
from wagate.config import GatewaySettings
from wagate.tables.tenants import Tenant
from wagate.timestamps import iso_utc


def tenant_json(tenant: Tenant) -> dict[str, Any]:
    """A tenant as the API (and `wagate tenant`) shows it."""
    return {
        "companyId": tenant.tenant_id,
        "name": tenant.name,
        "disabled": tenant.disabled,
        "disabledAt": iso_utc(tenant.disabled_at),
        "sendRatePerMinute": tenant.send_rate_per_minute,
        "engine": tenant.engine,
        "presenceEvents": tenant.presence_events,
        "messageStore": tenant.message_store,
        "messageRetentionDays": tenant.message_retention_days,
        "markOnline": tenant.mark_online,
        "historySync": tenant.history_sync,
        "proxy": tenant.proxy_url,  # its password redacted (PUT .../proxy sets it)
        "createdAt": iso_utc(tenant.created_at),
    }


def api_key_json(key: ApiKey) -> dict[str, Any]:
    """An API key as the API (and `wagate api-key`) shows it: never the key itself."""
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "scopes": list(key.scopes),
        "createdAt": iso_utc(key.created_at),
        "lastUsedAt": iso_utc(key.last_used_at),
        "revokedAt": iso_utc(key.revoked_at),
    }


def _max_body(request: Request) -> int:
    settings: GatewaySettings = services(request).settings
    return settings.max_body_bytes


def _tenants(request: Request) -> Tenants:
    tenants: Tenants = services(request).tenants
    return tenants


def _keys(request: Request) -> ApiKeys:
    keys: ApiKeys = services(request).api_keys
    return keys


def _not_found(tenant_id: str) -> ApiError:
    return ApiError("tenant_not_found", f"no tenant {tenant_id}")


async def create_tenant(request: Request) -> Response:
    require_admin(await caller(request))
    body = await read_body(request, TenantCreate, _max_body(request))
    tenant = await _tenants(request).create(
        body.companyId,
        body.name,
        body.sendRatePerMinute,
        body.engine,
        body.presenceEvents,
        body.model_dump(
            include={"messageStore", "messageRetentionDays", "markOnline", "historySync"},
            exclude_unset=True,
        ),
    )
    if tenant is None:
        raise ApiError("tenant_exists", f"tenant {body.companyId} exists already")
    return ok({"tenant": tenant_json(tenant)}, 201)


async def list_tenants(request: Request) -> Response:
    require_admin(await caller(request))
    query = validate(CompanyPageQuery, dict(request.query_params))
    found = await _tenants(request).list(query.after, query.read_limit)
    tenants, following = cut(found, query.limit, lambda tenant: tenant.tenant_id)
    listed = [tenant_json(t) for t in tenants]
    return ok({"tenants": listed, "total": len(listed), "next": following})


async def get_tenant(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    tenant = await _tenants(request).get(tenant_id)
    if tenant is None:
        raise _not_found(tenant_id)
    return ok({"tenant": tenant_json(tenant)})


async def update_tenant(request: Request) -> Response:
    tenant_id = await operator_tenant(request)
    body = await read_body(request, TenantUpdate, _max_body(request))
    settings: GatewaySettings = services(request).settings
    try:
        tenant = await _tenants(request).update(
            tenant_id, body.model_dump(exclude_unset=True), settings.engine
        )
    except EngineInUse as e:
        raise ApiError(
            "session_exists",
            f"the tenant's session runs on the {e.engine} engine; delete the session "
            "(DELETE /sessions/{companyId}) before changing its engine",
        ) from None
    if tenant is None:
        raise _not_found(tenant_id)
    if body.disabled:
        # a disabled tenant's session stops (credentials kept, so enabling is a restart)
        await tenant_call(request, tenant_id, Stop("tenant_disabled"), Stopped)
    return ok({"tenant": tenant_json(tenant)})


async def create_api_key(request: Request) -> Response:
    principal, tenant_id = await tenant_for(request, Scope.MANAGE)
    body = await read_body(request, ApiKeyCreate, _max_body(request))
    beyond = sorted(set(body.scopes) - principal.scopes)
    if beyond:  # an API key mints no key stronger than itself (JWTs hold every scope)
        raise ApiError(
            "insufficient_scope",
            f"this API key lacks the scope(s) {', '.join(beyond)}; "
            "a key may only create keys with scopes it holds",
        )
    record, key = await _keys(request).create(tenant_id, body.name, body.scopes)
    return ok(
        {
            "apiKey": api_key_json(record),
            "key": key,
            "message": "Store this key now: it is not shown again.",
        },
        201,
    )


async def list_api_keys(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.MANAGE)
    keys = await _keys(request).list(tenant_id)
    return ok({"apiKeys": [api_key_json(k) for k in keys], "total": len(keys)})


async def revoke_api_key(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.MANAGE)
    record = await _keys(request).revoke(tenant_id, request.path_params["keyId"])
    if record is None:
        raise ApiError("api_key_not_found", "no such API key for this tenant")
    return ok({"apiKey": api_key_json(record)})


routes = [
    route("/tenants", POST=create_tenant, GET=list_tenants),
    route("/tenants/{companyId}", GET=get_tenant, PATCH=update_tenant),
    route("/tenants/{companyId}/api-keys", POST=create_api_key, GET=list_api_keys),
    route("/tenants/{companyId}/api-keys/{keyId}", DELETE=revoke_api_key),
]
