"""How the account shows each of its chats, as WhatsApp syncs it between a phone and its
linked devices (app state): archived, pinned, muted until, marked unread; and the names
its address book gives people. A device's
change is the phone's at once (and reaches the phone's other devices); a change made on
the phone (the control API) reaches every linked device as an `app_state` frame."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simnet import protocol as p
from simnet.bodies import JSONResponse, json_object, phone_number
from simnet.errors import SimError

if TYPE_CHECKING:
    from simnet.network import Device, DeviceLink, Network, Phone

STATES = ("archived", "pinned", "muted", "unread")
MAX_CHAT_CHARS = 128
MAX_CONTACT_NAME = 256


@dataclass
class ChatView:
    archived: bool = False
    pinned: bool = False
    muted_until: int | None = None  # epoch ms; 0: forever; None: not muted
    unread: bool = False  # marked unread by hand

    def apply(self, state: str, on: bool, muted_until: int) -> None:
        if state == "muted":
            self.muted_until = muted_until if on else None
        else:
            setattr(self, state, on)
        if state == "archived" and on:  # WhatsApp unpins a chat it archives
            self.pinned = False

    def public(self) -> dict[str, Any]:
        return {
            "archived": self.archived,
            "pinned": self.pinned,
            "mutedUntil": self.muted_until,
            "unread": self.unread,
        }


Change = tuple[str, str, bool, int]  # chat, state, on, muted_until


def _change(chat: object, state: object, on: object, muted_until: object) -> Change:
    """A checked change, or SimError 400."""
    if not isinstance(chat, str) or not 0 < len(chat) <= MAX_CHAT_CHARS:
        raise SimError(400, p.BAD_FRAME, f"chat must be 1 to {MAX_CHAT_CHARS} characters")
    if state not in STATES or not isinstance(on, bool):
        raise SimError(400, p.BAD_FRAME, f"state must be one of {STATES}, on a boolean")
    if muted_until is None:
        muted_until = 0
    if not isinstance(muted_until, int) or isinstance(muted_until, bool) or muted_until < 0:
        raise SimError(400, p.BAD_FRAME, "muted_until must be epoch ms (0: forever)")
    return chat, str(state), on, muted_until


def change_chat(network: Network, phone: Phone, change: Change, by: Device | None) -> None:
    """The phone's view of the chat changes; every linked device but `by` is told."""
    chat, state, on, muted_until = change
    phone.chats.setdefault(chat, ChatView()).apply(state, on, muted_until)
    frame = {
        "op": p.APP_STATE,
        "chat": chat,
        "state": state,
        "on": on,
        "muted_until": muted_until,
        "timestamp": int(time.time() * 1000),
    }
    for device_id in phone.devices:
        device = network.devices[device_id]
        if device is not by and device.link is not None:
            device.link.push(frame)


def handle_app_state_frame(
    network: Network, link: DeviceLink, device: Device, frame: dict[str, Any]
) -> None:
    ref = frame.get("ref")
    try:
        change = _change(
            frame.get("chat"), frame.get("state"), frame.get("on"), frame.get("muted_until")
        )
    except SimError as e:
        link.push({"op": p.ERROR, "ref": ref, "code": e.code, "message": e.message})
        return
    change_chat(network, network.phone(device.phone), change, by=device)
    link.push({"op": p.OK, "ref": ref})


# ---- the control API -------------------------------------------------------------------


def _network(request: Request) -> Network:
    network: Network = request.app.state.network
    return network


async def phone_chats(request: Request) -> JSONResponse:
    """The phone's view of its chats (only those whose app state was ever changed)."""
    phone = _network(request).phone(request.path_params["phone"])
    chats = {chat: view.public() for chat, view in phone.chats.items()}
    return JSONResponse({"success": True, "chats": chats})


async def phone_changes_chat(request: Request) -> JSONResponse:
    """The phone's user archives, pins, mutes or marks a chat unread (or undoes it):
    body {"state", "on", "mutedUntil"?}."""
    network = _network(request)
    phone = network.phone(request.path_params["phone"])
    body = await json_object(request)
    chat = request.path_params["chat"]
    change = _change(chat, body.get("state"), body.get("on"), body.get("mutedUntil"))
    change_chat(network, phone, change, by=None)
    return JSONResponse({"success": True, "chat": change[0], **phone.chats[change[0]].public()})


async def phone_names_contact(request: Request) -> JSONResponse:
    """The phone's user saves a number in the address book under a name ("" deletes it):
    WhatsApp syncs it to every linked device (app state)."""
    network = _network(request)
    phone = network.phone(request.path_params["phone"])
    number = phone_number(request.path_params["number"], "number")
    name = (await json_object(request)).get("name")
    if not isinstance(name, str) or len(name) > MAX_CONTACT_NAME:
        raise SimError(
            400, "validation_failed", f"name must be up to {MAX_CONTACT_NAME} characters"
        )
    if name:
        phone.address_book[number] = name
    else:
        phone.address_book.pop(number, None)
    frame = {"op": p.CONTACT_NAME, "jid": number, "name": name}
    named = network.phones.get(number)
    if named is not None:
        frame["lid"] = named.lid
    network.push_to_phone(phone.number, frame)
    return JSONResponse({"success": True, "number": number, "name": name})


app_state_routes = [
    Route("/phones/{phone}/address-book/{number}", phone_names_contact, methods=["PUT"]),
    Route("/phones/{phone}/chats", phone_chats, methods=["GET"]),
    Route("/phones/{phone}/chats/{chat}/app-state", phone_changes_chat, methods=["POST"]),
]
