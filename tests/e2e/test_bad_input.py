"""Bad input and wrong callers: each gets its status code and a stable `code`, as JSON,
and never a stack trace."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

import httpx
import jwt
import pytest

from devstack.stack import Stack


def _assert_error(r: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert r.status_code == status, r.text
    body: dict[str, object] = r.json()
    assert body["success"] is False
    assert body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in r.text
    return body


async def test_no_token(stack: Stack, client: httpx.AsyncClient) -> None:
    for method, path in [
        ("GET", "/sessions"),
        ("POST", "/sessions/962302/initialize"),
        ("POST", "/sessions/962302/send"),
        ("GET", "/sessions/962302/status"),
        ("GET", "/sessions/962302/health"),
        ("GET", "/metrics"),
        ("GET", "/metrics/prometheus"),
    ]:
        _assert_error(await client.request(method, stack.api + path), 401, "token_missing")


async def test_expired_and_forged_tokens(stack: Stack, client: httpx.AsyncClient) -> None:
    url = f"{stack.api}/sessions/962302/status"
    expired = stack.token("962302", ttl_s=-120)  # beyond the clock-skew leeway
    _assert_error(
        await client.get(url, headers={"Authorization": f"Bearer {expired}"}), 401, "token_expired"
    )

    now = int(time.time())
    claims = {
        "sub": "company:962302",
        "role": "tenant",
        "companyId": "962302",
        "iss": "wagate",
        "aud": "wagate",
        "iat": now,
        "exp": now + 60,
    }
    wrong_key = jwt.encode(claims, "another-secret-another-secret-0123", algorithm="HS256")
    unsigned = jwt.encode(claims, key=None, algorithm="none")
    wrong_audience = jwt.encode(
        {**claims, "aud": "someone-else"}, stack.settings.jwt_secret, algorithm="HS256"
    )
    for token in (wrong_key, unsigned, wrong_audience, "not-a-jwt"):
        _assert_error(
            await client.get(url, headers={"Authorization": f"Bearer {token}"}),
            401,
            "token_invalid",
        )


async def test_unknown_company(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()  # never initialized
    for path in ("status", "health"):
        r = await client.get(f"{stack.api}/sessions/{tenant}/{path}", headers=stack.auth(tenant))
        _assert_error(r, 404, "session_not_found")
    r = await client.post(
        f"{stack.api}/sessions/{tenant}/send",
        headers=stack.auth(tenant),
        json={"phone": "79001234567", "message": "hi"},
    )
    _assert_error(r, 404, "session_not_found")


async def test_other_tenants_session_looks_like_no_session(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    victim, intruder = stack.new_tenant(), stack.new_tenant()
    await client.post(f"{stack.api}/sessions/{victim}/initialize", headers=stack.auth(victim))
    for method, path, body in [
        ("GET", "status", None),
        ("GET", "health", None),
        ("POST", "initialize", None),
        ("POST", "send", {"phone": "79001234567", "message": "hi"}),
    ]:
        r = await client.request(
            method, f"{stack.api}/sessions/{victim}/{path}", headers=stack.auth(intruder), json=body
        )
        _assert_error(r, 404, "session_not_found")
    listed = (await client.get(f"{stack.api}/sessions", headers=stack.auth(intruder))).json()
    assert listed["sessions"] == [] and listed["total"] == 0


async def test_tenant_cannot_read_metrics(stack: Stack, client: httpx.AsyncClient) -> None:
    for path in ("/metrics", "/metrics/prometheus"):
        _assert_error(
            await client.get(stack.api + path, headers=stack.auth("962302")), 403, "admin_required"
        )


async def test_invalid_company_id(stack: Stack, client: httpx.AsyncClient) -> None:
    admin = {"Authorization": f"Bearer {stack.admin_token()}"}
    for bad in ("has.dot", "x" * 65, "semi;colon"):
        r = await client.get(f"{stack.api}/sessions/{bad}/status", headers=admin)
        _assert_error(r, 400, "invalid_company_id")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phone": "12ab5678", "message": "hi"}, "phone"),
        ({"phone": "123456", "message": "hi"}, "phone"),  # too short
        ({"phone": "1234567890123456", "message": "hi"}, "phone"),  # too long
        ({"phone": 79001234567, "message": "hi"}, "phone"),  # not a string
        ({"phone": "79001234567", "message": "x" * 5000}, "message"),
        ({"phone": "79001234567", "message": ""}, "message"),
        ({"phone": "79001234567"}, "message"),
        ({"phone": "79001234567", "message": "hi", "extra": 1}, "extra"),
    ],
)
async def test_send_body_validation(
    stack: Stack, client: httpx.AsyncClient, body: dict[str, object], field: str
) -> None:
    tenant = "962302"
    r = await client.post(
        f"{stack.api}/sessions/{tenant}/send", headers=stack.auth(tenant), json=body
    )
    error = _assert_error(r, 422, "validation_failed")
    assert field in str(error["error"])
    assert any(d["field"] == field for d in error["details"])  # type: ignore[attr-defined]


async def test_malformed_and_oversized_bodies(stack: Stack, client: httpx.AsyncClient) -> None:
    url = f"{stack.api}/sessions/962302/send"
    headers = {**stack.auth("962302"), "Content-Type": "application/json"}
    _assert_error(
        await client.post(url, headers=headers, content=b"{not json"), 400, "invalid_json"
    )
    _assert_error(await client.post(url, headers=headers, content=b"[1, 2]"), 400, "invalid_json")
    huge = b'{"phone": "79001234567", "message": "' + b"x" * 70_000 + b'"}'
    _assert_error(await client.post(url, headers=headers, content=huge), 413, "body_too_large")

    async def chunked():  # no Content-Length: the cap must hold while streaming too
        for _ in range(70):
            yield b" " * 1024

    _assert_error(await client.post(url, headers=headers, content=chunked()), 413, "body_too_large")

    async def crossing_in_the_last_chunk():  # the chunk that passes the cap ends the body
        yield b" " * (64 * 1024)
        yield b" " * 1024

    r = await client.post(url, headers=headers, content=crossing_in_the_last_chunk())
    _assert_error(r, 413, "body_too_large")


async def test_unknown_route_and_method(stack: Stack, client: httpx.AsyncClient) -> None:
    _assert_error(await client.get(f"{stack.api}/nope"), 404, "not_found")
    _assert_error(
        await client.delete(f"{stack.api}/sessions/962302/send", headers=stack.auth("962302")),
        405,
        "method_not_allowed",
    )


async def test_an_early_refusal_still_reaches_a_client_sending_slowly(stack: Stack) -> None:
    """A request refused before its body has arrived (no token here; a wrong scope or a
    rate limit alike) gets its answer, and its connection carries the next request,
    instead of being closed under a client that is still sending."""

    async def slow_body() -> AsyncIterator[bytes]:
        yield b'{"phone": "79001234567",'
        await asyncio.sleep(0.05)
        yield b' "message": "hi"}'

    async with httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=1)) as one:
        for _ in range(3):
            r = await one.post(
                f"{stack.api}/sessions/{stack.new_tenant()}/send",
                content=slow_body(),
                headers={"Content-Type": "application/json"},
            )
            assert (r.status_code, r.json()["code"]) == (401, "token_missing")
            listed = await one.get(f"{stack.api}/tenants", headers=stack.admin())
            assert listed.status_code == 200, listed.text


@pytest.mark.parametrize("text", ["a\x00b", "a\udb2eb"])
async def test_text_the_database_cannot_hold_is_refused_by_field(
    stack: Stack, client: httpx.AsyncClient, text: str
) -> None:
    """A NUL character or an unpaired surrogate is valid JSON but not storable text: a 422
    naming the field, never a 500 from the database."""
    tenant = stack.new_tenant()
    for path, body, field in [
        (f"/tenants/{tenant}/api-keys", {"name": text, "scopes": ["read"]}, "name"),
        ("/webhooks", {"url": "http://127.0.0.1:9/", "description": text}, "description"),
        (f"/sessions/{tenant}/send", {"phone": "79001234567", "message": text}, "message"),
    ]:
        r = await client.post(
            f"{stack.api}{path}",
            headers={**stack.auth(tenant), "Content-Type": "application/json"},
            content=json.dumps(body).encode(),  # escaped: a lone surrogate is valid JSON
        )
        assert r.status_code == 422, (path, r.text)
        assert [d["field"] for d in r.json()["details"]] == [field], r.text
