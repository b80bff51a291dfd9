"""A tenant's outbound proxy (docs/proxies.md), under /api/whatsapp:

    GET    /tenants/{companyId}/proxy   the proxy as shown (password redacted), or null
    PUT    /tenants/{companyId}/proxy   set it (operators): {"url": "socks5://u:p@host:port"}
    DELETE /tenants/{companyId}/proxy   connect directly again (operators)

The URL is sealed before it is stored; only the connector opens it, to connect. A change
applies from the session's next connection: `restart` applies it now.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.access import operator_tenant, tenant_for
from gateway.answers import tenant_ok
from gateway.errors import ApiError
from gateway.principal import Scope
from gateway.routing import route
from gateway.schemas import read_body
from gateway.services import services
from wagate import proxies
from wagate.tables import tenants
from wagate.tables.tenants import Tenant


class ProxySet(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    # checked by wagate.proxies (the body's own cap bounds it before)
    url: str = Field(min_length=1)


def proxy_json(tenant: Tenant) -> dict[str, Any] | None:
    return None if tenant.proxy_url is None else {"url": tenant.proxy_url}


def _answer(tenant: Tenant | None, tenant_id: str) -> JSONResponse:
    if tenant is None:
        raise ApiError("tenant_not_found", f"no tenant {tenant_id}")
    return tenant_ok(tenant_id, {"proxy": proxy_json(tenant)})


def _checked(url: str) -> str:
    try:
        return proxies.shown(url)
    except proxies.BadProxy as e:
        # as an event stream's broker URL is refused (gateway/streams_api.py)
        raise ApiError(
            "validation_failed", f"url: {e}", details=[{"field": "url", "message": str(e)}]
        ) from None


async def get_proxy(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    return _answer(await tenants.get(await services(request).db.pool(), tenant_id), tenant_id)


async def put_proxy(request: Request) -> Response:
    tenant_id = await operator_tenant(request)
    body = await read_body(request, ProxySet, services(request).settings.max_body_bytes)
    shown_url = _checked(body.url)
    sealed = services(request).sealer.seal_text(body.url)
    pool = await services(request).db.pool()
    return _answer(await tenants.set_proxy(pool, tenant_id, shown_url, sealed), tenant_id)


async def delete_proxy(request: Request) -> Response:
    tenant_id = await operator_tenant(request)
    pool = await services(request).db.pool()
    return _answer(await tenants.set_proxy(pool, tenant_id, None, None), tenant_id)


routes = [route("/tenants/{companyId}/proxy", GET=get_proxy, PUT=put_proxy, DELETE=delete_proxy)]
