"""A stand-in for Chatwoot: the endpoints of its Application API that the Chatwoot bridge
calls, each request checked against Chatwoot's published description
(tests/chatwoot_schema.py: the `api_access_token` header, the query, the JSON or
multipart body), answering in its documented shapes; and an agent who replies, which
sends Chatwoot's `message_created` webhook to the bridge. It is not Chatwoot: the bridge's
tests run against it (docs/chatwoot.md says so)."""

from __future__ import annotations

import contextlib
import itertools
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from devstack.stack import free_port
from devstack.webhook_receiver import serving_in_thread
from tests import chatwoot_schema as schema

ACCOUNT = "/api/v1/accounts/{account_id:int}"


@dataclass
class Message:
    id: int
    conversation_id: int
    content: str
    message_type: str
    private: bool
    attachments: list[tuple[str, str, bytes]]  # filename, type, bytes


@dataclass
class FakeChatwoot:
    port: int
    account_id: int = 7
    inbox_id: int = 3
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    down: bool = False  # answer 503 to everything, as a Chatwoot being deployed does
    webhook_url: str = ""  # the API channel's webhook (the bridge's /chatwoot/<token>)
    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    conversations: dict[int, dict[str, Any]] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # every request the schema refused
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def in_conversation(self, conversation_id: int, message_type: str) -> list[Message]:
        messages = list(self.messages.values())  # a snapshot: the server's thread writes
        return [
            m
            for m in messages
            if m.conversation_id == conversation_id and m.message_type == message_type
        ]

    def delete_conversation(self, conversation_id: int) -> None:
        """As an administrator deletes a conversation in Chatwoot: its messages go too."""
        del self.conversations[conversation_id]
        for message in list(self.messages.values()):
            if message.conversation_id == conversation_id:
                del self.messages[message.id]

    # ---- the agent ----------------------------------------------------------------------

    def agent_writes(
        self, conversation_id: int, content: str, *, private: bool = False, file: bytes = b""
    ) -> dict[str, Any]:
        """An agent's message in the conversation: the `message_created` webhook payload
        Chatwoot sends for it (post it with `deliver`)."""
        attachments = [("photo.png", "image/png", file)] if file else []
        message = Message(
            next(self._ids), conversation_id, content, "outgoing", private, attachments
        )
        self.messages[message.id] = message
        return self._webhook(message)

    async def deliver(self, payload: dict[str, Any]) -> httpx.Response:
        async with httpx.AsyncClient(timeout=10) as c:
            return await c.post(self.webhook_url, json=payload)

    def _webhook(self, m: Message) -> dict[str, Any]:
        conversation = self.conversations[m.conversation_id]
        files = [
            {"id": m.id * 10 + i, "file_type": "image", "data_url": self._blob_url(m.id, i)}
            for i in range(len(m.attachments))
        ]
        return {
            "event": "message_created",
            "id": m.id,
            "content": m.content,
            "message_type": m.message_type,
            "content_type": "text",
            "content_attributes": {},
            "private": m.private,
            "source_id": None,
            "sender": {"id": 1, "name": "Agent", "type": "user"},
            "account": {"id": self.account_id, "name": "Acme"},
            "inbox": {"id": self.inbox_id, "name": "WhatsApp"},
            "conversation": {
                "id": m.conversation_id,
                "inbox_id": self.inbox_id,
                "status": "open",
                "contact_inbox": {"source_id": conversation["source_id"]},
            },
            "attachments": files,
            "created_at": "2026-12-07T03:00:00.000Z",
        }

    def _blob_url(self, message_id: int, index: int) -> str:
        return f"{self.url}/rails/active_storage/blobs/{message_id}/{index}/photo.png"

    # ---- the API --------------------------------------------------------------------------

    def app(self) -> Starlette:
        routes = [
            Route(f"{ACCOUNT}/contacts/search", self._search, methods=["GET"]),
            Route(f"{ACCOUNT}/contacts", self._create_contact, methods=["POST"]),
            Route(
                f"{ACCOUNT}/contacts/{{id:int}}/contact_inboxes",
                self._create_contact_inbox,
                methods=["POST"],
            ),
            Route(f"{ACCOUNT}/conversations", self._create_conversation, methods=["POST"]),
            Route(
                f"{ACCOUNT}/conversations/{{conversation_id:int}}/messages",
                self._create_message,
                methods=["POST"],
            ),
            Route("/rails/active_storage/blobs/{m:int}/{i:int}/{name}", self._blob),
        ]
        return Starlette(routes=routes)

    def _refuse(self, request: Request, status: int, why: str) -> JSONResponse:
        self.refused.append(f"{request.method} {request.url.path}: {why}")
        return JSONResponse({"message": why}, status)

    def _gate(self, request: Request) -> JSONResponse | None:
        """503 while down; 401 without the right token; 404 for another account."""
        if self.down:
            return JSONResponse({"message": "down"}, 503)
        if request.headers.get(schema.ACCESS_TOKEN_HEADER) != self.token:
            return self._refuse(request, 401, "api_access_token missing or wrong")
        if request.path_params["account_id"] != self.account_id:
            return self._refuse(request, 404, "no such account")
        return None

    async def _json(self, request: Request, model: type[BaseModel]) -> Any:
        """The request's JSON body as `model`, or the answer refusing the request."""
        if (refused := self._gate(request)) is not None:
            return refused
        try:
            return model.model_validate(await request.json())
        except (ValueError, ValidationError) as e:
            return self._refuse(request, 422, str(e))

    async def _search(self, request: Request) -> Response:
        if (refused := self._gate(request)) is not None:
            return refused
        try:
            query = schema.ContactSearchQuery.model_validate(dict(request.query_params))
        except ValidationError as e:
            return self._refuse(request, 422, str(e))
        # search.yml: "Search using contact `name`, `identifier`, `email` or `phone number`"
        fields = ("name", "identifier", "email", "phone_number")
        found = [
            c for c in list(self.contacts.values()) if any(query.q in (c[f] or "") for f in fields)
        ]
        return JSONResponse({"meta": {"count": len(found), "current_page": 1}, "payload": found})

    async def _create_contact(self, request: Request) -> Response:
        body = await self._json(request, schema.ContactCreate)
        if isinstance(body, Response):
            return body
        if body.inbox_id != self.inbox_id:
            return self._refuse(request, 422, "no such inbox")
        contact_id = next(self._ids)
        contact_inbox = self._contact_inbox(f"src-{contact_id}")
        self.contacts[contact_id] = {
            "id": contact_id,
            "name": body.name or "",
            "phone_number": body.phone_number,
            "identifier": body.identifier,
            "email": body.email,
            "contact_inboxes": [contact_inbox],
        }
        return JSONResponse(
            {"payload": {"contact": self.contacts[contact_id], "contact_inbox": contact_inbox}}
        )

    def _contact_inbox(self, source_id: str) -> dict[str, Any]:
        inbox = {"id": self.inbox_id, "name": "WhatsApp", "channel_type": "Channel::Api"}
        return {"source_id": source_id, "inbox": inbox}

    async def _create_contact_inbox(self, request: Request) -> Response:
        body = await self._json(request, schema.ContactInboxCreate)
        if isinstance(body, Response):
            return body
        contact = self.contacts.get(request.path_params["id"])
        if contact is None:
            return self._refuse(request, 404, "no such contact")
        contact_inbox = self._contact_inbox(body.source_id or f"src-{next(self._ids)}")
        contact["contact_inboxes"].append(contact_inbox)
        return JSONResponse(contact_inbox)

    async def _create_conversation(self, request: Request) -> Response:
        body = await self._json(request, schema.ConversationCreate)
        if isinstance(body, Response):
            return body
        sources = {ci["source_id"] for c in self.contacts.values() for ci in c["contact_inboxes"]}
        if body.source_id not in sources:
            return self._refuse(request, 422, "no contact inbox with this source_id")
        conversation_id = next(self._ids)
        conversation = {"id": conversation_id, "source_id": body.source_id}
        self.conversations[conversation_id] = conversation | {"contact_id": body.contact_id}
        return JSONResponse({"id": conversation_id, "inbox_id": self.inbox_id, "status": "open"})

    async def _create_message(self, request: Request) -> Response:
        if (refused := self._gate(request)) is not None:
            return refused
        conversation_id = request.path_params["conversation_id"]
        if conversation_id not in self.conversations:
            return self._refuse(request, 404, "no such conversation")
        parsed = await self._message_body(request)
        if isinstance(parsed, Response):
            return parsed
        content, message_type, private, attachments = parsed
        message = Message(
            next(self._ids), conversation_id, content, message_type, private, attachments
        )
        self.messages[message.id] = message
        return JSONResponse({"id": message.id, "content": content, "message_type": message_type})

    async def _message_body(
        self, request: Request
    ) -> Response | tuple[str, str, bool, list[tuple[str, str, bytes]]]:
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            return await self._message_form(request)
        body = await self._json(request, schema.MessageCreate)
        if isinstance(body, Response):
            return body
        return body.content, body.message_type or "outgoing", bool(body.private), []

    async def _message_form(
        self, request: Request
    ) -> Response | tuple[str, str, bool, list[tuple[str, str, bytes]]]:
        form = await request.form()
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        files = [(k, v) for k, v in form.multi_items() if not isinstance(v, str)]
        try:
            body = schema.MessageCreateForm.model_validate(fields)
        except ValidationError as e:
            return self._refuse(request, 422, str(e))
        if not files or any(name != "attachments[]" for name, _ in files):
            return self._refuse(request, 422, "files go in attachments[]")
        attachments = [
            (f.filename or "", f.content_type or "", await f.read())  # type: ignore[union-attr]
            for _, f in files
        ]
        return (
            body.content or "",
            body.message_type or "outgoing",
            body.private == "true",
            attachments,
        )

    async def _blob(self, request: Request) -> Response:
        if self.down:
            return JSONResponse({"message": "down"}, 503)
        message = self.messages.get(request.path_params["m"])
        index = request.path_params["i"]
        if message is None or index >= len(message.attachments):
            return Response(status_code=404)
        _, mimetype, data = message.attachments[index]
        return Response(data, media_type=mimetype)


@contextlib.asynccontextmanager
async def running_chatwoot() -> AsyncIterator[FakeChatwoot]:
    """The fake on its own thread: it answers the bridge while the test waits on a process."""
    fake = FakeChatwoot(free_port())
    async with serving_in_thread(fake.app(), fake.port):
        yield fake
