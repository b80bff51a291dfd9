"""REST routes for sessions and metrics under /api/whatsapp, with the seed's shapes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from gateway.access import caller, company_for
from gateway.auth import Authenticator, require_admin
from gateway.bus_client import BusClient
from gateway.metrics import GatewayMetrics
from gateway.principal import Scope
from gateway.qr_render import qr_data_url, qr_terminal
from gateway.schemas import PairingCodeRequest, read_body
from gateway.send import send
from wagate.bus import Command, CommandType
from wagate.config import Settings

_SCAN_HINT = "Scan the QR code in WhatsApp: Settings → Linked devices → Link a device"
_CODE_HINT = (
    "On the phone: WhatsApp → Settings → Linked devices → Link a device → "
    "Link with phone number instead, then type this code"
)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _call(request: Request, command: Command) -> dict[str, Any]:
    bus: BusClient = request.app.state.bus
    return await bus.call_ok(command)


def _ok(data: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse({"success": True, **data}, status_code=status)


async def _managed_company(request: Request) -> str:
    """A company whose session the caller may start or stop; a disabled tenant's
    session is not started again, not even by an admin (enable the tenant first)."""
    _, company_id = await company_for(request, Scope.MANAGE)
    auth: Authenticator = request.app.state.auth
    await auth.require_enabled(company_id)
    return company_id


async def list_sessions(request: Request) -> Response:
    principal = await caller(request, Scope.READ)
    data = await _call(request, Command(CommandType.LIST, principal.company_id))
    sessions = data["sessions"]
    return _ok({"sessions": sessions, "total": len(sessions)})


async def initialize(request: Request) -> Response:
    company_id = await _managed_company(request)
    session = await _call(request, Command(CommandType.INITIALIZE, company_id))
    body = dict(session)
    qr = session.get("qr")
    if session["status"] == "qr" and qr:
        body.update(qrDataUrl=qr_data_url(qr), qrTerminal=qr_terminal(qr), message=_SCAN_HINT)
    elif session["status"] == "connected":
        body["message"] = "Session already connected"
    else:
        reason = f" ({session['reason']})" if session.get("reason") else ""
        body["message"] = f"Session is {session['status']}{reason}; poll the status route"
    return _ok(body)


async def status(request: Request) -> Response:
    _, company_id = await company_for(request, Scope.READ)
    return _ok(await _call(request, Command(CommandType.STATUS, company_id)))


async def health(request: Request) -> Response:
    _, company_id = await company_for(request, Scope.READ)
    data = await _call(request, Command(CommandType.HEALTH, company_id))
    if data["healthy"]:
        return _ok(data)
    body = {
        "success": False,
        "code": "session_unhealthy",
        "error": f"session is not healthy: {data.get('problem', 'unknown')}",
        **data,
    }
    return JSONResponse(body, status_code=503)


async def logout(request: Request) -> Response:
    _, company_id = await company_for(request, Scope.MANAGE)
    return _ok(await _call(request, Command(CommandType.LOGOUT, company_id)))


async def restart(request: Request) -> Response:
    company_id = await _managed_company(request)
    return _ok(await _call(request, Command(CommandType.RESTART, company_id)))


async def delete(request: Request) -> Response:
    _, company_id = await company_for(request, Scope.MANAGE)
    return _ok(await _call(request, Command(CommandType.DELETE, company_id)))


async def pairing_code(request: Request) -> Response:
    company_id = await _managed_company(request)
    body = await read_body(request, PairingCodeRequest, _settings(request).max_body_bytes)
    data = await _call(
        request, Command(CommandType.PAIRING_CODE, company_id, {"phone": body.phone})
    )
    return _ok({**data, "message": _CODE_HINT})


async def metrics_json(request: Request) -> Response:
    require_admin(await caller(request))
    data = await _call(request, Command(CommandType.METRICS, None))
    return _ok({"metrics": data["summary"]})


async def metrics_prometheus(request: Request) -> Response:
    require_admin(await caller(request))
    data = await _call(request, Command(CommandType.METRICS, None))
    gateway: GatewayMetrics = request.app.state.metrics
    return PlainTextResponse(
        data["prometheus"] + gateway.prometheus_text(),
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
