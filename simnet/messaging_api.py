"""The sim network's messaging surface: the frames devices send for it, and
the control API through which virtual phones send locations, contacts and polls, react,
edit, revoke, vote, read and show presence, and show what they saw."""

from __future__ import annotations

import math
from typing import Any

from starlette.requests import HTTPConnection, Request
from starlette.routing import Route

from simnet import messaging as m
from simnet import protocol as p
from simnet.bodies import MAX_TEXT, JSONResponse, json_object, phone_number
from simnet.errors import SimError
from simnet.network import Device, DeviceLink, Network

_MAX_IDS = 500
_MAX_OPTION = 100
_MAX_FIELD = 1024


def _network(conn: HTTPConnection) -> Network:
    network: Network = conn.app.state.network
    return network


def _bad(ref: object, message: str) -> dict[str, Any]:
    return {"op": p.ERROR, "ref": ref, "code": p.BAD_FRAME, "message": message}


def handle_messaging_frame(
    network: Network, link: DeviceLink, device: Device, frame: dict[str, Any]
) -> None:
    """A device's send of a kind other than text, a read mark or a presence."""
    op, ref = frame.get("op"), frame.get("ref")
    if op == p.SEND:
        kind = str(frame.get("kind"))
        try:
            content = m.from_device(
                kind, frame.get("content"), frame.get("target"), frame.get("secret")
            )
        except ValueError as e:
            link.push(_bad(ref, str(e)))
            return
        network.send_from_device(
            device,
            str(ref),
            str(frame.get("to")),
            "",
            frame.get("id"),
            kind=kind,
            content=content,
            context=m.context_of(frame),
        )
    elif op == p.READ:
        ids = frame.get("ids")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            link.push(_bad(ref, "ids must be a list of message ids"))
            return
        network.device_read(device, str(frame.get("chat")), ids, str(frame.get("sender") or ""))
        link.push({"op": p.OK, "ref": ref})
    elif op == p.PRESENCE:
        state, chat = frame.get("state"), frame.get("chat")
        states = m.CHAT_STATES if chat is not None else m.PRESENCE_STATES
        if state not in states:
            link.push(_bad(ref, f"state must be one of {sorted(states)}"))
            return
        network.device_presence(device, str(state), None if chat is None else str(chat))
        link.push({"op": p.OK, "ref": ref})
    elif op == p.PRESENCE_SUBSCRIBE:
        network.subscribe_presence(device, str(frame.get("phone")))
        link.push({"op": p.OK, "ref": ref})
    else:
        link.push(_bad(ref, f"op {op!r} takes no kind"))


# ---- the control API -------------------------------------------------------------------


def _invalid(message: str) -> SimError:
    return SimError(400, "invalid_action", message)


def _text(body: dict[str, Any], name: str, *, empty: bool = False, limit: int = MAX_TEXT) -> str:
    value = body.get(name, "" if empty else None)
    if not isinstance(value, str) or len(value) > limit or (not value and not empty):
        raise _invalid(f"{name} must be {'up to' if empty else '1 to'} {limit} characters")
    return value


def _message_id(body: dict[str, Any], name: str = "messageId") -> str:
    value = body.get(name)
    if not isinstance(value, str) or not 0 < len(value) <= 128:
        raise _invalid(f"{name} must be a message id")
    return value


def _number(body: dict[str, Any], name: str, bound: float) -> int | float:
    value = body.get(name)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or abs(value) > bound
    ):
        raise _invalid(f"{name} must be a number from -{bound} to {bound}")
    return value


def _live_location(body: dict[str, Any]) -> dict[str, Any]:
    """A live location share's update, as a phone sends it: `sequence` (1 starts it),
    and optionally `accuracyM`, `speedMps`, `headingDeg`, `caption`."""
    share: dict[str, Any] = {
        "latitude": _number(body, "latitude", 90),
        "longitude": _number(body, "longitude", 180),
        "sequence": int(_number(body, "sequence", 2**31)),
    }
    for name, key, bound in (
        ("accuracyM", "accuracy_m", 100_000),
        ("speedMps", "speed_mps", 1000),
        ("headingDeg", "heading_deg", 360),
    ):
        if name in body:
            share[key] = _number(body, name, bound)
    if "caption" in body:
        share["caption"] = _text(body, "caption", limit=_MAX_FIELD)
    return share


