"""The part of wagate's public API the bridge calls, with one API key: a received
attachment's bytes, and sends (text, or a file as a multipart upload) with an
Idempotency-Key."""

from __future__ import annotations

from typing import Any

import httpx

from integrations.chatwoot.chatwoot_api import Attachment
from integrations.chatwoot.errors import Unavailable, raise_for

_TIMEOUT_S = 60.0  # above the gateway's own send wait: its answer, not ours, says why


def media_kind(mimetype: str) -> str:
    """The send route of a file by its type (anything not shown inline goes as a document)."""
    top = mimetype.split("/", 1)[0]
    return top if top in ("image", "video", "audio") else "document"


class WagateApi:
    def __init__(self, base_url: str, api_key: str, company_id: str) -> None:
        self._http = httpx.AsyncClient(
            base_url=f"{base_url.rstrip('/')}/sessions/{company_id}",
            headers={"X-API-Key": api_key},
            timeout=_TIMEOUT_S,
        )

    async def media(self, media_id: str, fallback_name: str) -> Attachment:
        try:
            r = await self._http.get(f"/media/{media_id}")
        except httpx.HTTPError as e:
            raise Unavailable(f"media download: wagate did not answer ({e!r})") from e
        raise_for(r, "media download")
        mimetype = r.headers.get("content-type", "application/octet-stream").split(";")[0]
        return Attachment(fallback_name, mimetype, r.content)

    async def send_text(self, to: str, text: str, key: str) -> str:
        return await self._send("text", {"json": {"to": to, "text": text}}, key)

    async def send_file(self, to: str, attachment: Attachment, caption: str, key: str) -> str:
        kind = media_kind(attachment.mimetype)
        form = {"to": to}
        if caption and kind != "audio":
            form["caption"] = caption
        file = (attachment.filename, attachment.data, attachment.mimetype)
        return await self._send(kind, {"data": form, "files": {"file": file}}, key)

    async def _send(self, kind: str, body: dict[str, Any], key: str) -> str:
        """The WhatsApp message id of the send; the same key and body sent again (a retry)
        is answered from the first send, so nothing goes out twice."""
        try:
            r = await self._http.post(f"/messages/{kind}", headers={"Idempotency-Key": key}, **body)
        except httpx.HTTPError as e:
            raise Unavailable(f"send: wagate did not answer ({e!r})") from e
        if r.status_code == 409 and _code(r) == "session_not_connected":
            raise Unavailable("send: the WhatsApp session is not connected yet")
        raise_for(r, "send")
        message_id: str = r.json()["messageId"]
        return message_id

    async def aclose(self) -> None:
        await self._http.aclose()


def _code(r: httpx.Response) -> str:
    try:
        code: str = r.json().get("code", "")
    except ValueError:
        return ""
    return code
