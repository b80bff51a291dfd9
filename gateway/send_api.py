"""Every route that sends a message: POST /sessions/{companyId}/messages/{kind} (media:
media_api.py, which reads their bytes its own way), and those acting on a message of a
chat, /sessions/{companyId}/chats/{chatId}/messages/{messageId}[/...].

Each is declared by its body schema (`sent_at`, gateway/schemas.py: SEND_ROUTES): a
method, a path, and the schema whose `message` builds the one `send_message` command (its
chat, content and quoted message) from the body and what the path names;
`send.send_message` then does idempotency, the rate limit and the answer the same way for
every kind. Adding a kind of message: its content (wagate/content.py) and a body schema
with `sent_at` and `message`; nothing here.
"""

from __future__ import annotations

from collections import defaultdict

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway import messaging_schemas
from gateway.access import tenant_for
from gateway.principal import Scope
from gateway.routing import Handler, route
from gateway.schemas import SEND_ROUTES, SendBody, path_ids, read_body
from gateway.send import send_message
from gateway.services import services
from wagate.config import GatewaySettings

# the schemas that declare their routes, loaded (gateway/schemas.py declares text's)
_DECLARED_IN = (messaging_schemas,)


def _sending(schema: type[SendBody]) -> Handler:
    async def send(request: Request) -> Response:
        _, tenant_id = await tenant_for(request, Scope.SEND)
        at = path_ids(request)
        if schema.model_fields:
            settings: GatewaySettings = services(request).settings
            body = await read_body(request, schema, settings.max_body_bytes)
        else:  # the path says it all: no body is read
            body = schema()
        return await send_message(request, tenant_id, body.message(at))

    send.__name__ = f"send_{schema.__name__}"
    return send


def _routes() -> list[Route]:
    """One route a path, with a handler a method (a path's other methods get 405)."""
    by_path: dict[str, dict[str, Handler]] = defaultdict(dict)
    for method, path, schema in SEND_ROUTES:
        by_path[path][method] = _sending(schema)
    return [route(f"/sessions/{{companyId}}{path}", **by) for path, by in by_path.items()]


routes = _routes()
