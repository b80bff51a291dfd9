"""The requests of Chatwoot's Application API that the Chatwoot bridge makes, as Chatwoot's
published OpenAPI description says them, transcribed by hand (field names, types, enums,
required fields) from the swagger/ folder of github.com/chatwoot/chatwoot (develop
branch, 2025-2026; the files are named on each model). The fake Chatwoot
(tests/chatwoot_fake.py) validates every request against these.

Stricter than the description in one way: a field it does not name is refused
(Chatwoot would ignore it silently), so a misspelt field fails a test instead of being
lost in production. Strict types: a number sent as a string is refused.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# securitySchemes.userApiKey (swagger/index.yml): `api_access_token`, in the header
ACCESS_TOKEN_HEADER = "api_access_token"
# not in the description but enforced by Chatwoot's Contact model (422 otherwise): E.164
PHONE_PATTERN = r"^\+[1-9]\d{1,14}$"


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ContactCreate(_Request):
    """swagger/definitions/request/contact/create_payload.yml (POST
    /api/v1/accounts/{account_id}/contacts, paths/application/contacts/list_create.yml)"""

    inbox_id: int | float
    name: str | None = None
    email: str | None = None
    blocked: bool | None = None
    account_owner_id: int | None = None
    phone_number: str | None = Field(default=None, pattern=PHONE_PATTERN)
    avatar_url: str | None = None
    identifier: str | None = None
    additional_attributes: dict[str, Any] | None = None
    custom_attributes: dict[str, Any] | None = None


class ContactSearchQuery(_Request):
    """swagger/paths/application/contacts/search.yml: q, sort, page (query strings)"""

    q: str
    sort: str | None = None
    page: str | None = Field(default=None, pattern=r"^\d+$")


class ContactInboxCreate(_Request):
    """swagger/paths/application/contact_inboxes/create.yml (POST
    /api/v1/accounts/{account_id}/contacts/{id}/contact_inboxes)"""

    inbox_id: int | float
    source_id: str | None = None


class InitialMessage(_Request):
    content: str
    template_params: dict[str, Any] | None = None


class ConversationCreate(_Request):
    """swagger/definitions/request/conversation/create_payload.yml (POST
    /api/v1/accounts/{account_id}/conversations)"""

    source_id: str
    inbox_id: int | None = None
    contact_id: int | None = None
    additional_attributes: dict[str, Any] | None = None
    custom_attributes: dict[str, Any] | None = None
    status: Literal["open", "resolved", "pending"] | None = None
    assignee_id: int | None = None
    team_id: int | None = None
    snoozed_until: str | None = None
    message: InitialMessage | None = None


ContentType = Literal["text", "input_email", "cards", "input_select", "form", "article"]


class MessageCreate(_Request):
    """swagger/definitions/request/conversation/create_message_payload.yml, the JSON body
    of POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/messages
    (paths/application/conversation/messages/create.yml)"""

    content: str
    message_type: Literal["outgoing", "incoming"] | None = None
    private: bool | None = None
    content_type: ContentType | None = None
    content_attributes: dict[str, Any] | None = None
    campaign_id: int | None = None
    attachment_ids: list[int] | None = None
    template_params: dict[str, Any] | None = None


class MessageCreateForm(_Request):
    """The multipart/form-data body of the same route (messages/create.yml): form fields
    are strings, a boolean `true`/`false`; files go in `attachments[]`."""

    content: str | None = None
    message_type: Literal["outgoing", "incoming"] | None = None
    private: Literal["true", "false"] | None = None
    content_type: ContentType | None = None
