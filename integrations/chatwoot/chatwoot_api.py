"""The part of Chatwoot's Application API the bridge calls (as its swagger/ describes it):
contacts search and create, a contact's contact inbox, conversations create, messages
create (JSON, or multipart with `attachments[]`), all with the `api_access_token` header."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from integrations.chatwoot.errors import Unavailable, raise_for

_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    data: bytes


@dataclass(frozen=True)
class Contact:
    id: int
    source_id: str | None  # of the bridge's inbox, when the contact has one there


class ChatwootApi:
    def __init__(self, base_url: str, token: str, account_id: int, inbox_id: int) -> None:
        self.inbox_id = inbox_id
        self._http = httpx.AsyncClient(
            base_url=f"{base_url.rstrip('/')}/api/v1/accounts/{account_id}",
            headers={"api_access_token": token},
            timeout=_TIMEOUT_S,
        )
        # attachments' data_urls are signed links (often on a storage host): fetched
        # without the access token, which must never leave for another host
        self._files = httpx.AsyncClient(timeout=_TIMEOUT_S, follow_redirects=True)

    async def _call(self, method: str, path: str, what: str, **kw: Any) -> dict[str, Any]:
        try:
            r = await self._http.request(method, path, **kw)
        except httpx.HTTPError as e:
            raise Unavailable(f"{what}: Chatwoot did not answer ({e!r})") from e
        raise_for(r, what)
        answer: dict[str, Any] = r.json()
        return answer

    async def find_contact(self, field: str, value: str) -> Contact | None:
        """The contact whose `field` (phone_number, identifier) is exactly `value`, if
        Chatwoot has one (its search matches parts of names, emails, numbers and ids)."""
        answer = await self._call("GET", "/contacts/search", "contact search", params={"q": value})
        for contact in answer.get("payload", []):
            if contact.get(field) == value:
                return Contact(int(contact["id"]), self._source_id(contact))
        return None

    def _source_id(self, contact: dict[str, Any]) -> str | None:
        for contact_inbox in contact.get("contact_inboxes") or []:
            if (contact_inbox.get("inbox") or {}).get("id") == self.inbox_id:
                source_id: str = contact_inbox["source_id"]
                return source_id
        return None

    async def create_contact(self, name: str, phone: str | None, identifier: str) -> Contact:
        body: dict[str, Any] = {"inbox_id": self.inbox_id, "name": name, "identifier": identifier}
        if phone:
            body["phone_number"] = phone
        answer = (await self._call("POST", "/contacts", "contact create", json=body))["payload"]
        return Contact(int(answer["contact"]["id"]), answer["contact_inbox"]["source_id"])

    async def add_to_inbox(self, contact_id: int) -> str:
        """A contact inbox for an existing contact in the bridge's inbox: its source_id."""
        body = {"inbox_id": self.inbox_id}
        path = f"/contacts/{contact_id}/contact_inboxes"
        answer = await self._call("POST", path, "contact inbox create", json=body)
        source_id: str = answer["source_id"]
        return source_id

    async def create_conversation(self, contact_id: int, source_id: str) -> int:
        body = {"source_id": source_id, "inbox_id": self.inbox_id, "contact_id": contact_id}
        answer = await self._call("POST", "/conversations", "conversation create", json=body)
        return int(answer["id"])

    async def post_incoming(
        self, conversation_id: int, content: str, attachment: Attachment | None
    ) -> int:
        """The customer's message in the conversation: its Chatwoot message id."""
        path = f"/conversations/{conversation_id}/messages"
        if attachment is None:
            body = {"content": content, "message_type": "incoming", "private": False}
            answer = await self._call("POST", path, "message create", json=body)
        else:
            form = {"content": content, "message_type": "incoming", "private": "false"}
            files = {"attachments[]": (attachment.filename, attachment.data, attachment.mimetype)}
            answer = await self._call("POST", path, "message create", data=form, files=files)
        return int(answer["id"])

    async def download(self, url: str) -> tuple[bytes, str]:
        """An attachment's bytes and type, from the `data_url` Chatwoot's webhook gave."""
        try:
            r = await self._files.get(url)
        except httpx.HTTPError as e:
            raise Unavailable(f"attachment download: Chatwoot did not answer ({e!r})") from e
        raise_for(r, "attachment download")
        return r.content, r.headers.get("content-type", "application/octet-stream")

    async def aclose(self) -> None:
        await self._http.aclose()
        await self._files.aclose()
