"""The conversations API: the tenant's chats, a chat's thread, one message, search, and
the account's contacts, read from the message store (docs/conversations.md).

Every read runs in a transaction as `wagate_reader` with the caller's tenant set, so the
tables' row-level security is a second wall behind each statement's own tenant filter.
Every query parameter is bounded; a cursor is checked (gateway/cursors.py)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Literal

import asyncpg
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway import cursors
from gateway.access import tenant_for
from gateway.answers import tenant_ok
from gateway.conversation_views import chat_json, contact_json, message_json
from gateway.errors import ApiError
from gateway.principal import Scope
from gateway.schemas import path_ids, validate
from gateway.services import services
from wagate.media_types import MEDIA_KINDS
from wagate.tables import contacts
from wagate.tables import message_store as ms

MAX_PAGE = 100
MAX_SEARCH_CHARS = 256
MESSAGE_KINDS = ("text", "location", "contacts", "poll", *MEDIA_KINDS)
_Cursor = Field(default=None, min_length=1, max_length=cursors.MAX_CURSOR_CHARS)


class ChatsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")  # query strings are text: not strict

    limit: int = Field(default=50, ge=1, le=MAX_PAGE)
    cursor: str | None = _Cursor


class ThreadQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=50, ge=1, le=MAX_PAGE)
    before: str | None = _Cursor
    after: str | None = _Cursor
    kind: str | None = Field(default=None, max_length=200, description="comma-separated kinds")
    direction: Literal["in", "out"] | None = None

    @model_validator(mode="after")
    def _one_way(self) -> ThreadQuery:
        if self.before is not None and self.after is not None:
            raise ValueError("give before or after, not both")
        unknown = sorted(set(self.kinds() or []) - set(MESSAGE_KINDS))
        if unknown:
            raise ValueError(f"unknown kind(s) {', '.join(unknown)}: one of {MESSAGE_KINDS}")
        return self

    def kinds(self) -> list[str] | None:
        return None if self.kind is None else [k.strip() for k in self.kind.split(",")]


class SearchQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str = Field(min_length=1, max_length=MAX_SEARCH_CHARS)
    limit: int = Field(default=50, ge=1, le=MAX_PAGE)
    cursor: str | None = _Cursor


class ContactsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(default=None, min_length=1, max_length=MAX_SEARCH_CHARS)
    limit: int = Field(default=50, ge=1, le=MAX_PAGE)
    cursor: str | None = _Cursor


@contextlib.asynccontextmanager
async def reading(request: Request, tenant_id: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection that sees the tenant's rows alone, for one transaction."""
    pool = await services(request).db.pool()
    async with pool.acquire() as conn, conn.transaction(readonly=True):
        await ms.as_tenant(conn, tenant_id)
        yield conn


async def list_chats(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    query = validate(ChatsQuery, dict(request.query_params))
    after = cursors.read_chat_cursor(query.cursor) if query.cursor else None
    async with reading(request, tenant_id) as conn:
        chats = await ms.chats_page(conn, tenant_id, after, query.limit + 1)
        names = await contacts.names(conn, tenant_id, [c.chat for c in chats])
    more = len(chats) > query.limit
    chats = chats[: query.limit]
    next_cursor = cursors.chat_cursor(chats[-1].last_at, chats[-1].chat) if more else None
    listed = [chat_json(c, names.get(c.chat)) for c in chats]
    return tenant_ok(tenant_id, {"chats": listed, "next": next_cursor})


async def chat_messages(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    chat = path_ids(request).chat
    query = validate(ThreadQuery, dict(request.query_params))
    given = query.before or query.after
    position = cursors.read_message_cursor(given) if given else None
    older = query.after is None
    wanted = ms.ThreadQuery(chat, position, older, query.kinds(), query.direction, query.limit + 1)
    async with reading(request, tenant_id) as conn:
        if not await ms.has_chat(conn, tenant_id, chat):
            raise ApiError("chat_not_found", f"no stored chat {chat}")
        page = await ms.thread_page(conn, tenant_id, wanted)
    more = len(page) > query.limit
    page = page[1:] if more and older else page[: query.limit]
    before, after = _edges(page, more, older, given)
    return tenant_ok(
        tenant_id,
        {
            "chatId": chat,
            "messages": [message_json(m) for m in page],
            "before": before,
            "after": after,
        },
    )


def _edges(
    page: list[ms.StoredMessage], more: bool, older: bool, given: str | None
) -> tuple[str | None, str | None]:
    """The page's (before, after) cursors. Paging back, `before` is there while older
    messages are; `after` always is (new messages arrive): from the page's edges, or
    for an empty page, the cursor it was asked from."""
    if not page:
        return (None if older else given), given
    first = cursors.message_cursor(page[0].sent_at, page[0].id)
    last = cursors.message_cursor(page[-1].sent_at, page[-1].id)
    return (first if more or not older else None), last


async def get_message(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    message_id = path_ids(request).message_id
    async with reading(request, tenant_id) as conn:
        found = await ms.message(conn, tenant_id, message_id)
    if found is None:
        raise ApiError("message_not_found", f"no stored message {message_id}")
    return tenant_ok(tenant_id, {"message": message_json(found)})


async def search_messages(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    query = validate(SearchQuery, dict(request.query_params))
    before = cursors.read_message_cursor(query.cursor) if query.cursor else None
    async with reading(request, tenant_id) as conn:
        found = await ms.search(conn, tenant_id, query.q, before, query.limit + 1)
    more = len(found) > query.limit
    found = found[: query.limit]
    next_cursor = cursors.message_cursor(found[-1].sent_at, found[-1].id) if more else None
    return tenant_ok(tenant_id, {"messages": [message_json(m) for m in found], "next": next_cursor})


async def list_contacts(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    query = validate(ContactsQuery, dict(request.query_params))
    after = cursors.read_contact_cursor(query.cursor) if query.cursor else None
    async with reading(request, tenant_id) as conn:
        found = await contacts.page(conn, tenant_id, after, query.q, query.limit + 1)
    more = len(found) > query.limit
    found = found[: query.limit]
    next_cursor = cursors.contact_cursor(found[-1].contact) if more else None
    listed = [contact_json(c) for c in found]
    return tenant_ok(tenant_id, {"contacts": listed, "next": next_cursor})


routes = [
    Route("/sessions/{companyId}/chats", list_chats, methods=["GET"]),
    Route("/sessions/{companyId}/chats/{chatId}/messages", chat_messages, methods=["GET"]),
    # before /messages/{messageId}, which would take "search" for an id
    Route("/sessions/{companyId}/messages/search", search_messages, methods=["GET"]),
    Route("/sessions/{companyId}/messages/{messageId}", get_message, methods=["GET"]),
    # beside POST /contacts/check and GET /contacts/{phone} (gateway/contacts_api.py)
    Route("/sessions/{companyId}/contacts", list_contacts, methods=["GET"]),
]
