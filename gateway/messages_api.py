"""POST /sessions/{companyId}/messages/{kind}: one route per kind of message.

Every route reads its own body (a subclass of schemas.OutgoingMessage: `to` is a number
or a group id), builds its bus payload and hands it to `send.send_command`, which does
idempotency, the rate limit and the answer the same way for every kind. Adding a kind:
a body schema, a bus payload (wagate/bus), a connector handler, and a route here.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.access import tenant_for
from gateway.principal import Scope
from gateway.schemas import TextMessage, read_body
from gateway.send import send_command
from gateway.services import services
from wagate.bus import Send
from wagate.config import GatewaySettings


async def send_text(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    settings: GatewaySettings = services(request).settings
    body = await read_body(request, TextMessage, settings.max_body_bytes)
    return await send_command(
        request, tenant_id, body.to, Send(body.to, body.text, body.quotedMessageId)
    )


routes = [
    Route("/sessions/{companyId}/messages/text", send_text, methods=["POST"]),
]
