"""Regressions from the adversarial test of issue 13, through the running gateway: each
attack that answered 500, leaked across tenants or outlived its credential, answered
as it should now."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from typing import Any

import httpx
import jwt
import pytest
import websockets
from redis.asyncio import Redis
from websockets.exceptions import InvalidStatus

from devstack.stack import Stack
from wagate.bus import BusKeys, Event, EventType


def _error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert (body["success"], body["code"]) == (False, code), body
    assert "Traceback" not in r.text
    return body


async def _subscribed(ws: Any) -> None:
    frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert frame.get("type") == "subscribed", frame


def _gateway_tracebacks(stack: Stack) -> list[str]:
    log = (stack.logs / "gateway.log").read_text(errors="replace")
    return [line for line in log.splitlines() if "Traceback" in line]


async def _endpoint(stack: Stack, c: httpx.AsyncClient, tenant: str) -> str:
    r = await c.post(
        f"{stack.api}/webhooks",
        headers=stack.auth(tenant),
        json={"url": "http://127.0.0.1:9/hook"},
    )
    assert r.status_code == 201, r.text
    endpoint_id: str = r.json()["endpoint"]["id"]
    return endpoint_id


# ---- 1. deeply nested JSON ------------------------------------------------------------------


async def test_deeply_nested_json_is_invalid_json_on_every_body_route(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    endpoint_id = await _endpoint(stack, client, tenant)
    deep = '{"phone": ' + "[" * 10_000 + "]" * 10_000 + ', "message": "x"}'
    shallow_enough_to_parse = '{"name": ' + "[" * 500 + "]" * 500 + "}"
    before = len(_gateway_tracebacks(stack))
    for method, path, headers in [
        ("POST", f"/sessions/{tenant}/send", stack.auth(tenant)),
        ("POST", f"/sessions/{tenant}/pairing-code", stack.auth(tenant)),
        ("POST", "/webhooks", stack.auth(tenant)),
        ("PATCH", f"/webhooks/{endpoint_id}", stack.auth(tenant)),
        ("POST", f"/webhooks/{endpoint_id}/rotate-secret", stack.auth(tenant)),
        ("POST", f"/webhooks/{endpoint_id}/replay", stack.auth(tenant)),
        ("POST", f"/tenants/{tenant}/api-keys", stack.auth(tenant)),
        ("POST", "/tenants", stack.admin()),
        ("PATCH", f"/tenants/{tenant}", stack.admin()),
    ]:
        for body in (deep, shallow_enough_to_parse):
            r = await client.request(method, stack.api + path, headers=headers, content=body)
            _error(r, 400, "invalid_json")
    assert len(_gateway_tracebacks(stack)) == before


# ---- 2. out-of-range values that reach SQL --------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("before=1180591620717411303424", "before"),
        ("before=9223372036854775808", "before"),
        ("since=0001-01-01T00:00:00%2B14:00", "since"),
        ("until=9999-12-31T23:59:59-14:00", "until"),
        ("limit=99999999999999999999999", "limit"),
    ],
)
async def test_out_of_range_query_values_name_their_field(
    stack: Stack, client: httpx.AsyncClient, query: str, field: str
) -> None:
    tenant = stack.new_tenant()
    endpoint_id = await _endpoint(stack, client, tenant)
    for listing in ("deliveries", "attempts"):
        r = await client.get(
            f"{stack.api}/webhooks/{endpoint_id}/{listing}?{query}", headers=stack.auth(tenant)
        )
        body = _error(r, 422, "validation_failed")
        assert [d["field"] for d in body["details"]] == [field], body


async def test_out_of_range_replay_times_name_their_field(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    endpoint_id = await _endpoint(stack, client, tenant)
    url = f"{stack.api}/webhooks/{endpoint_id}/replay"
    for body, field in [
        ({"since": "0001-01-01T00:00:00+14:00"}, "since"),
        ({"since": "2025-01-01T00:00:00Z", "until": "9999-12-31T23:59:59-14:00"}, "until"),
    ]:
        r = await client.post(url, headers=stack.auth(tenant), json=body)
        details = _error(r, 422, "validation_failed")["details"]
        assert [d["field"] for d in details] == [field], details
    # the edges that do fit still work
    r = await client.post(url, headers=stack.auth(tenant), json={"since": "0001-01-01T00:00Z"})
    assert r.status_code == 202, r.text


async def test_odd_path_ids_are_not_found(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    endpoint_id = await _endpoint(stack, client, tenant)
    headers = stack.auth(tenant)
    for path, code in [
        (f"/webhooks/{endpoint_id}/deliveries/%C2%B2", "delivery_not_found"),  # "²".isdigit()
        ("/webhooks/ep_%00", "webhook_not_found"),
        (f"/webhooks/{'x' * 5000}", "webhook_not_found"),
        (f"/tenants/{tenant}/api-keys/key_%00", "api_key_not_found"),
    ]:
        method = "DELETE" if "api-keys" in path else "GET"
        _error(await client.request(method, stack.api + path, headers=headers), 404, code)


# ---- 3. an idempotent retry after a 504 -----------------------------------------------------


async def test_retry_after_a_504_is_answered_from_the_message_log(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    headers = {**stack.auth(tenant), "Idempotency-Key": "k1"}
    body = {"phone": friend, "message": "sent once, answered twice"}
    connector = stack.procs["connector"]
    # a gateway that gives up after 1 s, not the stack's 10 s
    async with stack.extra_gateway(WAGATE_COMMAND_TIMEOUT="1") as impatient:
        connector.send_signal(signal.SIGSTOP)
        try:
            first = await client.post(
                f"{impatient.api}/sessions/{tenant}/send", headers=headers, json=body
            )
        finally:
            connector.send_signal(signal.SIGCONT)
    _error(first, 504, "connector_timeout")
    url = f"{stack.api}/sessions/{tenant}/send"

    deadline = time.monotonic() + 20
    while not (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]:
        assert time.monotonic() < deadline, "the queued send never reached the phone"
        await asyncio.sleep(0.1)

    retries = [await client.post(url, headers=headers, json=body) for _ in range(2)]
    assert [r.status_code for r in retries] == [200, 200], [r.text for r in retries]
    assert all(r.headers.get("Idempotency-Replayed") == "true" for r in retries)
    assert retries[0].json() == retries[1].json()
    assert retries[0].json()["to"] == friend
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert [m["text"] for m in inbox] == ["sent once, answered twice"]
    assert retries[0].json()["messageId"] == inbox[0]["id"]


# ---- 4. an open WebSocket ends with its credential ------------------------------------------


async def _closed_with(ws: Any, timeout_s: float) -> tuple[dict[str, Any], int | None]:
    """Reads until the server closes; returns its last frame and the close code."""
    last: dict[str, Any] = {}
    with pytest.raises(websockets.ConnectionClosed):
        async with asyncio.timeout(timeout_s):
            while True:
                last = json.loads(await ws.recv())
    return last, ws.close_code


async def test_a_socket_closes_at_its_tokens_expiry(stack: Stack) -> None:
    tenant = stack.new_tenant()
    token = stack.token(tenant, ttl_s=3)
    async with websockets.connect(f"{stack.ws_url}?token={token}") as ws:
        await _subscribed(ws)
        opened = time.monotonic()
        frame, code = await _closed_with(ws, 10)
    assert (frame["code"], code) == ("token_expired", 4401)
    assert time.monotonic() - opened < 5


async def test_a_socket_closes_soon_after_its_key_is_revoked_on_another_gateway(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    key = await stack.api_key(client, tenant, "read")
    keys = await client.get(f"{stack.api}/tenants/{tenant}/api-keys", headers=stack.admin())
    key_id = keys.json()["apiKeys"][0]["id"]
    # it checks open sockets every 0.5 s (2 s by default): the bound below holds either way
    async with stack.extra_gateway(WAGATE_WS_RECHECK_INTERVAL="0.5") as other:
        async with websockets.connect(other.ws_url, additional_headers={"X-API-Key": key}) as ws:
            await _subscribed(ws)
            r = await client.delete(
                f"{stack.api}/tenants/{tenant}/api-keys/{key_id}", headers=stack.admin()
            )
            assert r.status_code == 200
            revoked = time.monotonic()
            frame, code = await _closed_with(ws, 15)
    assert (frame["code"], code) == ("api_key_revoked", 4401)
    assert time.monotonic() - revoked < 6


async def test_a_socket_closes_soon_after_its_tenant_is_disabled(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    r = await client.post(f"{stack.api}/tenants", headers=stack.admin(), json={"companyId": tenant})
    assert r.status_code == 201, r.text
    async with stack.extra_gateway(WAGATE_WS_RECHECK_INTERVAL="0.5") as other:
        async with websockets.connect(f"{other.ws_url}?token={stack.token(tenant)}") as ws:
            await _subscribed(ws)
            r = await client.patch(
                f"{stack.api}/tenants/{tenant}", headers=stack.admin(), json={"disabled": True}
            )
            assert r.status_code == 200, r.text
            disabled = time.monotonic()
            frame, code = await _closed_with(ws, 20)
    assert (frame["code"], code) == ("tenant_disabled", 4403)
    assert time.monotonic() - disabled < 10


# ---- 6. the auth-failure lockout holds for right credentials too ----------------------------


async def test_a_locked_out_address_is_refused_whatever_the_credential(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    async with stack.extra_gateway(
        WAGATE_AUTH_FAILURES_PER_MINUTE="3",
        WAGATE_REDIS_PREFIX=stack.env["WAGATE_REDIS_PREFIX"] + "-lockout",
    ) as strict:
        url = f"{strict.api}/tenants/{tenant}"
        for _ in range(3):
            _error(
                await client.get(url, headers={"Authorization": "Bearer x"}), 401, "token_invalid"
            )
        for headers in ({"Authorization": "Bearer x"}, strict.auth(tenant)):
            r = await client.get(url, headers=headers)
            _error(r, 429, "too_many_auth_failures")
            assert int(r.headers["Retry-After"]) >= 1
        refused, close = await _ws_refusal(f"{strict.ws_url}?token={strict.token(tenant)}")
        assert (refused["code"], close) == ("too_many_auth_failures", 4429)


async def _ws_refusal(url: str) -> tuple[dict[str, Any], int | None]:
    async with websockets.connect(url) as ws:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 5))
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 5)
        return frame, ws.close_code


# ---- 7. identifiers are matched whole: no trailing newline ----------------------------------


async def test_identifiers_with_a_trailing_newline_are_refused(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    now = int(time.time())
    claims = {
        "sub": "company:B",
        "role": "tenant",
        "companyId": "B\n",
        "iss": "wagate",
        "aud": "wagate",
        "iat": now,
        "exp": now + 600,
    }
    newline_token = jwt.encode(claims, stack.settings.jwt_secret, algorithm="HS256")
    _error(
        await client.get(
            f"{stack.api}/sessions", headers={"Authorization": f"Bearer {newline_token}"}
        ),
        401,
        "token_invalid",
    )
    frame, close = await _ws_refusal(f"{stack.ws_url}?token={stack.admin_token()}&companyId=B%0A")
    assert (frame["code"], close) == ("invalid_company_id", 4400)
    frame, close = await _ws_refusal(
        f"{stack.ws_url}?token={stack.token('B')}&since=1700000000000-0%0A"
    )
    assert (frame["code"], close) == ("invalid_since", 4400)
    r = await client.get(f"{stack.api}/tenants/B%0A", headers=stack.admin())
    assert r.status_code in (400, 404) and r.json()["success"] is False, r.text
    # HTTP headers cannot carry a newline; the WebSocket's ?token= can
    key = await stack.api_key(client, stack.new_tenant(), "read")
    frame, close = await _ws_refusal(f"{stack.ws_url}?token={key}%0A")
    assert (frame["code"], close) == ("api_key_invalid", 4401)


# ---- 8. no redirect built from the Host header ----------------------------------------------


async def test_a_trailing_slash_is_not_redirected_to_the_host_header(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    # a gateway that answers any Host (behind a proxy that rewrites it): a foreign Host
    # reaches the routes, and still no redirect is built from it
    async with stack.extra_gateway(WAGATE_ALLOWED_HOSTS="*") as any_host:
        for path in ("/sessions/", "/webhooks/", "/tenants/"):
            r = await client.get(
                any_host.api + path, headers={**stack.admin(), "Host": "evil.example"}
            )
            assert "evil.example" not in r.headers.get("location", ""), r.headers
            _error(r, 404, "not_found")


async def test_a_foreign_host_is_refused_so_dns_rebinding_reaches_nothing(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    port = stack.env["WAGATE_PORT"]
    # a page on evil.example whose name now resolves to 127.0.0.1 sends its own Host
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", ""):
        for path in ("/api/whatsapp/tenants", "/console"):
            r = await client.get(
                f"http://127.0.0.1:{port}{path}", headers={**stack.admin(), "Host": host}
            )
            _error(r, 400, "host_not_allowed")
    upgrade = {
        "Host": "evil.example",
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    }
    token = stack.token(stack.new_tenant())
    r = await client.get(f"{stack.api}/events?token={token}", headers=upgrade)
    assert r.status_code == 403, r.text  # the socket is refused before it opens
    r = await client.get(
        f"{stack.api}/events?token={token}", headers={**upgrade, "Host": "localhost"}
    )
    assert r.status_code == 101, r.text
    # the names it serves, with any port; probes by address still see readiness
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "LOCALHOST"):
        r = await client.get(f"{stack.api}/tenants", headers={**stack.admin(), "Host": host})
        assert r.status_code == 200, (host, r.text)
    r = await client.get(f"http://127.0.0.1:{port}/readyz", headers={"Host": "10.1.2.3:3000"})
    assert r.status_code == 200, r.text
    async with stack.extra_gateway(WAGATE_ALLOWED_HOSTS="api.example.com,*.corp.test") as other:
        for host, status in (
            ("api.example.com", 200),
            ("a.corp.test:443", 200),
            ("corp.test", 400),
            ("127.0.0.1", 400),
        ):
            r = await client.get(f"{other.api}/tenants", headers={**stack.admin(), "Host": host})
            assert r.status_code == status, (host, r.text)


# ---- 9. browsers from other sites cannot open the event socket ------------------------------


async def test_the_event_socket_refuses_foreign_origins(stack: Stack) -> None:
    token = stack.token(stack.new_tenant())
    url = f"{stack.ws_url}?token={token}"
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(url, origin="https://evil.example"):  # type: ignore[arg-type]
            pass
    assert refused.value.response.status_code == 403
    own = f"http://127.0.0.1:{stack.env['WAGATE_PORT']}"
    for origin in (None, own):
        async with websockets.connect(url, origin=origin) as ws:  # type: ignore[arg-type]
            await _subscribed(ws)
    async with stack.extra_gateway(WAGATE_WS_ALLOWED_ORIGINS="https://app.example") as other:
        url = f"{other.ws_url}?token={token}"
        async with websockets.connect(url, origin="https://app.example") as ws:  # type: ignore[arg-type]
            await _subscribed(ws)
        with pytest.raises(InvalidStatus):
            async with websockets.connect(url, origin="https://evil.example"):  # type: ignore[arg-type]
                pass


# ---- 10. a manage key mints nothing stronger than itself ------------------------------------


async def test_a_key_may_only_mint_keys_within_its_own_scopes(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    manager = await stack.api_key(client, tenant, "manage", "read")
    url = f"{stack.api}/tenants/{tenant}/api-keys"
    r = await client.post(
        url, headers={"X-API-Key": manager}, json={"name": "x", "scopes": ["send"]}
    )
    _error(r, 403, "insufficient_scope")
    r = await client.post(
        url, headers={"X-API-Key": manager}, json={"name": "x", "scopes": ["read", "manage"]}
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        url, headers=stack.auth(tenant), json={"name": "x", "scopes": ["send", "read", "manage"]}
    )
    assert r.status_code == 201, r.text


# ---- 11. token times are numbers, and lifetimes are bounded ---------------------------------


async def test_token_times_must_be_numbers_within_the_maximum_lifetime(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    now = int(time.time())
    base = {
        "sub": "company:acme",
        "role": "tenant",
        "companyId": "acme",
        "iss": "wagate",
        "aud": "wagate",
        "iat": now,
        "exp": now + 600,
    }
    for claims in (
        {**base, "exp": str(now + 600)},
        {**base, "iat": str(now)},
        {**base, "nbf": str(now)},
        {**base, "exp": now + 400 * 24 * 3600},
        {k: v for k, v in base.items() if k != "iat"},
    ):
        token = jwt.encode(claims, stack.settings.jwt_secret, algorithm="HS256")
        r = await client.get(f"{stack.api}/sessions", headers={"Authorization": f"Bearer {token}"})
        _error(r, 401, "token_invalid")
    infinite = jwt.api_jws.encode(
        b'{"sub":"a","role":"tenant","companyId":"acme","iss":"wagate","aud":"wagate",'
        b'"iat":1,"exp":1e400}',
        stack.settings.jwt_secret,
        algorithm="HS256",
    )
    r = await client.get(f"{stack.api}/sessions", headers={"Authorization": f"Bearer {infinite}"})
    _error(r, 401, "token_invalid")


# ---- issue 14, 6: a slow reader of large events is closed by bytes -------------------------


async def test_a_slow_reader_of_large_events_is_closed_with_1013_and_resumes(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    stream = BusKeys(stack.env["WAGATE_REDIS_PREFIX"]).events(tenant)
    redis = Redis.from_url(stack.env["REDIS_URL"])
    big = "x" * 500_000
    try:
        async with stack.extra_gateway(WAGATE_WS_MAX_QUEUED_BYTES=str(1024 * 1024)) as other:
            url = f"{other.ws_url}?token={stack.token(tenant)}"
            # max_queue=1: the client library stops reading the socket while we do not
            async with websockets.connect(url, max_queue=1, max_size=2**24) as ws:
                await _subscribed(ws)
                for n in range(40):  # 20 MB, far below the 10,000 events the count allows
                    event = Event(EventType.MESSAGE, tenant, {"n": n, "text": big})
                    await redis.xadd(stream, event.to_fields())  # type: ignore[arg-type]
                log = other.logs / "gateway.log"
                deadline = time.monotonic() + 20
                while f"event subscriber of {stream} cut off" not in log.read_text():
                    assert time.monotonic() < deadline, "the slow reader was never cut off"
                    await asyncio.sleep(0.05)
                got: list[dict[str, Any]] = []
                with pytest.raises(websockets.ConnectionClosed):
                    while True:
                        got.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
                assert ws.close_code == 1013
            assert len(got) < 40
            # resume after the last event received; none received (the cut-off can come
            # before the first one reaches the client): from the stream's start
            resumed = f"{url}&since={got[-1]['id'] if got else '0-0'}"
            async with websockets.connect(resumed, max_size=2**24) as ws:
                await _subscribed(ws)
                rest = [
                    json.loads(await asyncio.wait_for(ws.recv(), 10)) for _ in range(40 - len(got))
                ]
            assert [e["data"]["n"] for e in got + rest] == list(range(40))
    finally:
        await redis.delete(stream)
        await redis.aclose()
