"""Signed webhooks with a durable outbox, end to end: real processes, a real local receiver
that verifies every signature with the svix verifier.

The test stack retries on the schedule "0,0.2,0.4" (three attempts), times an attempt out
after 0.5 s connect + 1.5 s read, looks for work every 0.2 s, and disables an endpoint
after 8 failed attempts in a row spanning 1.5 s."""

from __future__ import annotations

import asyncio
import json
import signal
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis
from svix.webhooks import Webhook, WebhookVerificationError

from devstack.stack import Stack, free_port
from devstack.webhook_receiver import Receiver


async def _register(
    stack: Stack, c: httpx.AsyncClient, tenant: str, url: str, **fields: Any
) -> tuple[dict[str, Any], str]:
    r = await c.post(
        f"{stack.api}/webhooks", headers=stack.auth(tenant), json={"url": url, **fields}
    )
    assert r.status_code == 201, r.text
    body = r.json()
    return body["endpoint"], body["secret"]


async def _hooked(
    stack: Stack, c: httpx.AsyncClient, receiver: Receiver, tenant: str, **behaviour: Any
) -> tuple[str, dict[str, Any]]:
    """A receiver path that verifies with the endpoint's secret, and its endpoint."""
    types = behaviour.pop("event_types", None)
    url = receiver.add(**behaviour)
    fields = {"eventTypes": types} if types is not None else {}
    endpoint, secret = await _register(stack, c, tenant, url, **fields)
    receiver.behaviour(url).secret = secret
    return url, endpoint


async def _send_test(stack: Stack, c: httpx.AsyncClient, tenant: str, endpoint_id: str) -> str:
    r = await c.post(f"{stack.api}/webhooks/{endpoint_id}/test", headers=stack.auth(tenant))
    assert r.status_code == 202, r.text
    event_id: str = r.json()["eventId"]
    return event_id


async def _deliveries(
    stack: Stack, c: httpx.AsyncClient, tenant: str, endpoint_id: str, **params: Any
) -> list[dict[str, Any]]:
    r = await c.get(
        f"{stack.api}/webhooks/{endpoint_id}/deliveries",
        headers=stack.auth(tenant),
        params=params,
    )
    assert r.status_code == 200, r.text
    deliveries: list[dict[str, Any]] = r.json()["deliveries"]
    return deliveries


