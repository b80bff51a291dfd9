"""The sim network's server: devices connect over WebSocket at /ws; tests and demos drive
virtual phones, faults and outages through the HTTP control API beside it."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import HTTPConnection, Request
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from simnet import history, media_routes, queries
from simnet import messaging as m
from simnet import protocol as p
from simnet.account import routes as account_routes
from simnet.app_state import app_state_routes, handle_app_state_frame
from simnet.bodies import (
    JSONResponse,
    LinkByCode,
    LinkByQr,
    NewPhone,
    Outage,
    PhoneMessage,
    PhoneProfile,
    json_object,
)
from simnet.calls_api import handle_call_frame
from simnet.calls_api import routes as calls_routes
from simnet.errors import SimError
from simnet.faults import FaultError, FaultRequest
from simnet.media_host import MediaHostError
from simnet.media_message import BadMedia, WireMedia
from simnet.messaging_api import handle_messaging_frame, messaging_routes
from simnet.network import Device, Network
from simnet.profiles import profile_routes
from wagate.deadlines import within

log = logging.getLogger(__name__)

_CLOSE = object()


class SocketLink:
    """One device socket. Frames are queued and written by one task, so pushes from the
    control API and from the reader never interleave on the wire."""

    def __init__(self, ws: WebSocket) -> None:
        self._ws = ws
        self._out: asyncio.Queue[object] = asyncio.Queue()
        self.closed = False
        self.close_reason = ""
        self.close_code = 4000
        self._stalled_until: float | None = None  # monotonic; inf: until the socket closes
        # frames a slow network holds back, in the order they were pushed
        self._held: dict[int, tuple[asyncio.TimerHandle, dict[str, Any]]] = {}
        self._held_seq = 0
        # the media host, as this device reached the server (http://host:port)
        self.media_host = f"{'https' if ws.url.scheme == 'wss' else 'http'}://{ws.url.netloc}"

    @property
    def stalled(self) -> bool:
        return self._stalled_until is not None and time.monotonic() < self._stalled_until

    def stall(self, seconds: float | None) -> None:
        self._stalled_until = time.monotonic() + (float("inf") if seconds is None else seconds)

    def push(self, frame: dict[str, Any], delay_s: float = 0.0) -> None:
        if delay_s > 0:
            self._held_seq += 1
            key = self._held_seq
            handle = asyncio.get_running_loop().call_later(delay_s, self._release, key)
            self._held[key] = (handle, frame)
        elif not self.closed and not self.stalled:
            self._out.put_nowait(frame)

    def release_held(self) -> None:
        """The network catches up: every frame still held back goes now, in order."""
        for key in list(self._held):
            self._held[key][0].cancel()
            self._release(key)

    def _release(self, key: int) -> None:
        held = self._held.pop(key, None)
        if held is not None:
            self.push(held[1])

    def close(self, reason: str, code: int = 4000) -> None:
        if not self.closed:
            self.closed = True
            self.close_reason, self.close_code = reason, code
            self._out.put_nowait(_CLOSE)

    async def write_loop(self) -> None:
        while True:
            item = await self._out.get()
            if item is _CLOSE:
                await self._ws.close(code=self.close_code, reason=self.close_reason)
                return
            await self._ws.send_text(json.dumps(item, separators=(",", ":")))


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"success": False, "code": code, "error": message}, status_code=status)


def _handle_frame(network: Network, link: SocketLink, frame: dict[str, Any]) -> None:
    op, ref = frame.get("op"), frame.get("ref")
    device = network.device_for(link)
    if op == p.HELLO:
        network.hello(
            link,
            frame.get("credentials"),
            frame.get("available") is not False,
            str(frame.get("history_sync", "all")),
        )
    elif op == p.PING:
        network.ping(link, ref)
    elif op == p.PAIR_CODE:
        network.request_pair_code(link, ref, frame.get("phone"))
    elif device is None:
        link.push(
            {
                "op": p.ERROR,
                "ref": ref,
                "code": p.NOT_AUTHENTICATED,
                "message": "say hello with valid credentials first",
            }
        )
    elif op == p.MEDIA_CONN:
        network.media_conn(link, ref, link.media_host)
    elif (
        op in (p.READ, p.PRESENCE, p.PRESENCE_SUBSCRIBE)
        or op == p.SEND
        and frame.get("kind") not in (None, m.TEXT)
    ):
        handle_messaging_frame(network, link, device, frame)
    elif op == p.SEND:
        _text_or_media_send(network, link, device, frame)
    elif op == p.QUERY:
        try:
            result = queries.answer(network, device.phone, frame.get("kind"), frame)
        except SimError as e:
            link.push({"op": p.ERROR, "ref": ref, "code": e.code, "message": e.message})
        else:
            link.push({"op": p.RESULT, "ref": ref, "result": result})
    elif op == p.APP_STATE:
        handle_app_state_frame(network, link, device, frame)
    elif op == p.CALL_REJECT:
        handle_call_frame(network, link, device, frame)
    elif op == p.RECEIVED:
        network.received(device, str(frame.get("id")))
    elif op in (p.HISTORY_RECEIVED, p.HISTORY_REQUEST):
        _history_frame(network, link, device, frame)
    elif op == p.LOGOUT:
        network.logout(device)
        link.push({"op": p.LOGGED_OUT, "ref": ref})
        link.close("logged_out")
    else:
        link.push({"op": p.ERROR, "ref": ref, "code": p.BAD_FRAME, "message": f"unknown op {op!r}"})


def _text_or_media_send(
    network: Network, link: SocketLink, device: Device, frame: dict[str, Any]
) -> None:
    ref, quoted = frame.get("ref"), frame.get("quoted")
    try:
        media = WireMedia.parse(frame["media"]) if "media" in frame else None
    except BadMedia as e:
        link.push({"op": p.ERROR, "ref": ref, "code": p.BAD_FRAME, "message": str(e)})
        return
    network.send_from_device(
        device,
        str(ref),
        str(frame.get("to")),
        str(frame.get("text")),
        frame.get("id"),
        {"id": str(quoted.get("id")), "from": str(quoted.get("from"))}
        if isinstance(quoted, dict)
        else None,
        media,
        context=m.context_of(frame),
    )


def _history_frame(
    network: Network, link: SocketLink, device: Device, frame: dict[str, Any]
) -> None:
    """A device's history frames: a chunk it stored, or a request for older messages."""
    if frame.get("op") == p.HISTORY_RECEIVED:
        network.history_received(device, str(frame.get("id")))
        return
    ref = frame.get("ref")
    try:
        network.request_history(device, frame)
    except SimError as e:
        link.push({"op": p.ERROR, "ref": ref, "code": e.code, "message": e.message})
    else:
        link.push({"op": p.OK, "ref": ref})


