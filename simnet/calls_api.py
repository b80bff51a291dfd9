"""The sim network's calls surface: the control API through which a virtual phone calls
a number or a group, hangs up, or (the called account's own phone) answers, and shows
its calls; and the `call_reject` frame a linked device declines a call with."""

from __future__ import annotations

from typing import Any

from starlette.requests import HTTPConnection, Request
from starlette.routing import Route

from simnet import calls as c
from simnet import protocol as p
from simnet.bodies import JSONResponse, json_object, phone_number
from simnet.errors import SimError
from simnet.network import Device, DeviceLink, Network


def _network(conn: HTTPConnection) -> Network:
    network: Network = conn.app.state.network
    return network


def _invalid(message: str) -> SimError:
    return SimError(400, "invalid_call", message)


def _ring_seconds(body: dict[str, Any]) -> float:
    ring = body.get("ringSeconds", c.DEFAULT_RING_S)
    if isinstance(ring, bool) or not isinstance(ring, int | float):
        raise _invalid("ringSeconds must be a number")
    if not 0 < ring <= c.MAX_RING_S:
        raise _invalid(f"ringSeconds must be above 0 and at most {c.MAX_RING_S:g}")
    return float(ring)


async def place_call(request: Request) -> JSONResponse:
    """{to, video?, ringSeconds?}: `to` a number, or a group id (every other member
    rings). Blocked by the number called: it does not ring there, as at WhatsApp."""
    network = _network(request)
    caller = network.phone(request.path_params["phone"]).number
    body = await json_object(request)
    to, video = body.get("to"), body.get("video", False)
    if not isinstance(video, bool):
        raise _invalid("video must be true or false")
    ring_s = _ring_seconds(body)
    if isinstance(to, str) and to.endswith("@g.us"):
        group = network.groups.get(to, caller)
        called = [member for member in group.roles if member != caller]
        group_id = group.id
    else:
        called, group_id = [network.phone(phone_number(to, "to")).number], ""
    call = network.calls.place(caller, network.ringable(caller, called), video, group_id, ring_s)
    return JSONResponse({"success": True, **call.public()}, status_code=201)


async def phone_calls(request: Request) -> JSONResponse:
    """The calls this phone made or was rung in, newest first."""
    network = _network(request)
    number = network.phone(request.path_params["phone"]).number
    mine = [
        call.public()
        for call in reversed(network.calls.calls.values())
        if number == call.caller or number in call.called
    ]
    return JSONResponse({"calls": mine})


async def answer_call(request: Request) -> JSONResponse:
    network = _network(request)
    number = network.phone(request.path_params["phone"]).number
    call = network.calls.accept(request.path_params["call_id"], number)
    return JSONResponse({"success": True, **call.public()})


async def end_call(request: Request) -> JSONResponse:
    network = _network(request)
    number = network.phone(request.path_params["phone"]).number
    call = network.calls.hang_up(request.path_params["call_id"], number)
    return JSONResponse({"success": True, **call.public()})


def handle_call_frame(
    network: Network, link: DeviceLink, device: Device, frame: dict[str, Any]
) -> None:
    """A device's call_reject: the call it was offered is declined for its account."""
    call_id, caller = frame.get("id"), frame.get("from")
    if not isinstance(call_id, str) or not isinstance(caller, str):
        link.push(
            {"op": p.ERROR, "ref": frame.get("ref"), "code": p.BAD_FRAME, "message": "id, from"}
        )
        return
    network.calls.reject(device.phone, call_id, caller)
    link.push({"op": p.OK, "ref": frame.get("ref")})


routes = [
    Route("/phones/{phone}/calls", place_call, methods=["POST"]),
    Route("/phones/{phone}/calls", phone_calls, methods=["GET"]),
    Route("/phones/{phone}/calls/{call_id}/answer", answer_call, methods=["POST"]),
    Route("/phones/{phone}/calls/{call_id}/end", end_call, methods=["POST"]),
]
