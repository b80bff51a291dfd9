"""The account's own settings at WhatsApp: its privacy settings, read and changed, and its
blocklist (block, unblock, list); one bus call per WhatsApp request."""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.access import tenant_for
from gateway.bus_client import tenant_call
from gateway.group_schemas import phone_param
from gateway.principal import Scope
from gateway.routing import route
from gateway.schemas import read_body
from gateway.services import services
from wagate.bus.commands import (
    GetBlocklist,
    GetPrivacy,
    SetPrivacy,
    UpdateBlocklist,
)
from wagate.bus.privacy import PRIVACY_SETTINGS, PRIVACY_VALUES
from wagate.bus.replies import Blocklist, PrivacySettings
from wagate.config import GatewaySettings


class _PrivacyChange(BaseModel):
    """One or more settings, each to one of the values WhatsApp takes for it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("*")
    @classmethod
    def _a_value_of_the_setting(cls, value: str | None, info: ValidationInfo) -> str | None:
        allowed = PRIVACY_VALUES[str(info.field_name)]
        if value is not None and value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value

    @model_validator(mode="after")
    def _at_least_one(self) -> _PrivacyChange:
        if not self.changes():
            raise ValueError("give at least one setting")
        return self

    def changes(self) -> dict[str, str]:
        return {name: value for name, value in self.model_dump().items() if value is not None}


# a field for each setting of the table, optional, in its order
_SETTING_FIELDS: dict[str, Any] = {s.name: (str | None, None) for s in PRIVACY_SETTINGS}
PrivacyBody = create_model("PrivacyBody", __base__=_PrivacyChange, **_SETTING_FIELDS)


def privacy_json(tenant_id: str, settings: PrivacySettings) -> dict[str, Any]:
    named = {s.name: getattr(settings, s.attribute) for s in PRIVACY_SETTINGS}
    return {"companyId": tenant_id, **named}


async def get_privacy(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    settings = await tenant_call(request, tenant_id, GetPrivacy(), PrivacySettings)
    return JSONResponse(privacy_json(tenant_id, settings))


async def change_privacy(request: Request) -> Response:
    """Each setting given is one request to WhatsApp, in the body's order; the answer is
    the settings as WhatsApp tells them after the last."""
    _, tenant_id = await tenant_for(request, Scope.MANAGE)
    settings_: GatewaySettings = services(request).settings
    body = await read_body(request, PrivacyBody, settings_.max_body_bytes)
    settings: PrivacySettings | None = None
    for name, value in body.changes().items():
        settings = await tenant_call(request, tenant_id, SetPrivacy(name, value), PrivacySettings)
    assert settings is not None  # the body has at least one setting
    return JSONResponse(privacy_json(tenant_id, settings))


async def get_blocklist(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    listed = await tenant_call(request, tenant_id, GetBlocklist(), Blocklist)
    return JSONResponse({"companyId": tenant_id, "phones": listed.phones})


def _blocking(block: bool) -> Any:
    async def change(request: Request) -> Response:
        _, tenant_id = await tenant_for(request, Scope.MANAGE)
        phone = phone_param(request.path_params["phone"])
        listed = await tenant_call(request, tenant_id, UpdateBlocklist(phone, block), Blocklist)
        return JSONResponse(
            {"companyId": tenant_id, "phone": phone, "blocked": block, "phones": listed.phones}
        )

    change.__name__ = "block" if block else "unblock"
    return change


routes = [
    route("/sessions/{companyId}/privacy", GET=get_privacy, PATCH=change_privacy),
    Route("/sessions/{companyId}/blocklist", get_blocklist, methods=["GET"]),
    route("/sessions/{companyId}/blocklist/{phone}", PUT=_blocking(True), DELETE=_blocking(False)),
]
