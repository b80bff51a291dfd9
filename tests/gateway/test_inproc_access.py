"""Who may call what, and what the gateway refuses before it asks the connector, in
process (tests/inproc.py): tokens, API keys and their scopes, operators' routes, tenant
scoping, malformed requests, rate limits and idempotency keys. Each refusal is a status
with a stable `code`, as JSON, and never a stack trace."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime
from typing import Any

import asyncpg
import httpx
import jwt
import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.inproc import Gateway
from wagate.tables import message_log

FRIEND = "79005550123"
SEND_BODY = {"phone": FRIEND, "message": "hi"}


def _assert_error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert (body["success"], body["code"]) == (False, code), body
    assert isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body


# ---- the access matrix ------------------------------------------------------------------

Expect = tuple[int, str] | None  # None: let through (the route's own answer follows)

ROUTES: list[tuple[str, str, str, dict[str, Any] | None]] = [
    # (name, method, path under /api/whatsapp, body); {A} is the victim company
    ("status", "GET", "/sessions/{A}/status", None),
    ("health", "GET", "/sessions/{A}/health", None),
    ("send", "POST", "/sessions/{A}/send", SEND_BODY),
    ("initialize", "POST", "/sessions/{A}/initialize", None),
    ("tenant", "GET", "/tenants/{A}", None),
    ("api-keys", "GET", "/tenants/{A}/api-keys", None),
]
NEEDS = {
    "status": "read",
    "health": "read",
    "tenant": "read",
    "send": "send",
    "initialize": "manage",
    "api-keys": "manage",
}


def _expected(identity: str, route: str) -> Expect:
    fixed: dict[str, Expect] = {
        "no auth": (401, "token_missing"),
        "expired": (401, "token_expired"),
        "wrong audience": (401, "token_invalid"),
        "other tenant's token": (404, "session_not_found"),
        "other tenant's API key": (404, "session_not_found"),
        "revoked key": (401, "api_key_revoked"),
        "admin": None,
        "own token": None,
        "own key": None,
    }
    if identity == "read-only key":
        return None if NEEDS[route] == "read" else (403, "insufficient_scope")
    return fixed[identity]


def _claims(tenant: str, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "sub": f"company:{tenant}",
        "role": "tenant",
        "companyId": tenant,
        "iss": "wagate",
        "aud": "wagate",
        "iat": now,
        "exp": now + 600,
    }
    return {**claims, **changes}


async def _identities(gw: Gateway, a: str, b: str) -> dict[str, dict[str, str]]:
    wrong_aud = jwt.encode(_claims(a, aud="not-wagate"), gw.settings.jwt_secret, algorithm="HS256")
    revoked = await gw.api_key(gw.client, a)
    keys = (await gw.client.get(f"/tenants/{a}/api-keys", headers=gw.admin())).json()
    revoked_id = next(k["id"] for k in keys["apiKeys"] if revoked.startswith(k["prefix"]))
    r = await gw.client.delete(f"/tenants/{a}/api-keys/{revoked_id}", headers=gw.admin())
    assert r.status_code == 200, r.text
    return {
        "no auth": {},
        "expired": {"Authorization": f"Bearer {gw.token(a, ttl_s=-120)}"},
        "wrong audience": {"Authorization": f"Bearer {wrong_aud}"},
        "other tenant's token": gw.auth(b),
        "other tenant's API key": {"X-API-Key": await gw.api_key(gw.client, b)},
        "revoked key": {"X-API-Key": revoked},
        "read-only key": {"Authorization": f"Bearer {await gw.api_key(gw.client, a, 'read')}"},
        "admin": gw.admin(),
        "own token": gw.auth(a),
        "own key": {"X-API-Key": await gw.api_key(gw.client, a)},
    }


async def test_access_matrix(gw: Gateway, tenant: str, other: str) -> None:
    await gw.client.post(f"/sessions/{tenant}/initialize", headers=gw.auth(tenant))
    failures = []
    for identity, headers in (await _identities(gw, tenant, other)).items():
        for route, method, path, body in ROUTES:
            r = await gw.client.request(method, path.format(A=tenant), headers=headers, json=body)
            expected = _expected(identity, route)
            got = (r.status_code, r.json().get("code"))
            if expected is None:
                if r.status_code in (401, 403) or got[1] == "session_not_found":
                    failures.append(f"{identity} × {route}: refused with {got}")
            elif got != expected:
                failures.append(f"{identity} × {route}: {got}, expected {expected}")
    assert not failures, "\n".join(failures)


async def test_admin_only_routes(gw: Gateway, tenant: str) -> None:
    key = await gw.api_key(gw.client, tenant)
    for method, path, body in [
        ("GET", "/tenants", None),
        ("POST", "/tenants", {"companyId": gw.new_tenant()}),
        ("PATCH", f"/tenants/{tenant}", {"disabled": True}),
        ("GET", "/metrics", None),
        ("GET", "/metrics/prometheus", None),
    ]:
        for headers in (gw.auth(tenant), {"X-API-Key": key}):
            r = await gw.client.request(method, path, headers=headers, json=body)
            _assert_error(r, 403, "admin_required")


# ---- credentials --------------------------------------------------------------------------


async def test_no_token(gw: Gateway) -> None:
    for method, path in [
        ("GET", "/sessions"),
        ("POST", "/sessions/962302/initialize"),
        ("POST", "/sessions/962302/send"),
        ("GET", "/sessions/962302/status"),
        ("GET", "/sessions/962302/health"),
        ("GET", "/metrics"),
        ("GET", "/metrics/prometheus"),
    ]:
        _assert_error(await gw.client.request(method, path), 401, "token_missing")
    assert gw.bus.commands == []


async def test_expired_forged_and_oversized_tokens(gw: Gateway, tenant: str) -> None:
    url = f"/sessions/{tenant}/status"
    expired = gw.token(tenant, ttl_s=-120)  # beyond the clock-skew leeway
    r = await gw.client.get(url, headers={"Authorization": f"Bearer {expired}"})
    _assert_error(r, 401, "token_expired")
    wrong_key = jwt.encode(_claims(tenant), "another-secret-another-secret-0123", algorithm="HS256")
    unsigned = jwt.encode(_claims(tenant), key=None, algorithm="none")
    for token in (wrong_key, unsigned, "not-a-jwt"):
        r = await gw.client.get(url, headers={"Authorization": f"Bearer {token}"})
        _assert_error(r, 401, "token_invalid")
    huge = {"Authorization": "Bearer " + "e" * 5000}
    for method, route in [("GET", "status"), ("POST", "send"), ("POST", "initialize")]:
        r = await gw.client.request(method, f"/sessions/x/{route}", headers=huge)
        assert r.status_code == 401 and "Traceback" not in r.text and 'File "' not in r.text
    assert gw.bus.commands == []


async def test_bad_api_key_bodies_and_forged_keys(gw: Gateway, tenant: str) -> None:
    url = f"/tenants/{tenant}/api-keys"
    for body in (
        {"name": "x", "scopes": ["admin"]},
        {"name": "x", "scopes": []},
        {"name": "", "scopes": ["send"]},
        {"name": "x", "scopes": ["send"], "y": 1},
    ):
        _assert_error(
            await gw.client.post(url, headers=gw.auth(tenant), json=body), 422, "validation_failed"
        )
    forged = "wg_0123456789ab_" + "A" * 43
    r = await gw.client.get("/sessions", headers={"X-API-Key": forged})
    _assert_error(r, 401, "api_key_invalid")


# ---- malformed requests -------------------------------------------------------------------


async def test_invalid_company_id(gw: Gateway) -> None:
    for bad in ("has.dot", "x" * 65, "semi;colon"):
        r = await gw.client.get(f"/sessions/{bad}/status", headers=gw.admin())
        _assert_error(r, 400, "invalid_company_id")


async def test_unknown_route_and_method(gw: Gateway) -> None:
    _assert_error(await gw.client.get("/nope"), 404, "not_found")
    r = await gw.client.delete("/sessions/962302/send", headers=gw.auth("962302"))
    _assert_error(r, 405, "method_not_allowed")


async def test_phone_numbers_are_checked_by_country(gw: Gateway, tenant: str) -> None:
    url = f"/sessions/{tenant}/send"
    no_country = {"phone": "99912345678", "message": "x"}  # no country 999
    error = _assert_error(
        await gw.client.post(url, headers=gw.auth(tenant), json=no_country),
        422,
        "validation_failed",
    )
    assert "phone" in error["error"], error
    spaced = {"phone": "+7 900 123", "message": "x"}
    error = _assert_error(
        await gw.client.post(url, headers=gw.auth(tenant), json=spaced), 422, "validation_failed"
    )
    assert error["details"][0]["field"] == "phone", error


@pytest.mark.parametrize("text", ["a\x00b", "a\udb2eb"])
async def test_text_the_database_cannot_hold_is_refused_by_field(
    gw: Gateway, tenant: str, text: str
) -> None:
    """A NUL character or an unpaired surrogate is valid JSON but not storable text: a 422
    naming the field, never a 500 from the database."""
    for path, body, field in [
        (f"/tenants/{tenant}/api-keys", {"name": text, "scopes": ["read"]}, "name"),
        ("/webhooks", {"url": "http://127.0.0.1:9/", "description": text}, "description"),
        (f"/sessions/{tenant}/send", {"phone": "79001234567", "message": text}, "message"),
    ]:
        r = await gw.client.post(
            path,
            headers={**gw.auth(tenant), "Content-Type": "application/json"},
            content=json.dumps(body).encode(),  # escaped: a lone surrogate is valid JSON
        )
        error = _assert_error(r, 422, "validation_failed")
        assert [d["field"] for d in error["details"]] == [field], error


# ---- limits and retries -------------------------------------------------------------------


async def test_per_tenant_rate_override(gw: Gateway, tenant: str) -> None:
    r = await gw.client.post(
        "/tenants", headers=gw.admin(), json={"companyId": tenant, "sendRatePerMinute": 3}
    )
    assert r.status_code == 201, r.text
    await gw.connect(tenant)
    responses = [
        await gw.client.post(
            f"/sessions/{tenant}/send", headers=gw.auth(tenant), json={**SEND_BODY, "message": m}
        )
        for m in "abcde"
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 429, 429]
    refused = _assert_error(responses[-1], 429, "rate_limited")
    assert responses[-1].headers["X-RateLimit-Limit"] == "3", refused
    assert [text for _, text, _, _ in gw.engine_of(tenant).sent] == ["a", "b", "c"]


async def test_idempotency_keys_are_per_tenant(gw: Gateway, tenant: str, other: str) -> None:
    await gw.connect(tenant)
    await gw.connect(other)
    for company in (tenant, other):
        r = await gw.client.post(
            f"/sessions/{company}/send",
            json=SEND_BODY,
            headers={**gw.auth(company), "Idempotency-Key": "k1"},
        )
        assert r.status_code == 200 and "Idempotency-Replayed" not in r.headers, r.text
    assert len(gw.engine_of(tenant).sent) == len(gw.engine_of(other).sent) == 1


async def test_twenty_concurrent_retries_send_once(gw: Gateway, tenant: str) -> None:
    await gw.connect(tenant)
    headers = {**gw.auth(tenant), "Idempotency-Key": "order-4711"}
    url = f"/sessions/{tenant}/send"
    responses = await asyncio.gather(
        *(gw.client.post(url, headers=headers, json=SEND_BODY) for _ in range(20))
    )
    assert [r.status_code for r in responses] == [200] * 20
    assert len({r.json()["messageId"] for r in responses}) == 1
    assert sum(r.headers.get("Idempotency-Replayed") == "true" for r in responses) == 19
    assert [text for _, text, _, _ in gw.engine_of(tenant).sent] == [SEND_BODY["message"]]
    changed = {**SEND_BODY, "message": "something else"}
    r = await gw.client.post(url, headers=headers, json=changed)
    _assert_error(r, 422, "idempotency_key_reused")
    bad_key = {**gw.auth(tenant), "Idempotency-Key": "x" * 300}
    r = await gw.client.post(url, headers=bad_key, json=SEND_BODY)
    _assert_error(r, 400, "invalid_idempotency_key")


async def _redis_away(*_: object) -> None:
    raise RedisConnectionError("Redis went away")


async def test_a_rate_limit_refusal_is_a_429_even_when_its_key_cannot_be_freed(
    gw: Gateway, tenant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = await gw.client.post(
        "/tenants", headers=gw.admin(), json={"companyId": tenant, "sendRatePerMinute": 1}
    )
    assert r.status_code == 201, r.text
    await gw.connect(tenant)
    url = f"/sessions/{tenant}/send"
    assert (await gw.client.post(url, headers=gw.auth(tenant), json=SEND_BODY)).status_code == 200
    monkeypatch.setattr(gw.services.idempotency, "abandon", _redis_away)
    r = await gw.client.post(
        url, headers={**gw.auth(tenant), "Idempotency-Key": "k"}, json=SEND_BODY
    )
    _assert_error(r, 429, "rate_limited")


async def test_a_retry_answered_from_the_message_log_needs_no_redis_to_record_it(
    gw: Gateway, tenant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redis failing as the first answer is recorded leaves the key pending; the retry
    learns the outcome from the message log and must answer it, recorded or not."""
    r = await gw.client.post("/tenants", headers=gw.admin(), json={"companyId": tenant})
    assert r.status_code == 201, r.text
    await gw.connect(tenant)
    monkeypatch.setattr(gw.services.idempotency, "finish", _redis_away)
    headers = {**gw.auth(tenant), "Idempotency-Key": "order-1"}
    first = await gw.client.post(f"/sessions/{tenant}/send", headers=headers, json=SEND_BODY)
    assert first.status_code == 200, first.text
    # the message log as the connector's store leaves it (the fake connector keeps its
    # log in memory; the gateway reads PostgreSQL's)
    sent_id, sent_at = first.json()["messageId"], datetime.fromisoformat(first.json()["timestamp"])
    db = await asyncpg.connect(gw.settings.database_url)
    try:
        command_id = gw.bus.commands[-1].id
        await message_log.claim_send(db, tenant, command_id, FRIEND, sent_id)
        await message_log.finish_send(db, command_id, sent_id, sent_at)
    finally:
        await db.close()
    again = await gw.client.post(f"/sessions/{tenant}/send", headers=headers, json=SEND_BODY)
    assert again.status_code == 200, again.text
    assert again.headers.get("Idempotency-Replayed") == "true"
    assert again.json()["messageId"] == first.json()["messageId"]
    assert len(gw.engine_of(tenant).sent) == 1
