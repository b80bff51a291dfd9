"""A standby takes over from a leader SIGKILLed in the middle of work in flight: a burst
of incoming messages being delivered to a webhook, and sends to a group of several
members. Nothing the leader had in hand is lost, and nothing is done twice where the
product promises once."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from typing import Any

import httpx

from devstack.connector_ops import wait_role
from devstack.stack import Stack, deployment
from devstack.waiting import until
from devstack.webhook_receiver import Receiver
from tests.e2e.event_helpers import message_log
from tests.e2e.test_event_durability import _hook_messages, _phone_says
from tests.e2e.test_failover_commands import _send_until_done
from tests.e2e.test_standby import start_standby

_BURST = 200
_KILL_AFTER_DELIVERED = 40
_GROUP_SENDS = 8


async def test_a_takeover_mid_webhook_burst_delivers_every_event_in_order(
    client: httpx.AsyncClient, receiver: Receiver
) -> None:
    """Webhooks are at least once: an attempt whose answer died with the leader is sent
    again, with the same webhook-id. So: every event id is accepted (none missing), and
    the first acceptance of each follows the order the messages happened (the README's
    per-endpoint order), across the takeover."""
    async with deployment(WAGATE_CONNECTOR_ID="holder") as s:
        standby = start_standby(s)
        await wait_role(client, standby, "standby")
        tenant = s.new_tenant()
        number = await s.connect_session(client, tenant)
        friend = await s.new_phone(client)
        hook = await _hook_messages(s, client, receiver, tenant)
        texts = [f"burst {i:03d}" for i in range(_BURST)]

        async def burst() -> None:
            for text in texts:  # one phone, one message after another: their order
                await _phone_says(s, client, friend, number, text)

        bursting = asyncio.create_task(burst())

        async def under_way() -> bool:
            return len(receiver.accepted(hook)) >= _KILL_AFTER_DELIVERED

        await until(under_way, "the first webhooks of the burst")
        # the next attempt hangs (then fails): the leader dies with it unanswered, so
        # only the standby's attempt can deliver that event
        endpoint = receiver.behaviour(hook)
        endpoint.always_status, endpoint.delay_s = 503, 5.0

        async def hanging() -> bool:
            return any(r.status == 0 for r in receiver.requests(hook))

        await until(hanging, "an attempt in flight")
        s.stop("connector", signal.SIGKILL)  # the phone goes on sending meanwhile
        endpoint.always_status, endpoint.delay_s = None, 0.0
        await wait_role(client, standby, "leader")
        await bursting

        def first_acceptances() -> list[str]:
            seen: dict[str, str] = {}
            for r in receiver.accepted(hook):
                seen.setdefault(r.webhook_id, r.json["data"]["text"])
            return list(seen.values())

        async def all_delivered() -> bool:
            return len(first_acceptances()) >= _BURST

        await until(all_delivered, "every event of the burst at the endpoint", timeout_s=30)
        assert first_acceptances() == texts
        assert all(r.verified for r in receiver.accepted(hook))


async def _group_with_members(s: Stack, c: httpx.AsyncClient, tenant: str) -> tuple[str, list[str]]:
    members = [await s.new_phone(c) for _ in range(3)]
    r = await s.call(c, "POST", tenant, "groups", json={"subject": "Crew", "participants": members})
    assert r.status_code == 201, r.text
    return r.json()["group"]["groupId"], members


async def test_a_takeover_mid_group_send_delivers_each_send_to_each_member_once(
    client: httpx.AsyncClient,
) -> None:
    async with deployment(WAGATE_CONNECTOR_ID="holder") as s:
        standby = start_standby(s)
        await wait_role(client, standby, "standby")
        tenant = s.new_tenant()
        number = await s.connect_session(client, tenant)
        group, members = await _group_with_members(s, client, tenant)
        # WhatsApp acknowledges each send after a second: sends are in flight at the kill
        await s.fault(client, number, "slow", delay_ms=1000, seconds=3)
        texts = [f"to the crew {i}" for i in range(_GROUP_SENDS)]

        async def send(i: int) -> list[httpx.Response]:
            await asyncio.sleep(i * 0.1)
            body = {"to": group, "text": texts[i]}
            return await _send_until_done(
                s, client, tenant, group, texts[i], path="messages/text", body=body
            )

        sends = [asyncio.create_task(send(i)) for i in range(_GROUP_SENDS)]

        async def in_flight() -> bool:
            return len(await message_log(s, tenant, "out", "pending")) >= 2

        await until(in_flight, "group sends in flight")
        s.stop("connector", signal.SIGKILL)
        await wait_role(client, standby, "leader")
        outcomes = await asyncio.gather(*sends)

        ids = {}
        for text, answers in zip(texts, outcomes, strict=True):
            assert answers[-1].status_code == 200, (text, [a.text for a in answers])
            ids[answers[-1].json()["messageId"]] = text
        assert Counter(await message_log(s, tenant, "out", "sent")) == Counter(set(ids))
        for member in members:
            inbox = await _inbox(s, client, member)
            mine = [(m["id"], m["text"]) for m in inbox if m["chat"] == group]
            assert Counter(mine) == Counter(ids.items()), (member, mine)


async def _inbox(s: Stack, c: httpx.AsyncClient, phone: str) -> list[dict[str, Any]]:
    r = await c.get(f"{s.sim}/phones/{phone}/messages")
    messages: list[dict[str, Any]] = r.json()["messages"]
    return messages