def _network(conn: HTTPConnection) -> Network:
    network: Network = conn.app.state.network
    return network


def _bad_frame(message: str) -> dict[str, Any]:
    return {"op": p.ERROR, "ref": None, "code": p.BAD_FRAME, "message": message}


async def device_socket(ws: WebSocket) -> None:
    network = _network(ws)
    link = SocketLink(ws)
    network.base_url = link.media_host  # where the picture URLs it makes point
    peer = "" if ws.client is None else f"{ws.client.host}:{ws.client.port}"
    if not network.opened(link, peer):
        await ws.close(code=1013)  # before accept: the handshake is refused
        return
    await ws.accept()
    writer = asyncio.create_task(link.write_loop())
    try:
        while not link.closed:
            raw = await ws.receive_text()
            if link.stalled:
                continue  # a stalled socket hears nothing
            try:
                frame = json.loads(raw)
            except ValueError:
                frame = None
            if not isinstance(frame, dict):
                link.push(_bad_frame("frames are JSON objects"))
                continue
            _handle_frame(network, link, frame)
    except WebSocketDisconnect:
        pass
    finally:
        network.disconnected(link)
        link.close("disconnected")
        try:
            await within(writer, 2)
        except Exception:
            writer.cancel()
        except asyncio.CancelledError:
            writer.cancel()
            raise


async def create_phone(request: Request) -> JSONResponse:
    body = NewPhone.parse(await json_object(request))
    phone, created = _network(request).add_phone(body.phone, body.lid_addressed)
    return JSONResponse(
        {"success": True, "phone": phone.number, "created": created},
        status_code=201 if created else 200,
    )


async def get_phone(request: Request) -> JSONResponse:
    network = _network(request)
    phone = network.phone(request.path_params["phone"])
    connected = sum(1 for d in phone.devices if network.devices[d].link is not None)
    return JSONResponse(
        {
            "success": True,
            "phone": phone.number,
            "lid": phone.lid,
            "linkedDevices": len(phone.devices),
            "connectedDevices": connected,
            "numberQueries": phone.number_queries,
            # its profile, as its devices or the control API set it
            "pushName": phone.push_name,
            "about": phone.about,
            "pictureUrl": phone.picture_url,
            "business": phone.business is not None,
        }
    )


