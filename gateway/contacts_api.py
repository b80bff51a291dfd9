"""Contacts: is a number on WhatsApp (in bulk, cached, with a limit of its own), a
contact's public profile, and a person's two addresses (the number of a LID, the LID of
a number). All are reads (`read` scope)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.access import tenant_for
from gateway.answers import tenant_ok
from gateway.bus_client import tenant_call
from gateway.errors import ApiError, error_response
from gateway.group_schemas import NumberCheck, lid_param, phone_param
from gateway.number_checks import NumberCheckCache
from gateway.principal import Scope
from gateway.ratelimit import RateLimiter
from gateway.schemas import read_body
from gateway.services import services
from wagate.bus import (
    CheckNumbers,
    ContactInfo,
    LidPairs,
    LookupLids,
    NumberChecks,
    NumberStatus,
    Profile,
)
from wagate.config import GatewaySettings


def _number_json(status: NumberStatus, cached: bool) -> dict[str, Any]:
    return {
        "phone": status.phone,
        "onWhatsApp": status.on_whatsapp,
        "jid": status.jid or None,
        "lid": status.lid or None,
        "cached": cached,
    }


async def check_numbers(request: Request) -> Response:
    """Cached answers first; the rest in one query to WhatsApp, counted against the
    tenant's number-check limit, and cached for the next time."""
    _, tenant_id = await tenant_for(request, Scope.READ)
    settings: GatewaySettings = services(request).settings
    body = await read_body(request, NumberCheck, settings.max_body_bytes)
    cache: NumberCheckCache = services(request).number_checks
    known = await cache.known(tenant_id, body.phones)
    unknown = [phone for phone in body.phones if phone not in known]
    headers: dict[str, str] = {}
    asked: dict[str, NumberStatus] = {}
    if unknown:
        limiter: RateLimiter = services(request).limiter
        decision = await limiter.hit(
            "number_check", tenant_id, settings.number_check_rate_per_minute
        )
        headers = decision.headers()
        if not decision.allowed:
            return error_response(
                "number_check_rate_limited",
                f"at most {decision.limit} number checks a minute for this tenant (checks "
                "answered from the cache are not counted); retry later",
                headers,
            )
        found = await tenant_call(request, tenant_id, CheckNumbers(unknown), NumberChecks)
        await cache.remember(tenant_id, found.numbers)
        asked = {status.phone: status for status in found.numbers}
    numbers = [
        _number_json(known[phone], True) if phone in known else _number_json(asked[phone], False)
        for phone in body.phones
        if phone in known or phone in asked
    ]
    return tenant_ok(tenant_id, {"numbers": numbers}, headers=headers)


async def contact(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    phone = phone_param(request.path_params["phone"])
    profile = await tenant_call(request, tenant_id, ContactInfo(phone), Profile)
    return tenant_ok(
        tenant_id,
        {
            "phone": profile.phone,
            "lid": profile.lid or None,
            "about": profile.about or None,
            "pictureUrl": profile.picture_url or None,
            "businessName": profile.business_name or None,
        },
    )


async def lid_of_number(request: Request) -> Response:
    """The LID of a number, as WhatsApp told the session."""
    _, tenant_id = await tenant_for(request, Scope.READ)
    phone = phone_param(request.path_params["phone"])
    return await _pair(request, tenant_id, phone, f"no LID is known for {phone}")


async def number_of_lid(request: Request) -> Response:
    """The number of a LID, as WhatsApp told the session."""
    _, tenant_id = await tenant_for(request, Scope.READ)
    lid = lid_param(request.path_params["lid"])
    return await _pair(request, tenant_id, f"{lid}@lid", f"no number is known for LID {lid}")


async def _pair(request: Request, tenant_id: str, address: str, unknown: str) -> Response:
    found = await tenant_call(request, tenant_id, LookupLids([address]), LidPairs)
    if not found.pairs:
        raise ApiError("lid_not_found", unknown)
    pair = found.pairs[0]
    return tenant_ok(tenant_id, {"phone": pair.phone, "lid": pair.lid})


routes = [
    Route("/sessions/{companyId}/contacts/check", check_numbers, methods=["POST"]),
    Route("/sessions/{companyId}/contacts/{phone}", contact, methods=["GET"]),
    Route("/sessions/{companyId}/contacts/{phone}/lid", lid_of_number, methods=["GET"]),
    Route("/sessions/{companyId}/lids/{lid}", number_of_lid, methods=["GET"]),
]
