"""The Python SDK (sdk/python, `wagate-client`) against a running deployment, as a
tenant's code would use it: an operator makes the tenant and its key, the tenant links its
session, sends, receives by webhook (verified with the SDK) and reads its events over the
WebSocket, which comes back after a dropped connection without losing one."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest

from devstack.stack import Stack
from devstack.tcp_proxy import Proxy
from devstack.waiting import until
from devstack.webhook_receiver import Receiver
from wagate_client import (
    AuthenticatedClient,
    EventStream,
    EventStreamRefused,
    StreamEvent,
    StreamGap,
    WebhookVerificationError,
    verify_webhook,
)
from wagate_client.events import Backoff
from wagate_client.rest.api.messages import send_text_message
from wagate_client.rest.api.sessions import get_session_status, initialize_session
from wagate_client.rest.api.tenants import create_api_key, create_tenant
from wagate_client.rest.api.webhooks import create_webhook_endpoint
from wagate_client.rest.models import (
    ApiKeyCreate,
    ApiKeyCreated,
    EndpointCreate,
    EndpointWithSecret,
    SendResponse,
    SessionFields,
    TenantCreate,
    TenantResponse,
    TextMessage,
)


async def _tenant_key(stack: Stack, tenant: str, *scopes: str) -> str:
    """A tenant registered and given a key through the SDK, as an operator does."""
    async with AuthenticatedClient(base_url=stack.api, token=stack.admin_token()) as admin:
        made = await create_tenant.asyncio(client=admin, body=TenantCreate(company_id=tenant))
        assert isinstance(made, TenantResponse), made
        created = await create_api_key.asyncio(
            tenant, client=admin, body=ApiKeyCreate(name="sdk", scopes=list(scopes))
        )
    assert isinstance(created, ApiKeyCreated), created
    return created.key


async def _link(stack: Stack, api: AuthenticatedClient, tenant: str) -> str:
    """The tenant's session started through the SDK and linked by a virtual phone."""
    started = await initialize_session.asyncio(tenant, client=api)
    assert isinstance(started, SessionFields) and started.qr, started
    async with httpx.AsyncClient(timeout=20) as c:
        phone = await stack.new_phone(c)
        r = await c.post(f"{stack.sim}/phones/{phone}/link", json={"qr": started.qr})
        assert r.status_code == 200, r.text

    async def connected() -> bool:
        status = await get_session_status.asyncio(tenant, client=api)
        return isinstance(status, SessionFields) and status.status == "connected"

    await until(connected, "the session to connect")
    return phone


async def _linked_tenant(stack: Stack) -> tuple[str, str, str]:
    """A fresh tenant's key, its linked number, and another phone to write to it from."""
    tenant = stack.new_tenant()
    key = await _tenant_key(stack, tenant, "send", "read", "manage")
    async with AuthenticatedClient(base_url=stack.api, token=key) as api:
        number = await _link(stack, api, tenant)
    async with httpx.AsyncClient(timeout=20) as c:
        friend = await stack.new_phone(c)
    return key, number, friend


async def _phone_writes(stack: Stack, sender: str, to: str, text: str) -> None:
    async with httpx.AsyncClient(timeout=20) as c:
        r = await c.post(f"{stack.sim}/phones/{sender}/messages", json={"to": to, "text": text})
        assert r.status_code in (200, 201, 202), r.text


@contextlib.asynccontextmanager
async def _reading(stream: EventStream) -> AsyncIterator[asyncio.Queue[StreamEvent | StreamGap]]:
    """What the stream hands out, queued by a task of its own while the block runs."""
    queue: asyncio.Queue[StreamEvent | StreamGap] = asyncio.Queue()

    async def pump() -> None:
        async for item in stream:
            await queue.put(item)

    task = asyncio.create_task(pump())
    try:
        yield queue
    finally:
        await stream.close()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _messages(queue: asyncio.Queue[StreamEvent | StreamGap], count: int) -> list[StreamEvent]:
    """The next `count` message events the stream hands out (other events skipped)."""
    got: list[StreamEvent] = []
    async with asyncio.timeout(20):
        while len(got) < count:
            item = await queue.get()
            if isinstance(item, StreamEvent) and item.type == "message":
                got.append(item)
    return got


async def _texts(queue: asyncio.Queue[StreamEvent | StreamGap], count: int) -> list[str]:
    return [event.data["text"] for event in await _messages(queue, count)]


