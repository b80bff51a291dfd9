"""Calls to the tenant's account: the ones offered lately (as the connector keeps them),
a reject, and how the session answers calls (auto-reject, with an optional text reply).
A call id the session was not offered lately (another tenant's, an old one, a made-up
one) is `404 call_not_found`, whatever the reason."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.access import tenant_for
from gateway.answers import tenant_ok
from gateway.bus_client import tenant_call
from gateway.errors import ApiError
from gateway.principal import Scope
from gateway.routing import route
from gateway.schemas import read_body
from gateway.services import services
from wagate.bus.commands import ListCalls, RejectCall
from wagate.bus.replies import CallList, CallView
from wagate.config import GatewaySettings
from wagate.tables import tenant_calls, tenants
from wagate.tables.tenant_calls import MAX_REPLY_TEXT, CallAnswering

_CALL_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


class CallSettingsBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    autoReject: bool
    replyText: str | None = Field(default=None, min_length=1, max_length=MAX_REPLY_TEXT)


def call_json(call: CallView) -> dict[str, Any]:
    return {
        "callId": call.call_id,
        "from": call.caller,
        "fromLid": call.caller_lid or None,
        "isVideo": call.video,
        "isGroup": call.group,
        "groupId": call.group_id or None,
        "status": call.status,
        "offeredAt": call.offered_at_ms,
    }


def _settings_json(tenant_id: str, answering: CallAnswering) -> dict[str, Any]:
    return {
        "companyId": tenant_id,
        "autoReject": answering.auto_reject,
        "replyText": answering.reply_text,
    }


async def list_calls(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    listed = await tenant_call(request, tenant_id, ListCalls(), CallList)
    return JSONResponse({"companyId": tenant_id, "calls": [call_json(c) for c in listed.calls]})


async def reject_call(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    call_id = request.path_params["callId"]
    if not _CALL_ID.fullmatch(call_id):  # no call can have such an id
        raise ApiError("call_not_found", "no call was offered to the session by that id")
    rejected = await tenant_call(request, tenant_id, RejectCall(call_id), CallView)
    return tenant_ok(tenant_id, {**call_json(rejected)})


async def get_call_settings(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    pool = await services(request).db.pool()
    return JSONResponse(_settings_json(tenant_id, await tenant_calls.get(pool, tenant_id)))


async def put_call_settings(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.MANAGE)
    settings: GatewaySettings = services(request).settings
    body = await read_body(request, CallSettingsBody, settings.max_body_bytes)
    pool = await services(request).db.pool()
    async with pool.acquire() as conn, conn.transaction():
        await tenants.ensure_tenant(conn, tenant_id)
        answering = await tenant_calls.put(
            conn, tenant_id, CallAnswering(body.autoReject, body.replyText)
        )
    return JSONResponse(_settings_json(tenant_id, answering))


routes = [
    Route("/sessions/{companyId}/calls", list_calls, methods=["GET"]),
    route("/sessions/{companyId}/calls/settings", GET=get_call_settings, PUT=put_call_settings),
    Route("/sessions/{companyId}/calls/{callId}/reject", reject_call, methods=["POST"]),
]
