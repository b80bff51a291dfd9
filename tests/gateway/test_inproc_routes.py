"""The gateway's routes in process (tests/inproc.py): validation, tenant scoping, the
mapping of a connector's or an engine's error to its status and code, and every response
held to openapi.yaml. A request costs milliseconds: no connector process, no sim network,
no socket between the gateway and the connector. The contract test's sections that need
no sim network (tokens, scoping, bad input, tenants and API keys) run here as they are."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from connector.engine import EngineError
from tests.gateway.test_openapi_contract import (
    BODIES,
    HEALTH,
    INITIALIZE,
    JSON,
    LOGOUT,
    PAIRING_CODE,
    SEND,
    STATUS,
    Api,
    Contract,
    _before_initialize,
    _restart_and_delete,
    _scoping_and_bad_input,
    _tenants_and_api_keys,
    _unauthenticated,
    load_spec,
)
from tests.inproc import Gateway

FRIEND = "79005550123"


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract(load_spec())


@pytest.fixture
def api(gw: Gateway, contract: Contract) -> Api:
    return Api(contract, gw.client, gw.api)


async def test_every_route_but_the_open_ones_wants_a_token(
    api: Api, gw: Gateway, tenant: str
) -> None:
    await _unauthenticated(api, gw, tenant)
    assert gw.bus.commands == []  # refused before anything reached the connector


async def test_no_session_yet_is_not_found(api: Api, gw: Gateway, tenant: str) -> None:
    await _before_initialize(api, gw, tenant)


async def test_a_connected_session_reads_sends_and_logs_out(
    api: Api, gw: Gateway, tenant: str
) -> None:
    token = gw.token(tenant)
    started = await api.expect(200, "POST", INITIALIZE, tenant=tenant, token=token)
    assert started["status"] == "qr" and started["qr"], started
    await gw.connect(tenant, phone="79001230001")

    status = await api.expect(200, "GET", STATUS, tenant=tenant, token=token)
    assert (status["status"], status["phone"]) == ("connected", "79001230001"), status
    health = await api.expect(200, "GET", HEALTH, tenant=tenant, token=token)
    assert health["healthy"] is True, health
    text = {"phone": "+" + FRIEND, "message": "Hello in process"}
    sent = await api.expect(200, "POST", SEND, tenant=tenant, token=token, json=text)
    engine = gw.engine_of(tenant)
    assert [(to, body) for to, body, _, _ in engine.sent] == [(FRIEND, "Hello in process")]
    assert (sent["to"], sent["messageId"]) == (FRIEND, engine.sent[0][2]), sent
    await api.expect(
        409,
        "POST",
        PAIRING_CODE,
        tenant=tenant,
        token=token,
        json={"phone": FRIEND},
        code="not_pairing",
    )

    out = await api.expect(200, "POST", LOGOUT, tenant=tenant, token=token)
    assert (out["status"], out["reason"]) == ("logged_out", "logged_out_by_request"), out
    assert engine.logged_out
    await _restart_and_delete(api, gw, tenant)


async def test_a_session_waiting_for_its_scan(api: Api, gw: Gateway, tenant: str) -> None:
    token = gw.token(tenant)
    await api.expect(200, "POST", INITIALIZE, tenant=tenant, token=token)
    unhealthy = await api.expect(
        503, "GET", HEALTH, tenant=tenant, token=token, code="session_unhealthy"
    )
    assert (unhealthy["healthy"], unhealthy["problem"]) == (False, "session is qr"), unhealthy
    await api.expect(
        409,
        "POST",
        SEND,
        tenant=tenant,
        token=token,
        json=BODIES["POST", SEND],
        code="session_not_connected",
    )
    paired = await api.expect(
        200, "POST", PAIRING_CODE, tenant=tenant, token=token, json={"phone": "+" + FRIEND}
    )
    assert (paired["status"], paired["pairingCode"]) == ("qr", "CODE-0123"), paired
    again = await api.expect(200, "POST", INITIALIZE, tenant=tenant, token=token)
    assert again["status"] == "qr" and len(gw.core.kind.engines) == 1, again  # reused


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (EngineError("not_on_whatsapp", "no such account"), 422),
        (EngineError("rate_overlimit", "slow down", retry_after_s=2.5), 429),
        (EngineError("session_not_connected", "the socket dropped"), 409),
    ],
)
async def test_an_engines_refusal_is_its_code_and_status(
    api: Api, gw: Gateway, error: EngineError, status: int, tenant: str
) -> None:
    token = gw.token(tenant)
    await gw.connect(tenant)
    gw.engine_of(tenant).send_error = error
    r, body = await api.response(
        status, "POST", SEND, tenant=tenant, token=token, json=BODIES["POST", SEND], code=error.code
    )
    assert body["error"] == error.message, body
    if error.retry_after_s is not None:
        assert r.headers["Retry-After"] == "3", r.headers  # whole seconds, rounded up


async def test_a_failed_health_check_is_503_with_its_problem(
    api: Api, gw: Gateway, tenant: str
) -> None:
    await gw.connect(tenant)
    gw.engine_of(tenant).ping_error = EngineError("ping_timeout", "no pong")
    body = await api.expect(
        503, "GET", HEALTH, tenant=tenant, token=gw.token(tenant), code="session_unhealthy"
    )
    assert body["healthy"] is False, body


async def test_another_tenants_session_looks_like_none(
    api: Api, gw: Gateway, tenant: str, other: str
) -> None:
    await gw.connect(other)
    await _scoping_and_bad_input(api, gw, tenant, other)
    assert gw.engine_of(other).sent == [] and not gw.engine_of(other).logged_out

    token, admin = gw.token(tenant), gw.admin_token()
    mine = await api.expect(200, "GET", "/sessions", token=token)
    assert mine["sessions"] == [] and mine["total"] == 0
    everyone = await api.expect(200, "GET", "/sessions", token=admin)
    assert [s["companyId"] for s in everyone["sessions"]] == [other]
    for template in ("/metrics", "/metrics/prometheus"):
        await api.expect(403, "GET", template, token=token, code="admin_required")
    await api.expect(200, "GET", "/metrics", token=admin)


@pytest.mark.parametrize(
    ("template", "body", "field"),
    [
        (SEND, {"phone": "12ab5678", "message": "hi"}, "phone"),
        (SEND, {"phone": "123456", "message": "hi"}, "phone"),  # too short
        (SEND, {"phone": "1234567890123456", "message": "hi"}, "phone"),  # too long
        (SEND, {"phone": 79001234567, "message": "hi"}, "phone"),  # not a string
        (SEND, {"phone": "79001234567", "message": "x" * 5000}, "message"),
        (SEND, {"phone": "79001234567", "message": ""}, "message"),
        (SEND, {"phone": "79001234567"}, "message"),
        (SEND, {"phone": "79001234567", "message": "hi", "extra": 1}, "extra"),
        (PAIRING_CODE, {"phone": "123"}, "phone"),
        (PAIRING_CODE, {}, "phone"),
        (PAIRING_CODE, {"phone": "79001234567", "extra": 1}, "extra"),
    ],
)
async def test_an_invalid_body_names_its_field(
    api: Api, gw: Gateway, template: str, body: dict[str, Any], field: str, tenant: str
) -> None:
    error = await api.expect(
        422,
        "POST",
        template,
        tenant=tenant,
        token=gw.token(tenant),
        json=body,
        code="validation_failed",
    )
    assert field in error["error"], error
    assert any(d["field"] == field for d in error["details"]), error
    assert gw.bus.commands == []


async def test_a_streamed_body_past_the_cap_is_refused(api: Api, gw: Gateway, tenant: str) -> None:
    """No Content-Length: the cap holds while the body streams in, the chunk that passes
    it included (a body too large by its length, and invalid JSON, are the contract
    section's, in test_another_tenants_session_looks_like_none)."""
    token, as_json = gw.token(tenant), {"Content-Type": JSON}

    async def chunked() -> AsyncIterator[bytes]:
        for _ in range(70):
            yield b" " * 1024

    async def crossing_in_the_last_chunk() -> AsyncIterator[bytes]:
        yield b" " * (64 * 1024)
        yield b" " * 1024

    for template in (SEND, PAIRING_CODE):
        for body in (chunked(), crossing_in_the_last_chunk()):
            await api.expect(
                413,
                "POST",
                template,
                tenant=tenant,
                token=token,
                headers=as_json,
                content=body,
                code="body_too_large",
            )
    assert gw.bus.commands == []


async def test_tenants_and_api_keys(api: Api, gw: Gateway) -> None:
    """Tenants (admin), API keys (the tenant), scopes, revocation, disabling, send limits."""
    await _tenants_and_api_keys(api, gw, gw.client)
