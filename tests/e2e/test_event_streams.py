"""Event streams end to end: a real connector publishing a real session's events to a
nats-server of the module's own, installation-wide (from its settings) and to a tenant's
stream added through the API, carrying the webhook's body and id byte for byte."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from devstack.stack import Stack, deployment
from devstack.waiting import until
from devstack.webhook_receiver import Receiver
from tests.jetstream import Held, fresh_streams, held
from tests.private_brokers import PrivateNats, running


@pytest.fixture(scope="module")
async def broker() -> AsyncIterator[PrivateNats]:
    async with running(PrivateNats()) as server:
        assert isinstance(server, PrivateNats)
        yield server


@pytest.fixture(scope="module")
async def streamed(broker: PrivateNats) -> AsyncIterator[Stack]:
    await fresh_streams(broker.url, {"WAGATE": ["wagate.>"], "ACME": ["acme.>"]})
    async with deployment(WAGATE_STREAM_NATS_URL=broker.url) as stack:
        yield stack


async def test_a_sessions_events_reach_both_streams_as_its_webhook_gets_them(
    streamed: Stack, broker: PrivateNats, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    stack, tenant = streamed, streamed.new_tenant()
    url = receiver.add()
    r = await client.post(f"{stack.api}/webhooks", headers=stack.auth(tenant), json={"url": url})
    assert r.status_code == 201, r.text
    stream = {"kind": "nats", "url": broker.url.replace("//", "//u:p@"), "target": "acme"}
    r = await client.post(f"{stack.api}/streams", headers=stack.auth(tenant), json=stream)
    assert r.status_code == 201, r.text
    await stack.connect_session(client, tenant)
    hooked = await receiver.wait(url, lambda rs: "connected" in [r.json["type"] for r in rs])

    async def tenants_stream_caught_up() -> list[Held] | None:
        got = await held(broker.url, "ACME", "acme.>")
        return got if len(got) >= len(hooked) else None

    theirs = await until(tenants_stream_caught_up, "the tenant's stream", 15, every_s=0.2)
    # the same events, in the same order, with the same ids and bodies
    assert [(m.msg_id, m.body) for m in theirs[: len(hooked)]] == [
        (h.webhook_id, h.body) for h in hooked
    ]
    assert theirs[0].subject == f"acme.{tenant}.{json.loads(theirs[0].body)['type']}"
    everyone = await held(broker.url, "WAGATE", f"wagate.events.{tenant}.>")
    assert [m.msg_id for m in everyone][: len(hooked)] == [h.webhook_id for h in hooked]
