"""`wagate mcp` driven by the official MCP client over stdio, as an agent's host runs it,
against a running deployment: each tool reaches WhatsApp (the sim network) through the
public API with the configured key, and the key's scopes bound what the tools can do."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
from mcp import ClientSession, StdioServerParameters, stdio_client

from devstack.stack import Stack, free_port

TOOLS = {
    "send_text",
    "send_media",
    "send_location",
    "send_contacts",
    "send_poll",
    "send_reaction",
    "check_numbers",
    "session_status",
}


@contextlib.asynccontextmanager
async def _agent(api: str, key: str, company: str) -> AsyncIterator[ClientSession]:
    """`wagate mcp` started as a client process would start it, with this key."""
    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "wagatectl", "mcp"],
        env={
            "WAGATE_MCP_API_URL": api,
            "WAGATE_MCP_API_KEY": key,
            "WAGATE_MCP_COMPANY_ID": company,
            "WAGATE_LOG_FORMAT": "json",
        },
    )
    async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


async def _call(session: ClientSession, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await session.call_tool(tool, arguments)
    assert not result.is_error, result.content
    answer: dict[str, Any] = result.structured_content
    return answer


async def _refusal(session: ClientSession, tool: str, **arguments: Any) -> str:
    result = await session.call_tool(tool, arguments)
    assert result.is_error, result
    text: str = result.content[0].text  # type: ignore[union-attr]
    return text


async def _inbox(stack: Stack, c: httpx.AsyncClient, phone: str) -> dict[str, dict[str, Any]]:
    messages = (await c.get(f"{stack.sim}/phones/{phone}/messages")).json()["messages"]
    return {m["id"]: m for m in messages}


async def test_an_agent_sends_every_kind_checks_numbers_and_reads_the_status(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    key = await stack.api_key(client, tenant, "send", "read")
    async with _agent(stack.api, key, tenant) as agent:
        assert {t.name for t in (await agent.list_tools()).tools} == TOOLS
        status = await _call(agent, "session_status")
        assert status["status"] == "connected" and status["phone"] == number
        text = await _call(agent, "send_text", to=friend, text="from an agent")
        location = await _call(agent, "send_location", to=friend, latitude=55.75, longitude=37)
        card = {"name": "Ann", "phones": ["79161234567"]}
        contacts = await _call(agent, "send_contacts", to=friend, contacts=[card])
        poll = await _call(agent, "send_poll", to=friend, question="Lunch?", options=["A", "B"])
        await _call(agent, "send_reaction", to=friend, message_id=text["messageId"], emoji="🔥")
        checked = await _call(agent, "check_numbers", phones=[friend, "79990000001"])
    inbox = await _inbox(stack, client, friend)
    assert inbox[text["messageId"]]["text"] == "from an agent"
    assert inbox[text["messageId"]]["reactions"] == {number: "🔥"}
    assert inbox[location["messageId"]]["kind"] == "location"
    assert inbox[contacts["messageId"]]["kind"] == "contacts"
    assert inbox[poll["messageId"]]["kind"] == "poll"
    on_whatsapp = {r["phone"]: r["onWhatsApp"] for r in checked["numbers"]}
    assert on_whatsapp == {friend: True, "79990000001": False}


async def test_a_key_without_send_cannot_send_through_the_agent(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    key = await stack.api_key(client, tenant, "read")
    async with _agent(stack.api, key, tenant) as agent:
        refused = await _refusal(agent, "send_text", to=friend, text="not allowed")
        status = await _call(agent, "session_status")
        # another tenant's company answers as if it had no session: nothing to probe
        other = stack.new_tenant()
    assert "403 insufficient_scope" in refused, refused
    assert status["status"] == "connected"
    assert await _inbox(stack, client, friend) == {}
    async with _agent(stack.api, key, other) as agent:
        elsewhere = await _refusal(agent, "session_status")
    assert "404 session_not_found" in elsewhere, elsewhere


def test_without_a_key_it_says_what_is_missing_and_serves_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wagatectl", "mcp"],
        env={k: v for k, v in os.environ.items() if not k.startswith("WAGATE_")},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "WAGATE_MCP_API_KEY and WAGATE_MCP_COMPANY_ID" in done.stderr


async def test_a_gateway_that_does_not_answer_is_a_tool_error_not_a_crash() -> None:
    nobody = f"http://127.0.0.1:{free_port()}/api/whatsapp"
    async with _agent(nobody, "wg_x", "c") as agent:
        status = await _refusal(agent, "session_status")
        sent = await _refusal(agent, "send_text", to="79001234567", text="x")
    assert "the gateway did not answer" in status and "the gateway did not answer" in sent
