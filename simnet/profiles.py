"""Profiles on the sim network: the account's own (push name, about, picture), set by a
linked device as WhatsApp takes them (the push name through app state, the about and the
picture by their own calls), and business profiles, which the control API gives some
phones (`PUT /phones/{phone}/business`) and any device may read (whatsmeow's
GetBusinessProfile: address, email, categories, hours)."""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simnet import protocol as p
from simnet.bodies import MAX_ABOUT, MAX_PUSH_NAME, JSONResponse, json_object
from simnet.errors import SimError
from simnet.group_settings import JPEG_MAGIC

if TYPE_CHECKING:
    from simnet.network import Network

MAX_PICTURE_BYTES = 16 * 1024 * 1024  # what one frame may carry, whatever the API's cap
MAX_BUSINESS_FIELD = 256
MAX_CATEGORIES = 10
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS_MODES = ("open_24h", "appointment_only", "specific_hours")


@dataclass
class Business:
    address: str = ""
    email: str = ""
    categories: list[str] = field(default_factory=list)
    hours_time_zone: str = ""
    hours: list[dict[str, str]] = field(default_factory=list)  # day_of_week, mode, times


def _string(frame: dict[str, Any], name: str, limit: int) -> str:
    value = frame.get(name)
    if not isinstance(value, str) or len(value) > limit:
        raise SimError(400, p.BAD_FRAME, f"{name} must be a string of at most {limit} chars")
    return value


def _set_push_name(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    network.phones[me].push_name = _string(frame, "name", MAX_PUSH_NAME)
    return {}


def _set_about(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    network.phones[me].about = _string(frame, "about", MAX_ABOUT)
    return {}


def _set_picture(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    """Set (base64 `data`, a JPEG, as WhatsApp refuses other formats) or remove (null)."""
    phone, data = network.phones[me], frame.get("data")
    if data is None:
        phone.picture, phone.picture_url = None, ""
        return {}
    try:
        jpeg = base64.b64decode(data if isinstance(data, str) else "", validate=True)
    except (binascii.Error, ValueError):
        raise SimError(400, p.BAD_FRAME, "data must be base64") from None
    if not jpeg.startswith(JPEG_MAGIC) or len(jpeg) > MAX_PICTURE_BYTES:
        raise SimError(406, "picture_invalid", "the picture is not a JPEG")  # WhatsApp's 406
    picture_id = secrets.token_hex(4)
    phone.picture = jpeg
    phone.picture_url = f"{network.base_url}/phones/{me}/picture?v={picture_id}"
    return {"id": picture_id}


def _business_profile(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    number = _string(frame, "phone", 32)
    phone = network.phones.get(number)
    if phone is None:
        raise SimError(404, p.NOT_ON_WHATSAPP, f"{number} is not on WhatsApp")
    if phone.business is None:
        raise SimError(404, "not_a_business", f"{number} is not a business account")
    b = phone.business
    return {
        "phone": number,
        "address": b.address,
        "email": b.email,
        "categories": b.categories,
        "hours_time_zone": b.hours_time_zone,
        "hours": b.hours,
    }


KINDS: dict[str, Callable[[Network, str, dict[str, Any]], dict[str, Any]]] = {
    "set_push_name": _set_push_name,
    "set_about": _set_about,
    "set_picture": _set_picture,
    "business_profile": _business_profile,
}


# ---- the control API -------------------------------------------------------------------


def _invalid(message: str) -> SimError:
    return SimError(400, "invalid_profile", message)


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name, "")
    if not isinstance(value, str) or len(value) > MAX_BUSINESS_FIELD:
        raise _invalid(f"{name} must be a string of at most {MAX_BUSINESS_FIELD} characters")
    return value


def _hours(body: dict[str, Any]) -> list[dict[str, str]]:
    hours = body.get("hours", [])
    if not isinstance(hours, list) or len(hours) > len(DAYS):
        raise _invalid("hours must be a list of at most 7 {dayOfWeek, mode, openTime?, closeTime?}")
    out = []
    for h in hours:
        if not isinstance(h, dict) or h.get("dayOfWeek") not in DAYS:
            raise _invalid(f"each hours entry needs dayOfWeek, one of {DAYS}")
        if h.get("mode") not in HOURS_MODES:
            raise _invalid(f"each hours entry needs mode, one of {HOURS_MODES}")
        out.append(
            {
                "day_of_week": h["dayOfWeek"],
                "mode": h["mode"],
                "open_time": _text(h, "openTime"),
                "close_time": _text(h, "closeTime"),
            }
        )
    return out


def parse_business(body: dict[str, Any]) -> Business:
    categories = body.get("categories", [])
    if not (
        isinstance(categories, list)
        and len(categories) <= MAX_CATEGORIES
        and all(isinstance(c, str) and 0 < len(c) <= MAX_BUSINESS_FIELD for c in categories)
    ):
        raise _invalid(f"categories must be at most {MAX_CATEGORIES} names")
    return Business(
        address=_text(body, "address"),
        email=_text(body, "email"),
        categories=list(categories),
        hours_time_zone=_text(body, "hoursTimeZone"),
        hours=_hours(body),
    )


def _network(request: Request) -> Network:
    network: Network = request.app.state.network
    return network


async def set_business(request: Request) -> JSONResponse:
    """The phone becomes a business account with this profile (replacing any before)."""
    phone = _network(request).phone(request.path_params["phone"])
    phone.business = parse_business(await json_object(request))
    return JSONResponse({"success": True, "phone": phone.number})


async def remove_business(request: Request) -> JSONResponse:
    phone = _network(request).phone(request.path_params["phone"])
    phone.business = None
    return JSONResponse({"success": True, "phone": phone.number})


async def phone_picture(request: Request) -> Response:
    """What the phone's picture URL serves: the JPEG its device set (or a 1x1 one)."""
    phone = _network(request).phone(request.path_params["phone"])
    if not phone.picture_url:
        raise SimError(404, "no_picture", f"{phone.number} has no profile picture")
    return Response(phone.picture or ONE_PIXEL_JPEG, media_type="image/jpeg")


# a 1x1 JPEG: the picture of a phone the control API gave one (`"picture": true`)
ONE_PIXEL_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d"
    "0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d3832"
    "3c2e333432ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102"
    "030405060708090a0bffda0008010100003f00d2cf20ffd9"
)

profile_routes = [
    Route("/phones/{phone}/business", set_business, methods=["PUT"]),
    Route("/phones/{phone}/business", remove_business, methods=["DELETE"]),
    Route("/phones/{phone}/picture", phone_picture, methods=["GET"], name="phone_picture"),
]