async def link_phone(request: Request) -> JSONResponse:
    body = LinkByQr.parse(await json_object(request))
    device = _network(request).link(request.path_params["phone"], body.qr)
    return JSONResponse({"success": True, "phone": device.phone, "deviceId": device.id})


async def link_by_code(request: Request) -> JSONResponse:
    body = LinkByCode.parse(await json_object(request))
    device = _network(request).link_by_code(request.path_params["phone"], body.code)
    return JSONResponse({"success": True, "phone": device.phone, "deviceId": device.id})


async def phone_send(request: Request) -> JSONResponse:
    body = PhoneMessage.parse(await json_object(request))
    msg = _network(request).send_from_phone(
        request.path_params["phone"], body.to, body.text, message_id=body.id, context=body.context
    )
    return JSONResponse({"success": True, **msg.public()}, status_code=201)


async def phone_history(request: Request) -> JSONResponse:
    """The conversations the phone had before linking (replacing any given before): each
    device it links from now on receives them after pairing, as a history sync."""
    network = _network(request)
    number = network.phone(request.path_params["phone"]).number
    messages = history.parse(number, await json_object(request))
    network.set_history(number, messages)
    return JSONResponse({"success": True, "messages": len(messages)})


async def phone_redelivers(request: Request) -> JSONResponse:
    phone, message_id = request.path_params["phone"], request.path_params["message_id"]
    msg = _network(request).redeliver(phone, message_id)
    return JSONResponse({"success": True, **msg.public()})


async def phone_inbox(request: Request) -> JSONResponse:
    network = _network(request)
    phone = network.phone(request.path_params["phone"])
    # with what was applied to each message since (reactions, an edit, votes)
    messages = [
        {**msg.inbox_entry(), **network.messaging.applied(phone.number, msg.id)}
        for msg in phone.inbox
    ]
    return JSONResponse({"success": True, "messages": messages})


# ---- a virtual phone's profile and groups (the same queries a linked device makes) ----


async def set_profile(request: Request) -> JSONResponse:
    phone = _network(request).phone(request.path_params["phone"])
    body = PhoneProfile.parse(await json_object(request))
    if body.about is not None:
        phone.about = body.about
    if body.business_name is not None:
        phone.business_name = body.business_name
    if body.push_name is not None:
        phone.push_name = body.push_name
    if body.picture is not None:  # a new URL each time, as WhatsApp's change with the picture
        url = request.url_for("phone_picture", phone=phone.number)
        phone.picture_url = f"{url}?v={secrets.token_hex(4)}" if body.picture else ""
        phone.picture = None
    return JSONResponse(
        {
            "success": True,
            "phone": phone.number,
            "about": phone.about,
            "pictureUrl": phone.picture_url,
            "businessName": phone.business_name,
            "pushName": phone.push_name,
        }
    )


def _as_phone(kind: str, status: int = 200) -> Callable[[Request], Awaitable[JSONResponse]]:
    """A control route where a virtual phone makes a query as its linked device would:
    the body's fields and the path's group are the query's."""

    async def act(request: Request) -> JSONResponse:
        network = _network(request)
        number = network.phone(request.path_params["phone"]).number
        body = await json_object(request) if request.method != "GET" else {}
        for name in ("group", "channel"):  # the path names the query's group or channel
            if name in request.path_params:
                body[name] = request.path_params[name]
        result = queries.answer(network, number, kind, body)
        return JSONResponse({"success": True, **result}, status_code=status)

    act.__name__ = f"phone_{kind}"
    return act


async def update_group(request: Request) -> JSONResponse:
    network = _network(request)
    number = network.phone(request.path_params["phone"]).number
    body = await json_object(request)
    group = request.path_params["group"]
    for field, kind in (("subject", "group_subject"), ("description", "group_description")):
        if field in body:
            queries.answer(network, number, kind, {"group": group, field: body[field]})
    return JSONResponse(
        {"success": True, **queries.answer(network, number, "group_info", {"group": group})}
    )


async def add_fault(request: Request) -> JSONResponse:
    try:
        fault = FaultRequest.parse(await json_object(request))
    except FaultError as e:
        raise SimError(400, "invalid_fault", str(e)) from None
    devices = _network(request).inflict(fault)
    return JSONResponse({"success": True, "kind": fault.kind, "devices": devices})


async def clear_faults(request: Request) -> JSONResponse:
    _network(request).clear_faults(request.path_params["phone"])
    return JSONResponse({"success": True})


