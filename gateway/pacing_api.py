"""A tenant's pacing (docs/pacing.md): caps on new chats started per hour and per day,
composing shown before a send, a random delay. Read by the tenant (`read`) or an
operator; set by an operator, as the tenant's other settings are."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.access import operator_tenant, tenant_for
from gateway.answers import tenant_ok
from gateway.database import Database
from gateway.errors import ApiError
from gateway.principal import Scope
from gateway.routing import route
from gateway.schemas import read_body
from gateway.services import services
from wagate.config import GatewaySettings
from wagate.tables import pacing, tenants
from wagate.tables.pacing import Pacing


class PacingSettings(BaseModel):
    """Every field; one left out takes its default (PUT replaces the whole)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    newChatsPerHour: int | None = Field(default=None, ge=1, le=1000)  # null: no cap
    newChatsPerDay: int | None = Field(default=None, ge=1, le=10_000)
    typingBeforeSend: bool = False
    jitterMs: int = Field(default=0, ge=0, le=30_000)


def pacing_json(settings: Pacing) -> dict[str, Any]:
    return {
        "newChatsPerHour": settings.new_chats_per_hour,
        "newChatsPerDay": settings.new_chats_per_day,
        "typingBeforeSend": settings.typing,
        "jitterMs": settings.jitter_ms,
    }


def _answer(tenant_id: str, settings: Pacing) -> JSONResponse:
    return tenant_ok(tenant_id, {"pacing": pacing_json(settings)})


async def _existing(request: Request, tenant_id: str) -> Database:
    db: Database = services(request).db
    if await tenants.get(await db.pool(), tenant_id) is None:
        raise ApiError("tenant_not_found", f"no tenant {tenant_id}")
    return db


async def get_pacing(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    db = await _existing(request, tenant_id)
    return _answer(tenant_id, await pacing.get(await db.pool(), tenant_id))


async def put_pacing(request: Request) -> Response:
    tenant_id = await operator_tenant(request)
    settings: GatewaySettings = services(request).settings
    body = await read_body(request, PacingSettings, settings.max_body_bytes)
    db = await _existing(request, tenant_id)
    wanted = Pacing(body.newChatsPerHour, body.newChatsPerDay, body.typingBeforeSend, body.jitterMs)
    await pacing.put(await db.pool(), tenant_id, wanted)
    return _answer(tenant_id, wanted)


routes = [route("/tenants/{companyId}/pacing", GET=get_pacing, PUT=put_pacing)]
