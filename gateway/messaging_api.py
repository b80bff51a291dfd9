"""POST /sessions/{companyId}/messages/{location,contacts,poll,reaction}: each
reads its body, builds its bus payload and ends in `send.send_command` (idempotency, the
rate limit and the answer, as for text)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.access import tenant_for
from gateway.messaging_schemas import (
    ContactsMessage,
    LocationMessage,
    PollMessage,
    ReactionMessage,
)
from gateway.principal import Scope
from gateway.schemas import Model, read_body
from gateway.send import send_command
from gateway.services import services
from gateway.vcard import vcard
from wagate.bus import SendContacts, SendLocation, SendPoll, SendReaction
from wagate.config import GatewaySettings
from wagate.content import ContactCard, Location, Poll


async def _read(request: Request, model: type[Model]) -> tuple[str, Model]:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    settings: GatewaySettings = services(request).settings
    return tenant_id, await read_body(request, model, settings.max_body_bytes)


async def send_location(request: Request) -> Response:
    tenant_id, body = await _read(request, LocationMessage)
    location = Location(body.latitude, body.longitude, body.name or "", body.address or "")
    payload = SendLocation(body.to, location, body.quotedMessageId)
    return await send_command(request, tenant_id, body.to, payload)


async def send_contacts(request: Request) -> Response:
    tenant_id, body = await _read(request, ContactsMessage)
    cards = [
        ContactCard(c.name, vcard(c.name, c.phones, c.organization, c.email)) for c in body.contacts
    ]
    payload = SendContacts(body.to, cards, body.quotedMessageId)
    return await send_command(request, tenant_id, body.to, payload)


async def send_poll(request: Request) -> Response:
    tenant_id, body = await _read(request, PollMessage)
    poll = Poll(body.question, body.options, body.selectableCount or 1)
    return await send_command(
        request, tenant_id, body.to, SendPoll(body.to, poll, body.quotedMessageId)
    )


async def send_reaction(request: Request) -> Response:
    tenant_id, body = await _read(request, ReactionMessage)
    payload = SendReaction(body.to, body.messageId, body.emoji)
    return await send_command(request, tenant_id, body.to, payload)


routes = [
    Route("/sessions/{companyId}/messages/location", send_location, methods=["POST"]),
    Route("/sessions/{companyId}/messages/contacts", send_contacts, methods=["POST"]),
    Route("/sessions/{companyId}/messages/poll", send_poll, methods=["POST"]),
    Route("/sessions/{companyId}/messages/reaction", send_reaction, methods=["POST"]),
]