async def _wait_deliveries(
    stack: Stack,
    c: httpx.AsyncClient,
    tenant: str,
    endpoint_id: str,
    status: str,
    count: int,
    timeout_s: float = 15,
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout_s
    while True:
        found = await _deliveries(stack, c, tenant, endpoint_id, status=status)
        if len(found) >= count:
            return found
        if time.monotonic() > deadline:
            everything = await _deliveries(stack, c, tenant, endpoint_id)
            raise AssertionError(f"expected {count} {status}: {everything}")
        await asyncio.sleep(0.05)


async def _message(stack: Stack, c: httpx.AsyncClient, sender: str, to: str, text: str) -> None:
    r = await c.post(f"{stack.sim}/phones/{sender}/messages", json={"to": to, "text": text})
    assert r.status_code in (200, 201, 202), r.text


# ---- endpoints API ------------------------------------------------------------------------


async def test_endpoints_are_tenant_scoped_and_the_secret_is_shown_once(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    a, b = stack.new_tenant(), stack.new_tenant()
    url = receiver.add()
    endpoint, secret = await _register(
        stack, client, a, url, headers={"X-Tenant-Token": "abc"}, description="orders"
    )
    assert secret.startswith("whsec_") and len(secret) > 30
    assert endpoint["id"].startswith("ep_")
    assert endpoint["companyId"] == a and endpoint["enabled"] is True
    assert endpoint["eventTypes"] is None and endpoint["headers"] == {"X-Tenant-Token": "abc"}
    ep = endpoint["id"]

    listed = await client.get(f"{stack.api}/webhooks", headers=stack.auth(a))
    one = await client.get(f"{stack.api}/webhooks/{ep}", headers=stack.auth(a))
    assert listed.json()["total"] == 1 and one.status_code == 200
    for r in (listed, one):
        assert "whsec_" not in r.text and "secret" not in json.dumps(r.json()).lower().replace(
            "previoussecretexpiresat", ""
        )

    # another tenant: the endpoint does not exist, whatever the verb
    for method, path in [
        ("GET", ""),
        ("PATCH", ""),
        ("DELETE", ""),
        ("POST", "/test"),
        ("POST", "/rotate-secret"),
        ("GET", "/deliveries"),
        ("GET", "/attempts"),
    ]:
        r = await client.request(
            method,
            f"{stack.api}/webhooks/{ep}{path}",
            headers=stack.auth(b),
            json={"enabled": False} if method == "PATCH" else None,
        )
        assert r.status_code == 404, (method, path, r.text)
        assert r.json()["code"] == "webhook_not_found"
    assert (await client.get(f"{stack.api}/webhooks", headers=stack.auth(b))).json()["total"] == 0
    foreign = await client.get(f"{stack.api}/webhooks?companyId={a}", headers=stack.auth(b))
    assert foreign.status_code == 404

    admin = {"Authorization": f"Bearer {stack.admin_token()}"}
    r = await client.get(f"{stack.api}/webhooks", headers=admin)
    assert (r.status_code, r.json()["code"]) == (400, "company_required")
    r = await client.get(f"{stack.api}/webhooks?companyId={a}", headers=admin)
    assert [e["id"] for e in r.json()["endpoints"]] == [ep]
    r = await client.get(f"{stack.api}/webhooks/{ep}?companyId={b}", headers=admin)
    assert r.status_code == 404
    r = await client.post(f"{stack.api}/webhooks", headers=admin, json={"url": url})
    assert (r.status_code, r.json()["code"]) == (400, "company_required")
    r = await client.post(f"{stack.api}/webhooks", headers=admin, json={"url": url, "companyId": b})
    assert r.status_code == 201 and r.json()["endpoint"]["companyId"] == b
    r = await client.get(f"{stack.api}/webhooks", headers=stack.auth(b))
    assert r.json()["total"] == 1
    r = await client.post(
        f"{stack.api}/webhooks", headers=stack.auth(a), json={"url": url, "companyId": b}
    )
    assert r.status_code == 404  # a tenant cannot register for another one

    # disable, filter, enable
    r = await client.patch(
        f"{stack.api}/webhooks/{ep}",
        headers=stack.auth(a),
        json={"enabled": False, "eventTypes": ["message", "connected", "message"]},
    )
    assert r.status_code == 200, r.text
    assert r.json()["endpoint"]["enabled"] is False
    assert r.json()["endpoint"]["disabledReason"] == "by_request"
    assert r.json()["endpoint"]["eventTypes"] == ["connected", "message"]
    r = await client.post(f"{stack.api}/webhooks/{ep}/test", headers=stack.auth(a))
    assert (r.status_code, r.json()["code"]) == (409, "endpoint_disabled")
    r = await client.patch(
        f"{stack.api}/webhooks/{ep}",
        headers=stack.auth(a),
        json={"enabled": True, "eventTypes": None},
    )
    assert r.json()["endpoint"]["enabled"] is True
    assert r.json()["endpoint"]["disabledReason"] is None
    assert r.json()["endpoint"]["eventTypes"] is None

    r = await client.delete(f"{stack.api}/webhooks/{ep}", headers=stack.auth(a))
    assert r.status_code == 200 and r.json()["deleted"] is True
    assert (
        await client.get(f"{stack.api}/webhooks/{ep}", headers=stack.auth(a))
    ).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.com/hook"}, "url"),
        ({"url": "http://user:pw@127.0.0.1/hook"}, "url"),
        ({"url": "http://127.0.0.1/" + "a" * 2048}, "url"),
        ({"url": "http://127.0.0.1/h", "eventTypes": ["nope"]}, "eventTypes"),
        ({"url": "http://127.0.0.1/h", "headers": {"Webhook-Signature": "v1,x"}}, "headers"),
        ({"url": "http://127.0.0.1/h", "headers": {"content-type": "text/plain"}}, "headers"),
        ({"url": "http://127.0.0.1/h", "headers": {"Host": "evil"}}, "headers"),
        ({"url": "http://127.0.0.1/h", "headers": {"X-A": "one\r\nX-B: two"}}, "headers"),
        ({"url": "http://127.0.0.1/h", "headers": {"Bad Name": "x"}}, "headers"),
        ({"url": "http://127.0.0.1/h", "headers": {f"X-{i}": "v" for i in range(21)}}, "headers"),
        ({"url": "http://127.0.0.1/h", "secret": "whsec_mine"}, "secret"),
        ({"url": "http://127.0.0.1/h", "enabled": "yes"}, "enabled"),
        ({"url": "http://169.254.169.254/latest/meta-data"}, "url"),  # metadata: never
    ],
)
async def test_bad_endpoint_bodies_are_refused(
    stack: Stack, client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    tenant = stack.new_tenant()
    r = await client.post(f"{stack.api}/webhooks", headers=stack.auth(tenant), json=body)
    assert r.status_code == 422, r.text
    assert r.json()["success"] is False
    assert r.json()["code"] in ("validation_failed", "url_not_allowed")
    assert any(d["field"].startswith(field) for d in r.json()["details"]), r.text


async def test_registration_refuses_private_addresses_when_not_allowed(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    """The SSRF switch off (the default): loopback, private, link-local and metadata
    addresses are refused, also behind a host name."""
    second = Stack(
        env={**stack.env, "WAGATE_PORT": str(free_port()), "WAGATE_WEBHOOK_ALLOW_PRIVATE": "0"},
        logs=Path(tempfile.mkdtemp()),
        settings=stack.settings,
    )
    second.start("gateway")
    try:
        for _ in range(100):
            try:
                await client.get(f"{second.api}/webhooks")
                break
            except httpx.TransportError:
                await asyncio.sleep(0.1)
        tenant = stack.new_tenant()
        for url, why in [
            ("http://127.0.0.1:8080/hook", "loopback"),
            ("http://localhost/hook", "loopback"),  # a host name resolving to loopback
            ("http://[::1]/hook", "loopback"),
            ("http://[::ffff:127.0.0.1]/hook", "loopback"),
            ("http://10.1.2.3/hook", "private"),
            ("http://192.168.0.10/hook", "private"),
            ("http://172.16.5.4/hook", "private"),
            ("http://100.64.0.1/hook", "shared"),
            ("http://169.254.169.254/latest/meta-data/", "metadata"),
            ("http://169.254.10.10/hook", "link-local"),
            ("http://0.0.0.0/hook", "unspecified"),
            ("http://metadata.google.internal/computeMetadata/v1/", "metadata"),
        ]:
            r = await client.post(
                f"{second.api}/webhooks", headers=stack.auth(tenant), json={"url": url}
            )
            assert r.status_code == 422, (url, r.text)
            assert r.json()["code"] == "url_not_allowed", (url, r.text)
            assert why in r.json()["error"], (url, r.text)
        listed = await client.get(f"{second.api}/webhooks", headers=stack.auth(tenant))
        assert listed.json()["total"] == 0
    finally:
        second.stop("gateway")


# ---- delivery -----------------------------------------------------------------------------


async def test_fails_twice_then_succeeds_exactly_once_each_in_order(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    tenant = stack.new_tenant()
    url, endpoint = await _hooked(
        stack, client, receiver, tenant, fail_first=2, event_types=["message"]
    )
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    texts = [f"m{i}" for i in range(6)]
    for text in texts:
        await _message(stack, client, friend, number, text)

    accepted = await receiver.wait_accepted(url, len(texts))
    await asyncio.sleep(0.5)  # nothing more may come
    requests = receiver.requests(url)
    assert [r.json["data"]["text"] for r in receiver.accepted(url)] == texts
    assert all(r.verified for r in requests)  # every request carried a valid signature
    ids = [r.webhook_id for r in accepted]
    assert len(set(ids)) == len(ids) and all(i.startswith("evt_") for i in ids)
    assert all(r.json["id"] == r.webhook_id for r in accepted)
    # the two failures were the first event (held back the others), with the same id
    assert [r.status for r in requests] == [500, 500] + [200] * len(texts)
    assert {r.webhook_id for r in requests[:3]} == {ids[0]}
    assert all(r.json["type"] == "message" and r.json["companyId"] == tenant for r in accepted)

    deliveries = await _deliveries(stack, client, tenant, endpoint["id"])
    assert [d["status"] for d in deliveries] == ["delivered"] * len(texts)
    first = deliveries[-1]  # newest first
    assert first["eventId"] == ids[0] and first["attemptCount"] == 3
    r = await client.get(
        f"{stack.api}/webhooks/{endpoint['id']}/deliveries/{first['id']}",
        headers=stack.auth(tenant),
    )
    detail = r.json()["delivery"]
    assert [a["outcome"] for a in detail["attempts"]] == ["retry", "retry", "delivered"]
    assert [a["statusCode"] for a in detail["attempts"]] == [500, 500, 200]
    assert detail["attempts"][0]["response"] == "answer 500"
    assert detail["payload"]["data"]["text"] == "m0"
    r = await client.get(
        f"{stack.api}/webhooks/{endpoint['id']}/attempts",
        headers=stack.auth(tenant),
        params={"outcome": "retry"},
    )
    assert len(r.json()["attempts"]) == 2


async def test_session_events_go_to_every_matching_endpoint(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    tenant = stack.new_tenant()
    everything, _ = await _hooked(stack, client, receiver, tenant)
    only_connected, _ = await _hooked(stack, client, receiver, tenant, event_types=["connected"])
    async with stack.events(tenant) as events:
        await stack.connect_session(client, tenant)
        seen = [await events.next()]
        while seen[-1]["type"] != "connected":
            seen.append(await events.next())
    got = await receiver.wait(everything, lambda rs: any(r.json["type"] == "connected" for r in rs))
    # the same events, in the same order, with the same ids as on the WebSocket
    assert [(r.json["type"], r.webhook_id) for r in got] == [
        (e["type"], e["eventId"]) for e in seen
    ]
    assert [e["type"] for e in seen][-2:] == ["qr", "connected"]
    connected = await receiver.wait_accepted(only_connected, 1)
    assert [r.json["type"] for r in connected] == ["connected"]


async def test_forged_or_stale_signatures_are_rejected_by_the_verifier(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    tenant = stack.new_tenant()
    url, endpoint = await _hooked(stack, client, receiver, tenant)
    secret = receiver.behaviour(url).secret
    assert secret is not None
    await _send_test(stack, client, tenant, endpoint["id"])
    (real,) = await receiver.wait_accepted(url, 1)
    assert real.json["type"] == "webhook_test"
    Webhook(secret).verify(real.body, real.headers)  # the real one verifies

    def rejected(body: bytes, headers: dict[str, str], key: str = secret) -> bool:
        try:
            Webhook(key).verify(body, headers)
        except WebhookVerificationError:
            return True
        return False

    forged_body = real.body.replace(b"a test event", b"a fake event")
    assert rejected(forged_body, real.headers)
    assert rejected(real.body, {**real.headers, "webhook-id": "evt_other"})
    other = "whsec_" + "A" * 32  # somebody else's key cannot sign for this endpoint
    forged = Webhook(other).sign(real.webhook_id, datetime.now(UTC), real.body.decode())
    assert rejected(real.body, {**real.headers, "webhook-signature": forged})
    # a captured request replayed later: its timestamp is stale, re-signing needs the key
    stale_at = datetime.now(UTC) - timedelta(minutes=10)
    stale = {**real.headers, "webhook-timestamp": str(int(stale_at.timestamp()))}
    assert rejected(real.body, stale)
    resigned = Webhook(secret).sign(real.webhook_id, stale_at, real.body.decode())
    assert rejected(real.body, {**stale, "webhook-signature": resigned})
    # and the receiver answered 401 to a forged request sent to it
    async with httpx.AsyncClient() as c:
        r = await c.post(url, content=forged_body, headers=real.headers)
    assert r.status_code == 401


async def test_rotated_secret_overlaps_then_only_the_new_one_signs(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    tenant = stack.new_tenant()
    url = receiver.add()
    endpoint, old = await _register(stack, client, tenant, url)
    ep = endpoint["id"]
    r = await client.post(
        f"{stack.api}/webhooks/{ep}/rotate-secret",
        headers=stack.auth(tenant),
        json={"overlapSeconds": 3600},
    )
    assert r.status_code == 200, r.text
    new = r.json()["secret"]
    assert new.startswith("whsec_") and new != old
    assert r.json()["endpoint"]["previousSecretExpiresAt"] is not None
    await _send_test(stack, client, tenant, ep)
    (during,) = await receiver.wait_accepted(url, 1)
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(during.body, during.headers)  # receivers not yet updated
    Webhook(new).verify(during.body, during.headers)  # receivers already updated

    r = await client.post(f"{stack.api}/webhooks/{ep}/rotate-secret", headers=stack.auth(tenant))
    newest = r.json()["secret"]  # the default overlap is a day; end it at once instead:
    r = await client.post(
        f"{stack.api}/webhooks/{ep}/rotate-secret",
        headers=stack.auth(tenant),
        json={"overlapSeconds": 0},
    )
    latest = r.json()["secret"]
    assert newest != latest and r.json()["endpoint"]["previousSecretExpiresAt"] is None
    await _send_test(stack, client, tenant, ep)
    after = (await receiver.wait_accepted(url, 2))[1]
    Webhook(latest).verify(after.body, after.headers)
    for stale in (old, new, newest):
        with pytest.raises(WebhookVerificationError):
            Webhook(stale).verify(after.body, after.headers)


async def test_kill_9_between_event_and_delivery_loses_nothing(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    tenant = stack.new_tenant()
    url, _ = await _hooked(
        stack, client, receiver, tenant, event_types=["message"], always_status=503, delay_s=30
    )
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    await _message(stack, client, friend, number, "before the crash")
    await receiver.wait(url, lambda rs: len(rs) >= 1)  # the attempt is in flight, hanging

    stack.stop("connector", signal.SIGKILL)
    redis = Redis.from_url(stack.env["REDIS_URL"])
    await redis.delete(f"{stack.env['WAGATE_REDIS_PREFIX']}:connector:heartbeat")
    await redis.aclose()
    await _message(stack, client, friend, number, "while it was down")
    behaviour = receiver.behaviour(url)
    behaviour.always_status, behaviour.delay_s = None, 0.0  # the receiver is fine now
    stack.start("connector")
    await stack.wait_ready()

    accepted = await receiver.wait_accepted(url, 2, timeout_s=20)
    await asyncio.sleep(0.5)  # room for a third delivery, which must not come
    accepted = receiver.accepted(url)
    assert [r.json["data"]["text"] for r in accepted] == ["before the crash", "while it was down"]
    assert receiver.requests(url)[0].webhook_id == accepted[0].webhook_id  # the same event


async def test_sigterm_finishes_the_attempt_in_flight(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    tenant = stack.new_tenant()
    url, endpoint = await _hooked(stack, client, receiver, tenant, delay_s=1.0)
    await _send_test(stack, client, tenant, endpoint["id"])
    await receiver.wait(url, lambda rs: len(rs) >= 1)
    assert await stack.restart_connector(signal.SIGTERM) == 0
    await asyncio.sleep(1.0)  # a re-send after the restart would show by now
    delivered = await _deliveries(stack, client, tenant, endpoint["id"])
    detail = await client.get(
        f"{stack.api}/webhooks/{endpoint['id']}/deliveries/{delivered[0]['id']}",
        headers=stack.auth(tenant),
    )
    assert [r.status for r in receiver.requests(url)] == [200], detail.text
    assert [d["status"] for d in delivered] == ["delivered"]


async def test_dead_letter_after_the_schedule_then_replay_delivers(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    tenant = stack.new_tenant()
    url, endpoint = await _hooked(stack, client, receiver, tenant, always_status=503)
    ep = endpoint["id"]
    since = datetime.now(UTC) - timedelta(seconds=1)
    first = await _send_test(stack, client, tenant, ep)
    second = await _send_test(stack, client, tenant, ep)
    dead = await _wait_deliveries(stack, client, tenant, ep, "dead", 2)
    assert [d["eventId"] for d in dead] == [second, first]  # newest first
    assert all(d["attemptCount"] == 3 and d["lastStatusCode"] == 503 for d in dead)
    assert [r.webhook_id for r in receiver.requests(url)] == [first] * 3 + [second] * 3
    r = await client.get(
        f"{stack.api}/webhooks/{ep}/deliveries/{dead[1]['id']}", headers=stack.auth(tenant)
    )
    assert [a["outcome"] for a in r.json()["delivery"]["attempts"]] == ["retry", "retry", "dead"]

    receiver.behaviour(url).always_status = None  # back up
    r = await client.post(
        f"{stack.api}/webhooks/{ep}/replay",
        headers=stack.auth(tenant),
        json={"since": since.isoformat()},
    )
    assert r.status_code == 202, r.text
    assert r.json()["replayed"] == 2
    accepted = await receiver.wait_accepted(url, 2)
    assert [a.webhook_id for a in accepted] == [first, second]  # same ids, same order
    await _wait_deliveries(stack, client, tenant, ep, "delivered", 2)

    # one delivery again on request (a receiver that lost what it stored)
    r = await client.post(
        f"{stack.api}/webhooks/{ep}/deliveries/{dead[1]['id']}/replay",
        headers=stack.auth(tenant),
    )
    assert r.status_code == 202 and r.json()["previousStatus"] == "delivered"
    again = await receiver.wait_accepted(url, 3)
    assert again[2].webhook_id == first and again[2].body == again[0].body


async def test_an_endpoint_failing_too_long_is_disabled_and_says_so(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    tenant = stack.new_tenant()
    bad_url, bad = await _hooked(stack, client, receiver, tenant, always_status=500)
    good_url, _ = await _hooked(stack, client, receiver, tenant)
    events = [await _send_test(stack, client, tenant, bad["id"]) for _ in range(5)]

    (notice,) = await receiver.wait_accepted(good_url, 1, timeout_s=20)
    assert notice.json["type"] == "endpoint_disabled"
    assert notice.json["data"]["endpointId"] == bad["id"]
    assert notice.json["data"]["consecutiveFailures"] >= 8
    r = await client.get(f"{stack.api}/webhooks/{bad['id']}", headers=stack.auth(tenant))
    assert r.json()["endpoint"]["enabled"] is False
    assert r.json()["endpoint"]["disabledReason"] == "failing"
    # the disabled endpoint is not told about itself, and gets nothing more
    await asyncio.sleep(0.5)
    seen = receiver.requests(bad_url)
    assert all(r.json["type"] == "webhook_test" for r in seen)
    assert len(receiver.requests(bad_url)) == len(seen)

    # what it owed waits; enabling it (receiver fixed) sends it, in order
    receiver.behaviour(bad_url).always_status = None
    r = await client.patch(
        f"{stack.api}/webhooks/{bad['id']}", headers=stack.auth(tenant), json={"enabled": True}
    )
    assert r.json()["endpoint"]["consecutiveFailures"] == 0
    dead = {
        d["eventId"] for d in await _deliveries(stack, client, tenant, bad["id"], status="dead")
    }
    waiting = [e for e in events if e not in dead]
    assert waiting, "every event was dead-lettered before the endpoint was disabled"
    accepted = await receiver.wait_accepted(bad_url, len(waiting))
    assert [a.webhook_id for a in accepted] == waiting


async def test_a_dead_endpoint_does_not_delay_another_tenants_deliveries(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    # five tenants whose receivers hang until the attempt times out
    stuck = []
    for _ in range(5):
        tenant = stack.new_tenant()
        hanging, endpoint = await _hooked(
            stack, client, receiver, tenant, always_status=503, delay_s=30
        )
        stuck.append((tenant, endpoint["id"], hanging))
    for tenant, ep, _ in stuck:
        for _ in range(3):
            await _send_test(stack, client, tenant, ep)

    healthy = stack.new_tenant()
    url, endpoint = await _hooked(stack, client, receiver, healthy)
    for _, _, hanging in stuck:  # each stuck endpoint's first attempt hangs now
        await receiver.wait(hanging, lambda rs: len(rs) >= 1)
    latencies = []
    for i in range(5):
        sent = time.time()
        await _send_test(stack, client, healthy, endpoint["id"])
        (got,) = (await receiver.wait_accepted(url, i + 1, timeout_s=5))[i:]
        latencies.append(got.at - sent)
    # at most one poll interval (0.2 s) plus the round trip, never an attempt timeout
    assert max(latencies) < 1.0, latencies
    for tenant, ep, _ in stuck:
        assert all(d["status"] == "pending" for d in await _deliveries(stack, client, tenant, ep))


async def test_signing_secrets_are_sealed_at_rest(
    stack: Stack, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    """The database holds no usable signing secret: a new one is stored sealed, one left
    in clear by an older version is sealed when the connector starts, and deliveries
    verify with the secret the tenant was shown either way."""
    tenant = stack.new_tenant()
    url, endpoint = await _hooked(stack, client, receiver, tenant)
    secret = receiver.behaviour(url).secret
    assert secret is not None
    pg = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:

        async def stored() -> str:
            value: str = await pg.fetchval(
                "SELECT secret FROM webhook_endpoints WHERE id = $1", endpoint["id"]
            )
            return value

        assert not (await stored()).startswith("whsec_") and secret[6:] not in await stored()
        await _send_test(stack, client, tenant, endpoint["id"])
        await receiver.wait_accepted(url, 1)

        await pg.execute(  # as a version before sealing left it
            "UPDATE webhook_endpoints SET secret = $2 WHERE id = $1", endpoint["id"], secret
        )
        await stack.restart_connector()
        assert not (await stored()).startswith("whsec_")
        await _send_test(stack, client, tenant, endpoint["id"])
        accepted = await receiver.wait_accepted(url, 2)
        assert len(accepted) == 2 and not receiver.requests(url)[2:]  # none refused
    finally:
        await pg.close()
