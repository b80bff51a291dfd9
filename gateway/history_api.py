"""On-demand history: ask the phone for a chat's messages older than the oldest the
message store has. WhatsApp answers later, as a history sync of type on_demand that the
connector stores like any other (docs/conversations.md, "History sync"), so the route
only says the phone was asked (202)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.access import tenant_for
from gateway.answers import tenant_ok
from gateway.bus_client import tenant_call
from gateway.conversations_api import reading
from gateway.errors import ApiError
from gateway.principal import Scope
from gateway.schemas import path_ids, read_body
from gateway.services import services
from wagate.bus import Done, RequestHistory
from wagate.config import GatewaySettings
from wagate.tables import message_store as ms

DEFAULT_COUNT = 50  # what whatsmeow recommends asking for at a time
MAX_COUNT = 500


class HistoryRequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    count: int = Field(default=DEFAULT_COUNT, ge=1, le=MAX_COUNT)


async def request_history(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    chat = path_ids(request).chat
    settings: GatewaySettings = services(request).settings
    body = await read_body(request, HistoryRequestBody, settings.max_body_bytes, optional=True)
    async with reading(request, tenant_id) as conn:
        if not await ms.has_chat(conn, tenant_id, chat):
            raise ApiError("chat_not_found", f"no stored chat {chat}")
        oldest = await ms.oldest_message(conn, tenant_id, chat)
    if oldest is None:
        raise ApiError("chat_history_empty", f"no message of {chat} is stored")
    at_ms = int(oldest.sent_at.timestamp() * 1000)
    asked = RequestHistory(chat, oldest.message_id, oldest.from_me, at_ms, body.count)
    await tenant_call(request, tenant_id, asked, Done)
    return tenant_ok(
        tenant_id,
        {
            "chatId": chat,
            "count": body.count,
            "before": oldest.message_id,
        },
        status=202,
    )


routes = [
    Route("/sessions/{companyId}/chats/{chatId}/history", request_history, methods=["POST"]),
]
