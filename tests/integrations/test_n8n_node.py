"""The n8n nodes (integrations/n8n) against a running deployment. n8n itself is not run:
scripts/live.mjs runs the compiled nodes' execute(), webhook() and the trigger's
registration hooks in the package's test harness, which stands in for n8n's contexts
(parameters as plain values, credentials given, the workflow's static data carried
between runs). What crosses the wire is the real thing: the trigger registering its URL,
the connector signing a delivery to it, the node's sends and reads through the TypeScript
SDK. The package's own tests (`make n8ntest`) cover every operation and the vectors."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import httpx

from devstack.stack import Stack
from devstack.waiting import until
from devstack.webhook_receiver import Receiver
from tests.typescript import compile_if_stale, run_script

ROOT = Path(__file__).resolve().parents[2]
N8N_DIR = ROOT / "integrations" / "n8n"
SDK_DIR = ROOT / "sdk" / "typescript"


def test_the_generated_send_kinds_are_openapi_yamls() -> None:
    spec = importlib.util.spec_from_file_location("n8n_generate", N8N_DIR / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    committed = (N8N_DIR / "nodes" / "Wagate" / "generated.ts").read_text(encoding="utf-8")
    assert committed == generate.render(), "run `make sdk`: generated.ts is older than openapi.yaml"


async def _build() -> None:
    for package in (SDK_DIR, N8N_DIR):  # the nodes import the SDK's compiled code
        await compile_if_stale(package)
    assets = await asyncio.create_subprocess_exec("node", "scripts/copy-assets.mjs", cwd=N8N_DIR)
    assert await assets.wait() == 0


async def _run_nodes(env: dict[str, str], **parts: Any) -> dict[str, Any]:
    """scripts/live.mjs with HOOK, ITEMS, WEBHOOK and STATIC as `parts` give them."""
    given = {name.upper(): json.dumps(value) for name, value in parts.items()}
    return await run_script(N8N_DIR, "scripts/live.mjs", {**env, **given})


async def test_the_trigger_registers_itself_and_the_node_sends_and_reads_a_chat(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    building = asyncio.create_task(_build())
    tenant = stack.new_tenant()
    # "full": the store keeps the texts, which the chat read is to show
    created = {"companyId": tenant, "messageStore": "full"}
    r = await client.post(f"{stack.api}/tenants", headers=stack.admin(), json=created)
    assert r.status_code == 201, r.text
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    key = await stack.api_key(client, tenant, "send", "read", "manage")
    env = {"PATH": os.environ["PATH"], "API_URL": stack.api, "CREDENTIAL": key, "COMPANY": tenant}
    await building

    # activation: the trigger registers the URL n8n would give it (here, the receiver's)
    url = receiver.add()
    registered = (await _run_nodes(env, hook={"action": "create", "url": url}))["static"]
    assert registered["webhookSecret"].startswith("whsec_")
    r = await client.post(
        f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "to n8n"}
    )
    assert r.status_code in (200, 201, 202), r.text
    [delivery] = await receiver.wait_accepted(url, 1)

    send = {"resource": "message", "operation": "sendText", "to": friend, "text": "from n8n"}
    webhook = {"body": delivery.body.decode(), "headers": delivery.headers}
    ran = await _run_nodes(env, items=[send], webhook=webhook, static=registered)
    [sent] = ran["executed"]
    assert sent["success"] is True and sent["messageId"], sent
    [[started]] = ran["triggered"]["workflowData"]
    assert started["json"]["id"] == delivery.webhook_id
    assert started["json"]["data"]["text"] == "to n8n"
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert [m["text"] for m in inbox if m["id"] == sent["messageId"]] == ["from n8n"]

    read = {"resource": "chat", "operation": "getMessages", "chatId": friend, "limit": 10}

    async def both_stored() -> list[dict[str, Any]] | None:
        [page] = (await _run_nodes(env, items=[read]))["executed"]
        messages: list[dict[str, Any]] = page["messages"]
        ids = {m["messageId"] for m in messages}
        texts = {m["text"] for m in messages}
        return messages if sent["messageId"] in ids and "to n8n" in texts else None

    messages = await until(both_stored, "the chat read to show both messages", every_s=0.2)
    stored = {(m["direction"], m["text"]) for m in messages}
    assert stored == {("in", "to n8n"), ("out", "from n8n")}

    # deactivation: the endpoint is gone from wagate
    await _run_nodes(env, hook={"action": "delete", "url": url}, static=registered)
    endpoint = f"{stack.api}/webhooks/{registered['endpointId']}"
    assert (await client.get(endpoint, headers={"X-API-Key": key})).status_code == 404