def _content(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    if kind == m.LIVE_LOCATION:
        return _live_location(body)
    if kind == m.LOCATION:
        lat, lon = _number(body, "latitude", 90), _number(body, "longitude", 180)
        location: dict[str, Any] = {"latitude": lat, "longitude": lon}
        for name in ("name", "address"):
            if name in body:
                location[name] = _text(body, name, limit=_MAX_FIELD)
        return location
    if kind == m.CONTACTS:
        cards = body.get("contacts")
        if not isinstance(cards, list) or not 0 < len(cards) <= 20:
            raise _invalid("contacts must be a list of 1 to 20 {name, vcard}")
        return {
            "contacts": [
                {"name": _text(c, "name", limit=_MAX_FIELD), "vcard": _text(c, "vcard")}
                if isinstance(c, dict)
                else _bad_card()
                for c in cards
            ]
        }
    options = body.get("options")
    if not isinstance(options, list) or not 2 <= len(options) <= 12:
        raise _invalid("options must be a list of 2 to 12 names")
    if not all(isinstance(o, str) and 0 < len(o) <= _MAX_OPTION for o in options):
        raise _invalid(f"each option must be 1 to {_MAX_OPTION} characters")
    selectable = body.get("selectable", 1)
    if isinstance(selectable, bool) or not isinstance(selectable, int):
        raise _invalid("selectable must be a whole number")
    return {
        "question": _text(body, "question", limit=_MAX_FIELD),
        "options": options,
        "selectable": selectable,
        "secret": m.new_poll_secret(),
    }


def _bad_card() -> dict[str, Any]:
    raise _invalid("each contact must be an object {name, vcard}")


async def phone_sends(request: Request) -> JSONResponse:
    """POST /phones/{phone}/messages/{kind}: a location, a live location's update,
    contact cards or a poll."""
    kind = request.path_params["kind"]
    if kind not in m.CONTENT_KINDS:
        raise SimError(404, "not_found", f"no message kind {kind}")
    body = await json_object(request)
    to = phone_number(body.get("to"), "to")
    msg = _network(request).phone_act(request.path_params["phone"], to, kind, _content(kind, body))
    return JSONResponse({"success": True, **msg.public()}, status_code=201)


async def phone_reacts(request: Request) -> JSONResponse:
    body = await json_object(request)
    to, target = phone_number(body.get("to"), "to"), _message_id(body)
    content = {
        "target": {"id": target, "from": to},
        "emoji": _text(body, "emoji", empty=True, limit=32),
    }
    return _sent(_network(request).phone_act(request.path_params["phone"], to, m.REACTION, content))


async def phone_edits(request: Request) -> JSONResponse:
    body = await json_object(request)
    to, target = phone_number(body.get("to"), "to"), _message_id(body)
    content = {"target": {"id": target}, "text": _text(body, "text")}
    return _sent(_network(request).phone_act(request.path_params["phone"], to, m.EDIT, content))


async def phone_revokes(request: Request) -> JSONResponse:
    body = await json_object(request)
    to, target = phone_number(body.get("to"), "to"), _message_id(body)
    content = {"target": {"id": target}}
    return _sent(_network(request).phone_act(request.path_params["phone"], to, m.REVOKE, content))


async def phone_votes(request: Request) -> JSONResponse:
    """The phone votes on a poll it received: encrypted with the poll's secret."""
    network = _network(request)
    voter = request.path_params["phone"]
    body = await json_object(request)
    to, poll_id = phone_number(body.get("to"), "to"), _message_id(body, "pollId")
    options = body.get("options")
    poll = network.messaging.poll(poll_id)
    if poll is None or network.messaging.message_in(voter, poll_id) is None:
        raise SimError(404, "poll_not_found", f"{voter} received no poll {poll_id}")
    if not isinstance(options, list) or not all(o in poll[1] for o in options):
        raise _invalid(f"options must be a list of the poll's options {poll[1]}")
    content = network.messaging.vote_content(voter, poll_id, options)
    return _sent(network.phone_act(voter, to, m.POLL_VOTE, content))


async def phone_reads(request: Request) -> JSONResponse:
    """The phone reads messages a device's number sent it: read receipts go back."""
    body = await json_object(request)
    to = phone_number(body.get("to"), "to")
    ids = body.get("messageIds")
    if not isinstance(ids, list) or not 0 < len(ids) <= _MAX_IDS:
        raise _invalid(f"messageIds must be a list of 1 to {_MAX_IDS} ids")
    _network(request).phone_read(request.path_params["phone"], to, [str(i) for i in ids])
    return JSONResponse({"success": True})


async def phone_presence(request: Request) -> JSONResponse:
    """{to?, state}: available | unavailable, or typing | recording | paused in the chat
    with `to`. Without `to`, the phone's availability reaches the devices subscribed to
    it (presence_subscribe), as WhatsApp pushes it."""
    body = await json_object(request)
    to = None if body.get("to") is None else phone_number(body.get("to"), "to")
    state = body.get("state")
    if state not in m.PRESENCE_STATES | m.CHAT_STATES:
        raise _invalid("state must be available, unavailable, typing, recording or paused")
    if to is None and state in m.CHAT_STATES:
        raise _invalid("typing, recording and paused are shown in a chat: give `to`")
    shown = _network(request).phone_presence(
        request.path_params["phone"], to, str(state), state in m.CHAT_STATES
    )
    return JSONResponse({"success": True, "devices": shown})


async def phone_activity(request: Request) -> JSONResponse:
    """What the phone saw besides messages: its messages read, presence shown to it,
    and what was applied to every message it holds (reactions, edits, votes)."""
    network = _network(request)
    number = network.phone(request.path_params["phone"]).number
    activity = network.messaging.activity_of(number)
    return JSONResponse(
        {
            "success": True,
            "read": activity.read,
            "presence": activity.presence,
            "ownPresence": network.messaging.presence.get(number),
            "messages": network.messaging.applied_to(number),
        }
    )


def _sent(msg: Any) -> JSONResponse:
    return JSONResponse({"success": True, **msg.public()}, status_code=201)


messaging_routes = [
    Route("/phones/{phone}/messages/{kind}", phone_sends, methods=["POST"]),
    Route("/phones/{phone}/reactions", phone_reacts, methods=["POST"]),
    Route("/phones/{phone}/edits", phone_edits, methods=["POST"]),
    Route("/phones/{phone}/revokes", phone_revokes, methods=["POST"]),
    Route("/phones/{phone}/votes", phone_votes, methods=["POST"]),
    Route("/phones/{phone}/read", phone_reads, methods=["POST"]),
    Route("/phones/{phone}/presence", phone_presence, methods=["POST"]),
    Route("/phones/{phone}/activity", phone_activity, methods=["GET"]),
]