async def clear_network_faults(request: Request) -> JSONResponse:
    _network(request).clear_network_faults()
    return JSONResponse({"success": True})


async def start_outage(request: Request) -> JSONResponse:
    body = Outage.parse(await json_object(request))
    closed = _network(request).start_outage(float(body.seconds))
    return JSONResponse({"success": True, "closed": closed, "seconds": body.seconds})


async def end_outage(request: Request) -> JSONResponse:
    _network(request).end_outage()
    return JSONResponse({"success": True})


async def connections(request: Request) -> JSONResponse:
    phone = request.query_params.get("phone")
    network = _network(request)
    return JSONResponse(
        {
            "success": True,
            "connections": network.connections(phone),
            "mediaPeers": list(network.media.peers),
        }
    )


async def stats(request: Request) -> JSONResponse:
    return JSONResponse({"success": True, **_network(request).stats()})


async def sim_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SimError)
    return _error(exc.status, exc.code, exc.message)


routes = [
    WebSocketRoute("/ws", device_socket),
    Route("/phones", create_phone, methods=["POST"]),
    Route("/phones/{phone}", get_phone, methods=["GET"]),
    Route("/phones/{phone}/link", link_phone, methods=["POST"]),
    Route("/phones/{phone}/pair-code", link_by_code, methods=["POST"]),
    Route("/phones/{phone}/messages", phone_send, methods=["POST"]),
    Route("/phones/{phone}/messages", phone_inbox, methods=["GET"]),
    Route("/phones/{phone}/messages/{message_id}/redeliver", phone_redelivers, methods=["POST"]),
    Route("/phones/{phone}/history", phone_history, methods=["POST"]),
    Route("/phones/{phone}/inbox", phone_inbox, methods=["GET"]),  # the same, by its name
    Route("/phones/{phone}/profile", set_profile, methods=["PUT"]),
    *profile_routes,
    Route("/phones/{phone}/groups", _as_phone("groups"), methods=["GET"]),
    Route("/phones/{phone}/groups", _as_phone("create_group", 201), methods=["POST"]),
    Route("/phones/{phone}/groups/join", _as_phone("join_group"), methods=["POST"]),
    Route("/phones/{phone}/groups/{group}", _as_phone("group_info"), methods=["GET"]),
    Route("/phones/{phone}/groups/{group}", update_group, methods=["PATCH"]),
    Route(
        "/phones/{phone}/groups/{group}/participants",
        _as_phone("group_participants"),
        methods=["POST"],
    ),
    Route("/phones/{phone}/groups/{group}/leave", _as_phone("leave_group"), methods=["POST"]),
    Route("/phones/{phone}/groups/{group}/invite", _as_phone("group_invite"), methods=["POST"]),
    Route("/phones/{phone}/groups/{group}/settings", _as_phone("group_setting"), methods=["POST"]),
    Route("/phones/{phone}/groups/{group}/picture", _as_phone("group_picture"), methods=["PUT"]),
    Route("/phones/{phone}/groups/{group}/requests", _as_phone("group_requests"), methods=["GET"]),
    Route(
        "/phones/{phone}/groups/{group}/requests",
        _as_phone("group_requests_action"),
        methods=["POST"],
    ),
    Route("/phones/{phone}/channels", _as_phone("channels"), methods=["GET"]),
    Route("/phones/{phone}/channels", _as_phone("create_channel", 201), methods=["POST"]),
    Route("/phones/{phone}/channels/{channel}", _as_phone("channel_info"), methods=["GET"]),
    Route(
        "/phones/{phone}/channels/{channel}/admins",
        _as_phone("channel_admin"),
        methods=["POST"],
    ),
    Route(
        "/phones/{phone}/channels/{channel}/follow", _as_phone("follow_channel"), methods=["POST"]
    ),
    Route("/faults", add_fault, methods=["POST"]),
    Route("/faults", clear_network_faults, methods=["DELETE"]),
    Route("/faults/{phone}", clear_faults, methods=["DELETE"]),
    Route("/outage", start_outage, methods=["POST"]),
    Route("/outage", end_outage, methods=["DELETE"]),
    Route("/connections", connections, methods=["GET"]),
    Route("/stats", stats, methods=["GET"]),
    *media_routes.routes,
    *messaging_routes,
    *app_state_routes,
    *calls_routes,
    *account_routes,
]


def create_app(network: Network) -> Starlette:
    app = Starlette(
        routes=routes,
        exception_handlers={SimError: sim_error, MediaHostError: media_routes.media_host_error},
    )
    app.state.network = network
    return app
