"""The TypeScript SDK (sdk/typescript) against a running deployment: its typed client
sends with an API key, its verifier accepts a webhook request the gateway signed, and its
event stream (signed in with the key as the `bearer.` subprotocol) reads the tenant's
events. Its own tests (`npm test`) cover resuming and the vectors offline."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx

from devstack.stack import Stack
from devstack.webhook_receiver import Receiver
from tests.typescript import compile_if_stale, run_script, signed_delivery

TS_DIR = Path(__file__).resolve().parents[2] / "sdk" / "typescript"


async def _run(env: dict[str, str]) -> dict[str, Any]:
    await compile_if_stale(TS_DIR)
    return await run_script(TS_DIR, "test/live.mjs", env)


async def test_typed_send_webhook_verification_and_the_event_stream(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    key = await stack.api_key(client, tenant, "send", "read", "manage")
    sent_text = {"from": friend, "to": number, "text": "to ts"}
    hook, delivery = await signed_delivery(stack, client, receiver, key, sent_text)
    env = {
        "PATH": os.environ["PATH"],
        "API_URL": stack.api,
        "CREDENTIAL": key,
        "COMPANY": tenant,
        "TO": friend,
        "WEBHOOK": json.dumps(hook),
        "EXPECT_TEXT": "to ts",
    }
    seen = await _run(env)
    assert seen["sent"]["success"] is True and seen["sent"]["messageId"]
    assert seen["verified"] == delivery.webhook_id
    assert seen["seen"]["eventId"] == delivery.webhook_id
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert [m["text"] for m in inbox if m["id"] == seen["sent"]["messageId"]] == ["from typescript"]
