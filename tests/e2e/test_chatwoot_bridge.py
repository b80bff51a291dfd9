"""`wagate chatwoot`, the Chatwoot bridge, as a process between a real deployment (the
sim network's phones) and a fake Chatwoot that checks every request against Chatwoot's
published API description (tests/chatwoot_fake.py; not Chatwoot itself): a phone's
messages become a conversation, an agent's reply reaches the phone once however often
Chatwoot's webhook comes, and an outage of either side loses and doubles nothing."""

from __future__ import annotations

import base64
import secrets
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from devstack.media_files import png
from devstack.stack import Stack, free_port
from devstack.tcp_proxy import Proxy
from devstack.waiting import until
from tests.chatwoot_fake import FakeChatwoot, running_chatwoot


@dataclass
class Bridge:
    url: str
    tenant: str
    number: str  # the tenant's WhatsApp number
    proxy: Proxy  # between the bridge and the gateway: killed for a wagate outage
    name: str  # its process in stack.procs
    env: dict[str, str]  # what it was started with

    async def restart(self, stack: Stack, c: httpx.AsyncClient) -> None:
        """Killed (SIGKILL: nothing finishes) and started again."""
        stack.stop(self.name, signal.SIGKILL)
        stack.start("chatwoot", self.env, name=self.name)
        await until(lambda: _healthy(c, self.url), "the bridge to answer again", timeout_s=20)


@pytest.fixture(scope="module")
async def chatwoot() -> AsyncIterator[FakeChatwoot]:
    async with running_chatwoot() as fake:
        yield fake


@pytest.fixture(scope="module")
async def bridge(stack: Stack, chatwoot: FakeChatwoot) -> AsyncIterator[Bridge]:
    """A tenant with a linked number, a bridge for it, wagate's webhook pointing at the
    bridge and Chatwoot's at the bridge's callback."""
    async with httpx.AsyncClient(timeout=20) as c:
        tenant = stack.new_tenant()
        number = await stack.connect_session(c, tenant)
        key = await stack.api_key(c, tenant, "send", "read")
        port, callback = free_port(), secrets.token_urlsafe(24)
        url = f"http://127.0.0.1:{port}"
        r = await c.post(
            f"{stack.api}/webhooks",
            headers=stack.auth(tenant),
            json={"url": f"{url}/wagate", "eventTypes": ["message"]},
        )
        assert r.status_code == 201, r.text
        proxy = Proxy("127.0.0.1", int(stack.env["WAGATE_PORT"]))
        name = f"chatwoot-{tenant}"
        env = _bridge_env(chatwoot, tenant, key, port, proxy) | {
            "WAGATE_CHATWOOT_WEBHOOK_SECRET": r.json()["secret"],
            "WAGATE_CHATWOOT_CALLBACK_TOKEN": callback,
        }
        stack.start("chatwoot", env, name=name)
        await until(lambda: _healthy(c, url), "the bridge to answer", timeout_s=20)
        chatwoot.webhook_url = f"{url}/chatwoot/{callback}"
        try:
            yield Bridge(url, tenant, number, proxy, name, env)
        finally:
            stack.stop(name)
            proxy.kill()


def _bridge_env(
    fake: FakeChatwoot, tenant: str, key: str, port: int, proxy: Proxy
) -> dict[str, str]:
    return {
        "WAGATE_CHATWOOT_API_URL": f"http://127.0.0.1:{proxy.port}/api/whatsapp",
        "WAGATE_CHATWOOT_API_KEY": key,
        "WAGATE_CHATWOOT_COMPANY_ID": tenant,
        "WAGATE_CHATWOOT_URL": fake.url,
        "WAGATE_CHATWOOT_TOKEN": fake.token,
        "WAGATE_CHATWOOT_ACCOUNT_ID": str(fake.account_id),
        "WAGATE_CHATWOOT_INBOX_ID": str(fake.inbox_id),
        "WAGATE_CHATWOOT_PORT": str(port),
        "WAGATE_CHATWOOT_RETRY_BASE": "0.1",
        "WAGATE_CHATWOOT_RETRY_CAP": "0.4",
    }


async def _healthy(c: httpx.AsyncClient, url: str) -> bool:
    try:
        return (await c.get(f"{url}/healthz")).status_code == 200
    except httpx.HTTPError:
        return False


async def _phone_texts(stack: Stack, c: httpx.AsyncClient, phone: str, to: str, text: str) -> None:
    r = await c.post(f"{stack.sim}/phones/{phone}/messages", json={"to": to, "text": text})
    assert r.status_code in (200, 201, 202), r.text


async def _phone_sends_image(
    stack: Stack, c: httpx.AsyncClient, phone: str, to: str, data: bytes
) -> None:
    body = {"to": to, "kind": "image", "mimetype": "image/png", "caption": "my receipt"}
    body["data"] = base64.b64encode(data).decode()
    r = await c.post(f"{stack.sim}/phones/{phone}/media", json=body)
    assert r.status_code == 201, r.text


def _conversation_of(fake: FakeChatwoot, phone: str) -> int | None:
    contacts, conversations = list(fake.contacts.values()), list(fake.conversations.items())
    contact = [c["id"] for c in contacts if c["phone_number"] == f"+{phone}"]
    found = [i for i, conv in conversations if conv["contact_id"] in contact]
    assert len(found) <= 1, f"{phone} has conversations {found}"
    return found[0] if found else None


async def _incoming(fake: FakeChatwoot, phone: str, count: int) -> list[Any]:
    async def enough() -> list[Any] | None:
        conversation = _conversation_of(fake, phone)
        found = fake.in_conversation(conversation, "incoming") if conversation else []
        return found if len(found) >= count else None

    return await until(enough, f"{count} incoming messages from {phone} in Chatwoot", 15)


