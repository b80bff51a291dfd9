"""REST routes for sessions and metrics under /api/whatsapp, with the seed's shapes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from gateway.auth import Principal, authenticate, require_admin, scoped_company
from gateway.bus_client import BusClient
from gateway.errors import ApiError
from gateway.qr_render import qr_data_url, qr_terminal
from gateway.schemas import PairingCodeRequest, SendRequest, read_body
from wagate.bus import Command, CommandType, Reply
from wagate.config import Settings

_SCAN_HINT = "Scan the QR code in WhatsApp: Settings → Linked devices → Link a device"
_CODE_HINT = (
    "On the phone: WhatsApp → Settings → Linked devices → Link a device → "
    "Link with phone number instead, then type this code"
)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _bus(request: Request) -> BusClient:
    bus: BusClient = request.app.state.bus
    return bus


def _principal(request: Request) -> Principal:
    return authenticate(_settings(request), request.headers.get("authorization"))


def _company(request: Request) -> str:
    return scoped_company(_principal(request), request.path_params["companyId"])


async def _call(request: Request, command: Command) -> dict[str, Any]:
    reply: Reply = await _bus(request).call(command)
    if not reply.ok:
        retry_after = reply.data.get("retryAfter")
        raise ApiError(
            reply.status,
            reply.code or "connector_error",
            reply.error or "failed",
            headers={"Retry-After": str(retry_after)} if retry_after is not None else None,
        )
    return reply.data


def _ok(data: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse({"success": True, **data}, status_code=status)


async def list_sessions(request: Request) -> Response:
    principal = _principal(request)
    data = await _call(request, Command(CommandType.LIST, principal.company_id))
    sessions = data["sessions"]
    return _ok({"sessions": sessions, "total": len(sessions)})


async def initialize(request: Request) -> Response:
    company_id = _company(request)
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


async def send(request: Request) -> Response:
    company_id = _company(request)
    body = await read_body(request, SendRequest, _settings(request).max_body_bytes)
    result = await _call(
        request,
        Command(CommandType.SEND, company_id, {"phone": body.phone, "message": body.message}),
    )
    return _ok({"companyId": company_id, "to": body.phone, **result})


async def status(request: Request) -> Response:
    company_id = _company(request)
    return _ok(await _call(request, Command(CommandType.STATUS, company_id)))


async def health(request: Request) -> Response:
    company_id = _company(request)
    data = await _call(request, Command(CommandType.HEALTH, company_id))
    if data["healthy"]:
        return _ok(data)
    body = {
        "success": False,
        "code": "session_unhealthy",
        "error": f"session is not healthy: {data.get('reason', 'unknown')}",
        **data,
    }
    return JSONResponse(body, status_code=503)


async def logout(request: Request) -> Response:
    company_id = _company(request)
    return _ok(await _call(request, Command(CommandType.LOGOUT, company_id)))


async def restart(request: Request) -> Response:
    company_id = _company(request)
    return _ok(await _call(request, Command(CommandType.RESTART, company_id)))


async def delete(request: Request) -> Response:
    company_id = _company(request)
    return _ok(await _call(request, Command(CommandType.DELETE, company_id)))


async def pairing_code(request: Request) -> Response:
    company_id = _company(request)
    body = await read_body(request, PairingCodeRequest, _settings(request).max_body_bytes)
    data = await _call(
        request, Command(CommandType.PAIRING_CODE, company_id, {"phone": body.phone})
    )
    return _ok({**data, "message": _CODE_HINT})


async def metrics_json(request: Request) -> Response:
    require_admin(_principal(request))
    data = await _call(request, Command(CommandType.METRICS, None))
    return _ok({"metrics": data["summary"]})


async def metrics_prometheus(request: Request) -> Response:
    require_admin(_principal(request))
    data = await _call(request, Command(CommandType.METRICS, None))
    return PlainTextResponse(
        data["prometheus"], media_type="text/plain; version=0.0.4; charset=utf-8"
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
