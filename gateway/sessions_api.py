"""REST routes for sessions and metrics under /api/whatsapp, with the seed's shapes."""

from __future__ import annotations

from typing import TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from gateway.access import caller, tenant_for
from gateway.answers import ok, tenant_ok
from gateway.auth import Authenticator, require_admin
from gateway.bus_client import BusClient, tenant_call
from gateway.metrics import GatewayMetrics
from gateway.principal import Scope
from gateway.purge import purge_tenant
from gateway.qr_render import qr_data_url, qr_terminal
from gateway.schemas import PairingCodeRequest, SessionDeleteQuery, read_body, validate
from gateway.send import send
from gateway.services import services
from gateway.session_listing import SessionsQuery, page_json, page_of
from gateway.session_views import health_json, session_json
from wagate import bus
from wagate.bus import Command, CommandPayload
from wagate.config import GatewaySettings
from wagate.errors import status_of

T = TypeVar("T")

_SCAN_HINT = "Scan the QR code in WhatsApp: Settings → Linked devices → Link a device"
_CODE_HINT = (
    "On the phone: WhatsApp → Settings → Linked devices → Link a device → "
    "Link with phone number instead, then type this code"
)


def _settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = services(request).settings
    return settings


async def _ask(request: Request, command: Command, result: type[T]) -> T:
    client: BusClient = services(request).bus
    return await client.call_ok(command, result)


async def _session(request: Request, tenant_id: str, payload: CommandPayload) -> Response:
    """A command answered with the session's view, rendered as the API shows it."""
    return ok(session_json(await tenant_call(request, tenant_id, payload, bus.SessionView)))


async def _managed_tenant(request: Request) -> str:
    """A company whose session the caller may start or stop; a disabled tenant's
    session is not started again, not even by an admin (enable the tenant first)."""
    _, tenant_id = await tenant_for(request, Scope.MANAGE)
    auth: Authenticator = services(request).auth
    await auth.require_enabled(tenant_id)
    return tenant_id


async def list_sessions(request: Request) -> Response:
    principal = await caller(request, Scope.READ)
    query = validate(SessionsQuery, dict(request.query_params))
    if principal.is_admin:  # every tenant's sessions, and the command says so
        listing = Command.for_operator(query.command())
    else:
        assert principal.tenant_id is not None  # a tenant's credential names its tenant
        listing = Command.of(principal.tenant_id, query.command())
    found = await _ask(request, listing, bus.SessionList)
    return ok(page_json(page_of(found.sessions, query)))


async def initialize(request: Request) -> Response:
    tenant_id = await _managed_tenant(request)
    view = await tenant_call(request, tenant_id, bus.Initialize(), bus.SessionView)
    body = session_json(view)
    if view.state == "qr" and view.qr:
        qr = view.qr
        body.update(qrDataUrl=qr_data_url(qr), qrTerminal=qr_terminal(qr), message=_SCAN_HINT)
    elif view.state == "connected":
        body["message"] = "Session already connected"
    else:
        reason = f" ({view.reason})" if view.reason else ""
        body["message"] = f"Session is {view.state}{reason}; poll the status route"
    return ok(body)


async def status(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    return await _session(request, tenant_id, bus.Status())


async def health(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    found = await tenant_call(request, tenant_id, bus.Health(), bus.SessionHealth)
    data = {**session_json(found.session), **health_json(found.health)}
    if found.health.healthy:
        return ok(data)
    body = {
        "success": False,
        "code": "session_unhealthy",
        "error": f"session is not healthy: {found.health.problem or 'unknown'}",
        **data,
    }
    return JSONResponse(body, status_code=status_of("session_unhealthy"))


async def logout(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.MANAGE)
    return await _session(request, tenant_id, bus.Logout())


async def restart(request: Request) -> Response:
    tenant_id = await _managed_tenant(request)
    return await _session(request, tenant_id, bus.Restart())


async def delete(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.MANAGE)
    query = validate(SessionDeleteQuery, dict(request.query_params))
    # the default stays off the wire: an older connector reads the command it knows
    payload = bus.Delete(keep_device=True if query.keepDevice else None)
    deleted = await tenant_call(request, tenant_id, payload, bus.Deleted)
    if not query.purge:
        return tenant_ok(tenant_id, {"deleted": deleted.deleted})
    messages, files = await purge_tenant(services(request), tenant_id)
    return tenant_ok(
        tenant_id, {"deleted": deleted.deleted, "purged": {"messages": messages, "media": files}}
    )


async def pairing_code(request: Request) -> Response:
    tenant_id = await _managed_tenant(request)
    body = await read_body(request, PairingCodeRequest, _settings(request).max_body_bytes)
    issued = await tenant_call(
        request, tenant_id, bus.PairingCode(body.phone), bus.PairingCodeIssued
    )
    return ok(
        {**session_json(issued.session), "pairingCode": issued.pairing_code, "message": _CODE_HINT}
    )


async def metrics_json(request: Request) -> Response:
    require_admin(await caller(request))
    metrics = await _ask(request, Command.for_operator(bus.Metrics()), bus.MetricsView)
    return ok({"metrics": metrics.summary})


async def metrics_prometheus(request: Request) -> Response:
    require_admin(await caller(request))
    metrics = await _ask(request, Command.for_operator(bus.Metrics()), bus.MetricsView)
    gateway: GatewayMetrics = services(request).metrics
    return PlainTextResponse(
        metrics.prometheus + gateway.prometheus_text(),
        media_type="text/plain; version=0.0.4; charset=utf-8",
    )


routes = [
    Route("/sessions", list_sessions, methods=["GET"]),
    Route("/sessions/{companyId}/initialize", initialize, methods=["POST"]),
    Route("/sessions/{companyId}/send", send, methods=["POST"]),
    Route("/sessions/{companyId}/status", status, methods=["GET"]),
    Route("/sessions/{companyId}/health", health, methods=["GET"]),
    Route("/sessions/{companyId}/logout", logout, methods=["POST"]),
    Route("/sessions/{companyId}/restart", restart, methods=["POST"]),
    Route("/sessions/{companyId}/pairing-code", pairing_code, methods=["POST"]),
    Route("/sessions/{companyId}", delete, methods=["DELETE"]),
    Route("/metrics", metrics_json, methods=["GET"]),
    Route("/metrics/prometheus", metrics_prometheus, methods=["GET"]),
]
