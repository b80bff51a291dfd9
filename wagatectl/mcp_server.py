"""`wagate mcp`: an MCP server (stdio) whose tools are calls to wagate's public HTTP API
with one API key, so an AI agent can send messages of every kind, check numbers and read
the session's status.

Every tool is one request with that key: what the key's tenant and scopes allow, the tools
allow, and nothing else. The gateway decides (a key without `send` gets
`403 insufficient_scope` from a send tool, as from curl); this process holds no other
credential and no state. The gateway's error codes come back to the agent as tool errors.
"""

from __future__ import annotations

import logging
from importlib import metadata
from typing import Annotated, Any, Literal

import anyio
import httpx
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from wagate.config import Settings

log = logging.getLogger(__name__)

_TIMEOUT_S = 30.0  # above the gateway's own send wait: its answer, not ours, says why

To = Annotated[
    str, Field(description="A phone number in international form, or a group id (…@g.us)")
]
Quoted = Annotated[str | None, Field(description="Reply to this message id")]
IdempotencyKey = Annotated[
    str | None,
    Field(description="The same key and body on a retry sends nothing twice (kept 24 h)"),
]


class ContactCard(BaseModel):
    name: str
    phones: list[str] = Field(min_length=1)
    organization: str | None = None
    email: str | None = None


class GatewayApi:
    """The public HTTP API as one API key sees it, for one company."""

    def __init__(self, base_url: str, api_key: str, company_id: str) -> None:
        self.company_id = company_id
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), headers={"X-API-Key": api_key}, timeout=_TIMEOUT_S
        )

    async def session(
        self, method: str, path: str, body: dict[str, Any] | None = None, **headers: str
    ) -> dict[str, Any]:
        """A route under /sessions/{companyId}: the answer's JSON, or ToolError (told to
        the agent, not a crash) when the gateway refused or did not answer."""
        url = f"/sessions/{self.company_id}" + (f"/{path}" if path else "")
        try:
            r = await self._http.request(method, url, json=body, headers=headers)
        except httpx.HTTPError as e:
            raise ToolError(f"the gateway did not answer: {e}") from e
        is_json = r.headers.get("content-type", "").startswith("application/json")
        answer: dict[str, Any] = r.json() if is_json else {}
        if r.status_code >= 400:
            code = answer.get("code", "error")
            raise ToolError(f"{r.status_code} {code}: {answer.get('error', r.text[:200])}")
        return answer

    async def send(
        self, kind: str, body: dict[str, Any], idempotency_key: str | None
    ) -> dict[str, Any]:
        """POST /messages/{kind} with the arguments that were given (None: left out)."""
        given = {k: v for k, v in body.items() if v is not None}
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        return await self.session("POST", f"messages/{kind}", given, **headers)

    async def aclose(self) -> None:
        await self._http.aclose()


