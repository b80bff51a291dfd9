"""Tenancy and security across the deployment's processes: API keys kept out of the
logs, disabled tenants stopped in the connector, rate limits across gateways and proxies,
secrets kept out of sight. Who may call what, the gateway's own refusals, per-tenant
limits and idempotency keys run in process (tests/gateway/test_inproc_access.py)."""

from __future__ import annotations

import asyncio
import json
import random

import asyncpg
import httpx
from redis.asyncio import Redis

from devstack.stack import Stack
from gateway.sign_in import create_code

# ---- API keys -----------------------------------------------------------------------------


async def test_api_key_is_shown_once_and_stored_as_a_hash(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    r = await client.post(
        f"{stack.api}/tenants/{tenant}/api-keys",
        headers=stack.auth(tenant),
        json={"name": "billing server", "scopes": ["send"]},
    )
    assert r.status_code == 201
    created = r.json()
    key = created["key"]
    assert key.startswith(created["apiKey"]["prefix"] + "_")

    friend = await stack.new_phone(client)
    for headers in ({"X-API-Key": key}, {"Authorization": f"Bearer {key}"}):
        sent = await client.post(
            f"{stack.api}/sessions/{tenant}/send",
            headers=headers,
            json={"phone": friend, "message": "via key"},
        )
        assert sent.status_code == 200, sent.text
        assert sent.json()["to"] == friend and number

    listed = (
        await client.get(f"{stack.api}/tenants/{tenant}/api-keys", headers=stack.auth(tenant))
    ).json()["apiKeys"]
    assert listed[0]["lastUsedAt"] is not None
    assert key not in json.dumps(listed) and "hash" not in listed[0]

    conn = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:
        stored = await conn.fetchrow(
            "SELECT * FROM api_keys WHERE prefix = $1", created["apiKey"]["prefix"]
        )
    finally:
        await conn.close()
    assert stored is not None and key.encode() not in bytes(stored["hash"])
    assert len(stored["hash"]) == 32  # HMAC-SHA256, not the key
    for part in (stack.log_tail("gateway", 10_000), stack.log_tail("connector", 10_000)):
        assert key not in part and stack.token(tenant)[:40] not in part


# ---- disabled tenants -----------------------------------------------------------------------


async def test_disabled_tenant_is_stopped_and_refused(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    key = await stack.api_key(client, tenant)
    r = await client.patch(
        f"{stack.api}/tenants/{tenant}", headers=stack.admin(), json={"disabled": True}
    )
    assert r.status_code == 200 and r.json()["tenant"]["disabled"] is True

    for headers in (stack.auth(tenant), {"X-API-Key": key}):
        r = await client.get(f"{stack.api}/sessions/{tenant}/status", headers=headers)
        assert (r.status_code, r.json()["code"]) == (403, "tenant_disabled")
    status = (
        await client.get(f"{stack.api}/sessions/{tenant}/status", headers=stack.admin())
    ).json()
    assert (status["status"], status["reason"]) == ("stopped", "tenant_disabled")
    r = await client.post(f"{stack.api}/sessions/{tenant}/initialize", headers=stack.admin())
    assert (r.status_code, r.json()["code"]) == (403, "tenant_disabled")

    await client.patch(
        f"{stack.api}/tenants/{tenant}", headers=stack.admin(), json={"disabled": False}
    )
    r = await client.post(f"{stack.api}/sessions/{tenant}/initialize", headers=stack.auth(tenant))
    assert r.status_code == 200
    back = await stack.wait_status(client, tenant, "connected")  # credentials were kept
    assert back["phone"] == number


# ---- rate limits ------------------------------------------------------------------------------


async def test_two_gateways_hold_30_sends_a_minute_together(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    async with stack.extra_gateway() as second:
        tenant = stack.new_tenant()
        await stack.connect_session(client, tenant)
        friend = await stack.new_phone(client)

        async def send(api: str, i: int) -> httpx.Response:
            return await client.post(
                f"{api}/sessions/{tenant}/send",
                headers=stack.auth(tenant),
                json={"phone": friend, "message": f"n{i}"},
            )

        responses = await asyncio.gather(
            *(send(stack.api if i % 2 else second.api, i) for i in range(40))
        )
        codes = [r.status_code for r in responses]
        assert codes.count(200) == 30 and codes.count(429) == 10, codes
        refused = next(r for r in responses if r.status_code == 429)
        assert refused.json()["code"] == "rate_limited"
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert refused.headers["X-RateLimit-Limit"] == "30"
        assert refused.headers["X-RateLimit-Remaining"] == "0"
        inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
        assert len(inbox) == 30


async def test_auth_failures_are_limited_per_address(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    prefix = stack.env["WAGATE_REDIS_PREFIX"] + "-strict"
    async with stack.extra_gateway(
        WAGATE_AUTH_FAILURES_PER_MINUTE="5", WAGATE_REDIS_PREFIX=prefix
    ) as strict:
        codes = []
        for _ in range(7):
            r = await client.get(
                f"{strict.api}/sessions", headers={"Authorization": "Bearer nonsense"}
            )
            codes.append(r.json()["code"])
        # the readiness probe's own unauthenticated call counted as no failure
        assert codes == ["token_invalid"] * 5 + ["too_many_auth_failures"] * 2


async def test_a_locked_out_address_learns_nothing_from_a_send(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    """Past the failure limit, a send with the tenant's right token is refused like any
    other, whatever its body or Idempotency-Key, and sends nothing; other addresses and
    the same token elsewhere are not affected."""
    tenant = stack.new_tenant()
    await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    # the deployment's bus (its prefix), so addresses of this test's own
    noisy, other = f"203.0.113.{random.randrange(256)}", f"198.51.100.{random.randrange(256)}"
    async with stack.extra_gateway(
        WAGATE_AUTH_FAILURES_PER_MINUTE="2", WAGATE_TRUSTED_PROXY_HOPS="1"
    ) as strict:
        url = f"{strict.api}/sessions/{tenant}/send"

        async def send(address: str, body: object, **headers: str) -> str:
            r = await client.post(
                url,
                headers={**stack.auth(tenant), "X-Forwarded-For": address, **headers},
                json=body,
            )
            return "ok" if r.status_code == 200 else str(r.json()["code"])

        good = {"phone": friend, "message": "hello"}
        assert await send(noisy, good) == "ok"
        for _ in range(2):
            r = await client.get(
                f"{strict.api}/sessions",
                headers={"Authorization": "Bearer nonsense", "X-Forwarded-For": noisy},
            )
            assert r.json()["code"] == "token_invalid"
        refused = [
            await send(noisy, good),
            await send(noisy, {"phone": friend}),  # no message: invalid body
            await send(noisy, good, **{"Idempotency-Key": "k-1"}),
        ]
        assert refused == ["too_many_auth_failures"] * 3
        assert await send(other, good) == "ok"
    inbox = (await client.get(f"{stack.sim}/phones/{friend}/messages")).json()["messages"]
    assert len(inbox) == 2


async def test_behind_trusted_proxies_failures_count_per_forwarded_address(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    """With WAGATE_TRUSTED_PROXY_HOPS=1 the client is the last X-Forwarded-For entry, so
    one noisy client behind the proxy does not lock out the others; without it the header
    is ignored, so a client cannot dodge the limit by writing one."""

    async def codes(api: str, forwarded_for: list[str]) -> list[str]:
        out = []
        for address in forwarded_for:
            r = await client.get(
                f"{api}/sessions",
                headers={"Authorization": "Bearer nonsense", "X-Forwarded-For": address},
            )
            out.append(r.json()["code"])
        return out

    noisy, other = ["203.0.113.7"] * 3, ["198.51.100.1, 203.0.113.9"]
    base = stack.env["WAGATE_REDIS_PREFIX"]
    async with stack.extra_gateway(
        WAGATE_AUTH_FAILURES_PER_MINUTE="2",
        WAGATE_TRUSTED_PROXY_HOPS="1",
        WAGATE_REDIS_PREFIX=base + "-proxied",
    ) as proxied:
        assert await codes(proxied.api, noisy + other) == [
            *["token_invalid"] * 2,
            "too_many_auth_failures",
            "token_invalid",  # 203.0.113.9, as the trusted proxy saw it
        ]
    async with stack.extra_gateway(
        WAGATE_AUTH_FAILURES_PER_MINUTE="2", WAGATE_REDIS_PREFIX=base + "-direct"
    ) as direct:
        assert await codes(direct.api, noisy + other) == [
            *["token_invalid"] * 2,
            *["too_many_auth_failures"] * 2,  # all one address: the socket's
        ]


# ---- secrets at rest ----------------------------------------------------------------------------


async def test_whatsapp_credentials_are_sealed_at_rest(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    tenant = stack.new_tenant()
    await stack.connect_session(client, tenant)
    conn = await asyncpg.connect(stack.env["DATABASE_URL"])
    try:
        row = await conn.fetchrow(
            "SELECT sealed, credentials FROM session_credentials WHERE tenant_id = $1", tenant
        )
    finally:
        await conn.close()
    assert row is not None and row["credentials"] is None
    assert row["sealed"].startswith("gAAAA")  # a Fernet token
    assert "secret" not in row["sealed"] and "device_id" not in row["sealed"]


async def test_guessing_console_sign_in_codes_is_limited_per_address(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    prefix = stack.env["WAGATE_REDIS_PREFIX"] + "-signin"
    async with stack.extra_gateway(
        WAGATE_AUTH_FAILURES_PER_MINUTE="3", WAGATE_REDIS_PREFIX=prefix
    ) as strict:
        sign_in = f"http://127.0.0.1:{strict.env['WAGATE_PORT']}/console/sign-in"
        redis = Redis.from_url(stack.env["REDIS_URL"])
        try:
            code = await create_code(redis, prefix, 60)
        finally:
            await redis.aclose()
        codes = []
        for guess in ("a", "b", "c", "d", code):
            r = await client.post(sign_in, json={"code": guess})
            codes.append(r.json()["code"])
        # locked out, even the right code is refused (and not spent)
        assert codes == ["sign_in_code_invalid"] * 3 + ["too_many_auth_failures"] * 2
    # bodies that are no code at all are told so, never a 500
    sign_in = f"http://127.0.0.1:{stack.env['WAGATE_PORT']}/console/sign-in"
    for body, status, code in (
        (b"{not json", 400, "invalid_json"),
        (b'{"code": 7}', 422, "validation_failed"),
        (json.dumps({"code": "x" * 129}).encode(), 422, "validation_failed"),
        (b'{"code": "abc", "admin": true}', 422, "validation_failed"),
    ):
        r = await client.post(sign_in, content=body)
        assert (r.status_code, r.json()["code"]) == (status, code), r.text
