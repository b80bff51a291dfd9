"""An account's own settings on the sim network, shared by its phone and linked devices
as WhatsApp keeps them server-side: its privacy settings and its blocklist.

A blocked number's 1:1 messages and calls do not reach the account (WhatsApp keeps them
at one tick; group messages still arrive), and the account's own send to a number it
blocked is refused (WhatsApp answers it with error 403; the sim network says
`contact_blocked`). Devices ask through query frames (kinds privacy, set_privacy,
blocklist, update_blocklist); the phone's user through the control API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import HTTPConnection, Request
from starlette.routing import Route

from simnet import protocol as p
from simnet.bodies import JSONResponse, json_object, phone_number
from simnet.errors import SimError
from simnet.network import Network

# WhatsApp's privacy settings (whatsmeow's PrivacySettingType names) and their values
PRIVACY_VALUES: dict[str, tuple[str, ...]] = {
    "last": ("all", "contacts", "contact_blacklist", "none"),
    "online": ("all", "match_last_seen"),
    "profile": ("all", "contacts", "contact_blacklist", "none"),
    "status": ("all", "contacts", "contact_blacklist", "none"),
    "groupadd": ("all", "contacts", "contact_blacklist", "none"),
    "readreceipts": ("all", "none"),
    "calladd": ("all", "known"),
}
DEFAULT_PRIVACY = {name: "all" for name in PRIVACY_VALUES}


def _network(conn: HTTPConnection) -> Network:
    network: Network = conn.app.state.network
    return network


def privacy_of(network: Network, number: str) -> dict[str, str]:
    return {**DEFAULT_PRIVACY, **network.phone(number).privacy}


def set_privacy(network: Network, number: str, name: object, value: object) -> dict[str, str]:
    allowed = PRIVACY_VALUES.get(name) if isinstance(name, str) else None
    if allowed is None or value not in allowed:
        raise SimError(400, p.BAD_FRAME, f"no privacy setting {name!r} takes {value!r}")
    network.phone(number).privacy[str(name)] = str(value)
    return privacy_of(network, number)


def update_blocklist(network: Network, number: str, other: str, block: bool) -> list[str]:
    """`number` blocks (or unblocks) `other`; the blocklist as it now is."""
    blocked = network.phone(number).blocked
    if block:
        blocked.add(other)
    else:
        blocked.discard(other)
    return sorted(blocked)


def _query_privacy(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    return {"privacy": privacy_of(network, me)}


def _query_set_privacy(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    return {"privacy": set_privacy(network, me, frame.get("name"), frame.get("value"))}


def _query_blocklist(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    return {"blocked": sorted(network.phone(me).blocked)}


def _query_update_blocklist(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    other, block = frame.get("phone"), frame.get("block")
    if not isinstance(other, str) or not isinstance(block, bool):
        raise SimError(400, p.BAD_FRAME, "update_blocklist takes a phone and block")
    return {"blocked": update_blocklist(network, me, other, block)}


QUERY_KINDS: dict[str, Callable[[Network, str, dict[str, Any]], dict[str, Any]]] = {
    "privacy": _query_privacy,
    "set_privacy": _query_set_privacy,
    "blocklist": _query_blocklist,
    "update_blocklist": _query_update_blocklist,
}


async def phone_blocklist(request: Request) -> JSONResponse:
    network = _network(request)
    number = network.phone(request.path_params["phone"]).number
    return JSONResponse({"blocked": sorted(network.phone(number).blocked)})


async def phone_blocks(request: Request) -> JSONResponse:
    """{phone, block?}: the phone's user blocks (block true, the default) or unblocks."""
    network = _network(request)
    number = network.phone(request.path_params["phone"]).number
    body = await json_object(request)
    other, block = phone_number(body.get("phone"), "phone"), body.get("block", True)
    if not isinstance(block, bool):
        raise SimError(400, "invalid_phone", "block must be true or false")
    return JSONResponse({"blocked": update_blocklist(network, number, other, block)})


async def phone_privacy(request: Request) -> JSONResponse:
    network = _network(request)
    return JSONResponse({"privacy": privacy_of(network, request.path_params["phone"])})


routes = [
    Route("/phones/{phone}/blocklist", phone_blocklist, methods=["GET"]),
    Route("/phones/{phone}/blocklist", phone_blocks, methods=["POST"]),
    Route("/phones/{phone}/privacy", phone_privacy, methods=["GET"]),
]