def _sending_tools(server: MCPServer[Any], api: GatewayApi) -> None:
    @server.tool()
    async def send_text(
        to: To, text: str, quoted_message_id: Quoted = None, idempotency_key: IdempotencyKey = None
    ) -> dict[str, Any]:
        """Send a text message. Answers messageId and timestamp once WhatsApp accepted it."""
        body = {"to": to, "text": text, "quotedMessageId": quoted_message_id}
        return await api.send("text", body, idempotency_key)

    @server.tool()
    async def send_media(
        kind: Literal["image", "video", "audio", "voice", "document", "sticker"],
        to: To,
        url: Annotated[str, Field(description="A public http(s) URL wagate fetches the file from")],
        caption: Annotated[str | None, Field(description="image, video, document")] = None,
        filename: Annotated[str | None, Field(description="document")] = None,
        mimetype: str | None = None,
        quoted_message_id: Quoted = None,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Send an image, video, audio, voice note, document or sticker from a URL."""
        body = {"to": to, "url": url, "caption": caption, "filename": filename}
        body |= {"mimetype": mimetype, "quotedMessageId": quoted_message_id}
        return await api.send(kind, body, idempotency_key)

    @server.tool()
    async def send_location(
        to: To,
        latitude: Annotated[float, Field(ge=-90, le=90)],
        longitude: Annotated[float, Field(ge=-180, le=180)],
        name: str | None = None,
        address: str | None = None,
        quoted_message_id: Quoted = None,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Send a location pin, with an optional place name and address."""
        body = {"to": to, "latitude": latitude, "longitude": longitude, "name": name}
        body |= {"address": address, "quotedMessageId": quoted_message_id}
        return await api.send("location", body, idempotency_key)

    @server.tool()
    async def send_contacts(
        to: To,
        contacts: Annotated[list[ContactCard], Field(min_length=1, max_length=10)],
        quoted_message_id: Quoted = None,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Send one to ten contact cards (each goes out as a vCard)."""
        cards = [card.model_dump(exclude_none=True) for card in contacts]
        body = {"to": to, "contacts": cards, "quotedMessageId": quoted_message_id}
        return await api.send("contacts", body, idempotency_key)


def _interaction_tools(server: MCPServer[Any], api: GatewayApi) -> None:
    @server.tool()
    async def send_poll(
        to: To,
        question: str,
        options: Annotated[list[str], Field(min_length=2, max_length=12)],
        selectable_count: Annotated[
            int, Field(ge=1, description="how many one voter may choose")
        ] = 1,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Send a poll. Votes arrive later as poll_vote events."""
        body: dict[str, Any] = {"to": to, "question": question, "options": options}
        body["selectableCount"] = selectable_count
        return await api.send("poll", body, idempotency_key)

    @server.tool()
    async def send_reaction(
        to: To,
        message_id: Annotated[str, Field(description="A message sent or received in that chat")],
        emoji: Annotated[str, Field(description='One emoji; "" removes the reaction')],
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """React to a message with an emoji (or remove the reaction)."""
        body = {"to": to, "messageId": message_id, "emoji": emoji}
        return await api.send("reaction", body, idempotency_key)


def _reading_tools(server: MCPServer[Any], api: GatewayApi) -> None:
    @server.tool()
    async def check_numbers(
        phones: Annotated[list[str], Field(min_length=1, max_length=50)],
    ) -> dict[str, Any]:
        """Which numbers have WhatsApp (onWhatsApp, jid, lid). Check the numbers you are
        about to write to, not lists: bulk checks get numbers banned."""
        return await api.session("POST", "contacts/check", {"phones": phones})

    @server.tool()
    async def session_status() -> dict[str, Any]:
        """The WhatsApp session's state: connected, qr, reconnecting, logged_out, failed,
        stopped; its phone number; since when."""
        return await api.session("GET", "status")


_INSTRUCTIONS = (
    "Tools of one WhatsApp number connected to wagate. Phone numbers are in international "
    "form without '+' or spaces (79001234567); a group is its id (…@g.us). Every send "
    "answers the new messageId once WhatsApp accepted it; pass an idempotency_key to make "
    "a retry safe. An error names a stable code (insufficient_scope: this key may not; "
    "session_not_connected: the number is not linked right now; rate_limited: wait)."
)


def build_server(api: GatewayApi) -> MCPServer[Any]:
    server: MCPServer[Any] = MCPServer(
        name="wagate", version=_version(), instructions=_INSTRUCTIONS
    )
    _sending_tools(server, api)
    _interaction_tools(server, api)
    _reading_tools(server, api)
    return server


def _version() -> str:
    try:
        return metadata.version("wagate")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def run(settings: Settings) -> int:
    """Serves MCP on stdin/stdout until the client closes them; 2 when not configured."""
    missing = [
        name
        for name, value in (
            ("WAGATE_MCP_API_KEY", settings.mcp_api_key),
            ("WAGATE_MCP_COMPANY_ID", settings.mcp_company_id),
        )
        if not value
    ]
    if missing:
        log.error("wagate mcp needs %s (see docs/mcp.md)", " and ".join(missing))
        return 2
    api = GatewayApi(settings.mcp_api_url, settings.mcp_api_key, settings.mcp_company_id)
    log.info("MCP tools for company %s at %s", settings.mcp_company_id, settings.mcp_api_url)
    anyio.run(_serve, api)
    return 0


async def _serve(api: GatewayApi) -> None:
    try:
        await build_server(api).run_stdio_async()
    finally:
        await api.aclose()
