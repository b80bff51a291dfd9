"""Chat actions: edit and delete for everyone a sent message, mark messages
read, show typing/recording in a chat, and the session's own availability.

Edits and revokes are messages at WhatsApp: they go through `send.send_command`
(idempotency, rate limit). Read marks and presence send no message: one bus call each.
`chatId` is a number or a group id (`schemas.chat_id`)."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.access import tenant_for
from gateway.bus_client import BusClient
from gateway.errors import ApiError
from gateway.messaging_schemas import ChatPresenceBody, EditBody, PresenceBody, ReadBody
from gateway.principal import Scope
from gateway.routing import route
from gateway.schemas import MESSAGE_ID_PATTERN, Model, chat_id, read_body
from gateway.send import send_command
from gateway.services import services
from wagate.bus import (
    ChatPresence,
    Command,
    Done,
    EditMessage,
    MarkedRead,
    MarkRead,
    Presence,
    RevokeMessage,
)
from wagate.config import GatewaySettings

_MESSAGE_ID = re.compile(MESSAGE_ID_PATTERN)


def chat_path(request: Request) -> str:
    """The path's chatId, checked (a number or a group id)."""
    raw = request.path_params["chatId"]
    try:
        return chat_id(raw)
    except ValueError as e:
        raise _bad_path("chatId", str(e)) from None


def message_id_path(request: Request) -> str:
    raw = request.path_params["messageId"]
    if not _MESSAGE_ID.fullmatch(raw):
        raise _bad_path("messageId", f"must match {MESSAGE_ID_PATTERN}")
    return str(raw)


def _bad_path(name: str, message: str) -> ApiError:
    return ApiError(
        "validation_failed",
        f"{name}: {message}",
        details=[{"field": name, "message": message}],
    )


async def _body(request: Request, model: type[Model]) -> Model:
    settings: GatewaySettings = services(request).settings
    return await read_body(request, model, settings.max_body_bytes)


async def edit_message(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    chat, message_id = chat_path(request), message_id_path(request)
    body = await _body(request, EditBody)
    return await send_command(request, tenant_id, chat, EditMessage(chat, message_id, body.text))


async def revoke_message(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    chat, message_id = chat_path(request), message_id_path(request)
    return await send_command(request, tenant_id, chat, RevokeMessage(chat, message_id))


async def mark_read(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    chat = chat_path(request)
    body = await _body(request, ReadBody)
    bus: BusClient = services(request).bus
    command = Command.of(tenant_id, MarkRead(chat, body.messageIds or [], body.upTo))
    marked = await bus.call_ok(command, MarkedRead)
    return JSONResponse(
        {"success": True, "companyId": tenant_id, "chatId": chat, "messageIds": marked.message_ids}
    )


async def chat_presence(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    chat = chat_path(request)
    body = await _body(request, ChatPresenceBody)
    bus: BusClient = services(request).bus
    await bus.call_ok(Command.of(tenant_id, ChatPresence(chat, body.state)), Done)
    return JSONResponse(
        {"success": True, "companyId": tenant_id, "chatId": chat, "state": body.state}
    )


async def own_presence(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    body = await _body(request, PresenceBody)
    bus: BusClient = services(request).bus
    await bus.call_ok(Command.of(tenant_id, Presence(body.available)), Done)
    return JSONResponse({"success": True, "companyId": tenant_id, "available": body.available})


routes = [
    route(
        "/sessions/{companyId}/chats/{chatId}/messages/{messageId}",
        PUT=edit_message,
        DELETE=revoke_message,
    ),
    Route("/sessions/{companyId}/chats/{chatId}/read", mark_read, methods=["POST"]),
    Route("/sessions/{companyId}/chats/{chatId}/presence", chat_presence, methods=["POST"]),
    Route("/sessions/{companyId}/presence", own_presence, methods=["POST"]),
]