async def _pending(c: httpx.AsyncClient, bridge: Bridge, count: int) -> bool:
    """Whether `count` jobs wait in the bridge's queue (the other side is down)."""
    jobs = (await c.get(f"{bridge.url}/healthz")).json()["jobs"]
    return bool(jobs.get("pending", 0) >= count)


async def _phone_inbox(stack: Stack, c: httpx.AsyncClient, phone: str) -> list[dict[str, Any]]:
    r = await c.get(f"{stack.sim}/phones/{phone}/messages")
    messages: list[dict[str, Any]] = r.json()["messages"]
    return messages


# ---- tests --------------------------------------------------------------------------------


async def test_a_phones_text_and_image_become_one_conversation_in_chatwoot(
    stack: Stack, bridge: Bridge, chatwoot: FakeChatwoot, client: httpx.AsyncClient
) -> None:
    phone, image = await stack.new_phone(client), png(seed=7)
    await _phone_texts(stack, client, phone, bridge.number, "Hello, is my order shipped?")
    await _phone_sends_image(stack, client, phone, bridge.number, image)
    text, photo = await _incoming(chatwoot, phone, 2)
    assert text.content == "Hello, is my order shipped?" and text.attachments == []
    assert photo.content == "my receipt"
    assert [(mime, data) for _, mime, data in photo.attachments] == [("image/png", image)]
    contact = next(c for c in chatwoot.contacts.values() if c["phone_number"] == f"+{phone}")
    assert contact["identifier"] == f"whatsapp:{phone}"
    # an agent deletes the conversation: the customer's next message starts a new one
    deleted = _conversation_of(chatwoot, phone)
    assert deleted is not None
    chatwoot.delete_conversation(deleted)
    await _phone_texts(stack, client, phone, bridge.number, "Hello again")
    [again] = await _incoming(chatwoot, phone, 1)
    assert again.content == "Hello again" and _conversation_of(chatwoot, phone) != deleted
    gone = f"POST /api/v1/accounts/7/conversations/{deleted}/messages: no such conversation"
    assert chatwoot.refused == [gone]
    chatwoot.refused.clear()  # the module's later tests expect no refusal


async def test_an_agents_reply_reaches_the_phone_once_and_private_notes_stay_in_chatwoot(
    stack: Stack, bridge: Bridge, chatwoot: FakeChatwoot, client: httpx.AsyncClient
) -> None:
    phone, image = await stack.new_phone(client), png(seed=8)
    await _phone_texts(stack, client, phone, bridge.number, "Can someone help?")
    await _incoming(chatwoot, phone, 1)
    conversation = _conversation_of(chatwoot, phone)
    assert conversation is not None
    reply = chatwoot.agent_writes(conversation, "Sure, what is the order number?")
    first = await chatwoot.deliver(reply)
    again = await chatwoot.deliver(reply)  # Chatwoot's retry of the same webhook
    assert (first.json()["queued"], again.json()["queued"]) == (True, False)
    note = chatwoot.agent_writes(conversation, "customer seems upset", private=True)
    assert (await chatwoot.deliver(note)).json()["queued"] is False
    await chatwoot.deliver(chatwoot.agent_writes(conversation, "this one?", file=image))

    async def both() -> list[dict[str, Any]] | None:
        inbox = await _phone_inbox(stack, client, phone)
        return inbox if any(m.get("media") for m in inbox) else None

    inbox = await until(both, "the text and the image at the phone", 15)
    texts = [m["text"] for m in inbox if not m.get("media")]
    assert texts == ["Sure, what is the order number?"]
    [sent_image] = [m for m in inbox if m.get("media")]
    assert sent_image["media"]["caption"] == "this one?"
    got = await client.get(f"{stack.sim}/phones/{phone}/media/{sent_image['id']}")
    assert got.content == image
    assert chatwoot.refused == []


async def test_nothing_is_lost_or_doubled_while_chatwoot_the_bridge_or_wagate_is_down(
    stack: Stack, bridge: Bridge, chatwoot: FakeChatwoot, client: httpx.AsyncClient
) -> None:
    phone = await stack.new_phone(client)
    await _phone_texts(stack, client, phone, bridge.number, "first")
    await _incoming(chatwoot, phone, 1)
    chatwoot.down = True
    burst = [f"message {i}" for i in range(6)]
    for text in burst:
        await _phone_texts(stack, client, phone, bridge.number, text)

    await until(lambda: _pending(client, bridge, len(burst)), "the burst queued at the bridge")
    await bridge.restart(stack, client)  # the bridge crashes too: its queue is in PostgreSQL
    chatwoot.down = False
    arrived = await _incoming(chatwoot, phone, 1 + len(burst))
    assert [m.content for m in arrived] == ["first", *burst]  # once each, in order

    conversation = _conversation_of(chatwoot, phone)
    assert conversation is not None
    port = bridge.proxy.port
    bridge.proxy.kill()  # wagate unreachable from the bridge
    replies = [f"reply {i}" for i in range(4)]
    for text in replies:
        assert (await chatwoot.deliver(chatwoot.agent_writes(conversation, text))).is_success
    await until(lambda: _pending(client, bridge, len(replies)), "the replies queued")
    bridge.proxy = Proxy("127.0.0.1", int(stack.env["WAGATE_PORT"]), listen_port=port)

    async def delivered() -> list[str] | None:
        texts = [m.get("text", "") for m in await _phone_inbox(stack, client, phone)]
        return texts if len(texts) >= len(replies) else None

    assert await until(delivered, "the replies at the phone", 15) == replies
    assert chatwoot.refused == []
