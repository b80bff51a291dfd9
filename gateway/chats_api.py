"""Chat actions that send no message: mark messages read, show typing/recording in a
chat, the session's own availability, a subscription to a contact's, and a stored
chat's app state (archive, pin,
mute, mark unread: `PATCH` of the chat, as `PATCH /groups/{groupId}` sets a group's
fields, since these are the fields GET .../chats shows); one bus call each. `chatId` is
a number or a group id (`schemas.chat_id`). An edit or a delete for everyone of a
message is a message at WhatsApp: send_api.py's."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.access import tenant_for
from gateway.answers import tenant_ok
from gateway.bus_client import BusClient, tenant_call
from gateway.conversation_views import chat_state_json
from gateway.conversations_api import reading
from gateway.errors import ApiError
from gateway.group_schemas import phone_param
from gateway.messaging_schemas import ChatPresenceBody, ChatStateBody, PresenceBody, ReadBody
from gateway.principal import Scope
from gateway.schemas import Model, path_ids, read_body
from gateway.services import services
from wagate.bus import (
    ChatPresence,
    Command,
    Done,
    MarkedRead,
    MarkRead,
    Presence,
    SubscribePresence,
)
from wagate.config import GatewaySettings
from wagate.tables import message_store as ms


def _chat(request: Request) -> str:
    return path_ids(request).chat


async def _body(request: Request, model: type[Model]) -> Model:
    settings: GatewaySettings = services(request).settings
    return await read_body(request, model, settings.max_body_bytes)


async def mark_read(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    chat = _chat(request)
    body = await _body(request, ReadBody)
    bus: BusClient = services(request).bus
    command = Command.of(tenant_id, MarkRead(chat, body.messageIds or [], body.upTo))
    marked = await bus.call_ok(command, MarkedRead)
    return tenant_ok(tenant_id, {"chatId": chat, "messageIds": marked.message_ids})


async def chat_presence(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    chat = _chat(request)
    body = await _body(request, ChatPresenceBody)
    await tenant_call(request, tenant_id, ChatPresence(chat, body.state), Done)
    return tenant_ok(tenant_id, {"chatId": chat, "state": body.state})


async def own_presence(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    body = await _body(request, PresenceBody)
    await tenant_call(request, tenant_id, Presence(body.available), Done)
    return tenant_ok(tenant_id, {"available": body.available})


async def subscribe_presence(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    phone = phone_param(request.path_params["phone"])
    await tenant_call(request, tenant_id, SubscribePresence(phone), Done)
    return tenant_ok(tenant_id, {"phone": phone})


async def change_chat_state(request: Request) -> Response:
    """Only a chat the tenant's store has (so another tenant's, or a made-up one, is a
    404 before WhatsApp is asked); answered with the chat's state as stored after."""
    _, tenant_id = await tenant_for(request, Scope.SEND)
    chat = _chat(request)
    body = await _body(request, ChatStateBody)
    async with reading(request, tenant_id) as conn:
        if not await ms.has_chat(conn, tenant_id, chat):
            raise ApiError("chat_not_found", f"no stored chat {chat}")
    await tenant_call(request, tenant_id, body.change(chat), Done)
    async with reading(request, tenant_id) as conn:
        found = await ms.find_chat(conn, tenant_id, chat)
    if found is None:  # purged meanwhile
        raise ApiError("chat_not_found", f"no stored chat {chat}")
    state = chat_state_json(found)
    return tenant_ok(tenant_id, {"chatId": chat, **state})


routes = [
    Route("/sessions/{companyId}/chats/{chatId}", change_chat_state, methods=["PATCH"]),
    Route("/sessions/{companyId}/chats/{chatId}/read", mark_read, methods=["POST"]),
    Route("/sessions/{companyId}/chats/{chatId}/presence", chat_presence, methods=["POST"]),
    Route("/sessions/{companyId}/presence", own_presence, methods=["POST"]),
    Route(
        "/sessions/{companyId}/contacts/{phone}/presence/subscribe",
        subscribe_presence,
        methods=["POST"],
    ),
]