async def test_send_receive_by_a_verified_webhook_and_the_same_event_on_the_socket(
    stack: Stack, receiver: Receiver
) -> None:
    tenant = stack.new_tenant()
    key = await _tenant_key(stack, tenant, "send", "read", "manage")
    async with AuthenticatedClient(base_url=stack.api, token=key) as api:
        number = await _link(stack, api, tenant)
        url = receiver.add()  # the SDK verifies, not the receiver
        hook = await create_webhook_endpoint.asyncio(
            client=api, body=EndpointCreate(url=url, event_types=["message"])
        )
        assert isinstance(hook, EndpointWithSecret), hook
        async with httpx.AsyncClient(timeout=20) as c:
            friend = await stack.new_phone(c)
        sent = await send_text_message.asyncio(
            tenant, client=api, body=TextMessage(to=friend, text="from the sdk")
        )
        assert isinstance(sent, SendResponse) and sent.message_id, sent
        async with httpx.AsyncClient(timeout=20) as c:

            async def arrived() -> bool:
                r = await c.get(f"{stack.sim}/phones/{friend}/messages")
                return "from the sdk" in r.text

            await until(arrived, "the SDK's message at the phone")

        async with _reading(EventStream(stack.api, key)) as events:
            await _phone_writes(stack, friend, number, "hello sdk")
            [delivery] = await receiver.wait_accepted(url, 1)
            on_socket = await _messages(events, 1)
    event = verify_webhook(hook.secret, delivery.body, delivery.headers)
    assert event["type"] == "message" and event["data"]["text"] == "hello sdk"
    assert on_socket[0].event_id == event["id"] == delivery.webhook_id
    tampered = delivery.body.replace(b"hello sdk", b"hello sdK")
    with pytest.raises(WebhookVerificationError, match="no signature matches"):
        verify_webhook(hook.secret, tampered, delivery.headers)


async def test_a_dropped_socket_resumes_after_the_last_event_without_loss(stack: Stack) -> None:
    """The connection is cut (the proxy between SDK and gateway killed: every socket
    resets, reconnects are refused) while three messages arrive; the stream comes back
    when the proxy does and hands out exactly the missed ones, in order, once."""
    key, number, friend = await _linked_tenant(stack)
    gateway_port = int(stack.env["WAGATE_PORT"])
    proxy = Proxy("127.0.0.1", gateway_port)
    via_proxy = stack.api.replace(str(gateway_port), str(proxy.port))
    stream = EventStream(via_proxy, key, backoff=Backoff(first_s=0.05, cap_s=0.2))
    try:
        async with _reading(stream) as events:
            await _phone_writes(stack, friend, number, "before")
            assert await _texts(events, 1) == ["before"]
            proxy.kill()
            for n in range(3):
                await _phone_writes(stack, friend, number, f"while away {n}")
            await until(lambda: _reconnect_tried(stream), "a reconnect to be tried")
            proxy = Proxy("127.0.0.1", gateway_port, listen_port=proxy.port)
            await _phone_writes(stack, friend, number, "after")
            texts = await _texts(events, 4)
            assert events.empty()
    finally:
        proxy.kill()
    assert texts == ["while away 0", "while away 1", "while away 2", "after"]
    assert stream.reconnects >= 1


async def test_a_gateway_restart_is_resumed_after_on_the_new_gateway(stack: Stack) -> None:
    """The gateway stops (closing its sockets with 1012, service restart) while a message
    arrives, and starts again: the stream reconnects to it and gets that message, once."""
    key, number, friend = await _linked_tenant(stack)
    stream = EventStream(stack.api, key, backoff=Backoff(first_s=0.05, cap_s=0.2))
    async with _reading(stream) as events:
        await _phone_writes(stack, friend, number, "before")
        assert await _texts(events, 1) == ["before"]
        stack.stop("gateway")
        await _phone_writes(stack, friend, number, "during")
        stack.start("gateway")
        await stack.wait_ready()
        await _phone_writes(stack, friend, number, "after")
        assert await _texts(events, 2) == ["during", "after"]
        assert events.empty()
    assert stream.reconnects >= 1


async def _reconnect_tried(stream: EventStream) -> bool:
    return stream.reconnects >= 1


async def test_a_resume_past_what_is_held_surfaces_a_gap_then_the_events(stack: Stack) -> None:
    key, number, friend = await _linked_tenant(stack)
    await _phone_writes(stack, friend, number, "held")
    # "1-0" is older than anything the stream or the event log holds
    async with _reading(EventStream(stack.api, key, since="1-0")) as events:
        async with asyncio.timeout(20):
            gap = await events.get()
            first = await events.get()
    assert isinstance(gap, StreamGap) and gap.since == "1-0"
    assert isinstance(first, StreamEvent) and gap.next == first.id


async def test_a_key_without_the_read_scope_is_refused_not_retried(stack: Stack) -> None:
    tenant = stack.new_tenant()
    key = await _tenant_key(stack, tenant, "send")
    stream = EventStream(stack.api, key)
    with pytest.raises(EventStreamRefused) as refused:
        async with asyncio.timeout(20):
            async for _ in stream:
                pass
    assert refused.value.close_code == 4403 and refused.value.code == "insufficient_scope"
    assert stream.reconnects == 0
