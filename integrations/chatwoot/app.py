"""The bridge's HTTP side: wagate's signed webhooks in (`POST /wagate`), Chatwoot's
webhook in (`POST /chatwoot/<callback token>`), and `GET /healthz`. Each webhook is
queued in PostgreSQL before it is answered 2xx, so the queue, not the answer, carries
it on; a database that does not answer is a 503, which wagate's dispatcher retries."""

from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from svix.webhooks import Webhook, WebhookVerificationError

from integrations.chatwoot.outbound import agent_reply
from integrations.chatwoot.store import TO_CHATWOOT, TO_WHATSAPP, BridgeStore
from integrations.chatwoot.worker import Worker
from wagate.db import DB_ERRORS
from wagate.errors import status_of

log = logging.getLogger(__name__)


def error_response(code: str, detail: str) -> JSONResponse:
    return JSONResponse({"success": False, "code": code, "error": detail}, status_of(code))


@dataclass(frozen=True)
class Receivers:
    store: BridgeStore
    verifier: Webhook
    callback_token: str
    workers: dict[str, Worker]

    async def from_wagate(self, request: Request) -> Response:
        body = await request.body()
        try:
            self.verifier.verify(body, dict(request.headers))
        except WebhookVerificationError:
            return error_response("webhook_signature_invalid", "not signed by wagate just now")
        event = json.loads(body)  # wagate's own JSON, signed: an object with an id
        if event["type"] != "message":  # the endpoint may be subscribed to more
            return JSONResponse({"success": True, "queued": False})
        return await self._queue(TO_CHATWOOT, str(event["id"]), event)

    async def from_chatwoot(self, request: Request) -> Response:
        given = request.path_params["token"].encode()
        if not hmac.compare_digest(given, self.callback_token.encode()):
            return error_response("callback_token_invalid", "no such callback")
        try:
            payload = json.loads(await request.body())
        except (ValueError, RecursionError):  # not JSON, not UTF-8, nested too deep
            return error_response("invalid_json", "the body is not JSON")
        reply = agent_reply(payload) if isinstance(payload, dict) else None
        if reply is None:
            return JSONResponse({"success": True, "queued": False})
        try:
            chat = await self.store.chat_of_conversation(reply.conversation.id)
            mine = await self.store.bridged(reply.id)
        except DB_ERRORS:
            return error_response("database_unavailable", "the bridge's database")
        if chat is None or mine:  # not a WhatsApp conversation of this bridge
            return JSONResponse({"success": True, "queued": False})
        attachments = [a.data_url for a in reply.attachments]
        job = {"id": reply.id, "chat": chat, "content": reply.content, "attachments": attachments}
        return await self._queue(TO_WHATSAPP, str(reply.id), job)

    async def _queue(self, direction: str, key: str, payload: dict[str, Any]) -> Response:
        try:
            queued = await self.store.enqueue(direction, key, payload)
        except DB_ERRORS:
            return error_response("database_unavailable", "the bridge's database")
        self.workers[direction].wake.set()
        return JSONResponse({"success": True, "queued": queued})

    async def health(self, request: Request) -> Response:
        try:
            jobs = await self.store.counts()
        except DB_ERRORS:
            return error_response("database_unavailable", "the bridge's database")
        return JSONResponse({"success": True, "jobs": jobs})


def bridge_app(receivers: Receivers) -> Starlette:
    return Starlette(
        routes=[
            Route("/wagate", receivers.from_wagate, methods=["POST"]),
            Route("/chatwoot/{token}", receivers.from_chatwoot, methods=["POST"]),
            Route("/healthz", receivers.health, methods=["GET"]),
        ]
    )
