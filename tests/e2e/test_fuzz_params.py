"""Fuzzing beyond bodies: every query and path parameter, and the event WebSocket's query,
with extreme values (huge integers, far-off times with offsets, control characters, very
long strings), as a tenant, an operator and an API key. The property: no answer is a 500,
and the gateway logs no traceback."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import websockets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devstack.stack import Stack

_huge_ints = st.integers(min_value=-(2**200), max_value=2**200).map(str)
_times = st.builds(
    lambda y, mo, d, h, off: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:59:59{off}",
    st.sampled_from([1, 2, 1969, 1970, 2025, 9998, 9999]),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.sampled_from(["", "Z", "+14:00", "-14:00", "+23:59", "-23:59", "+00:00"]),
)
_text = st.text(min_size=0, max_size=40)  # every code point: control characters, surrogates aside
_extreme = st.one_of(
    _huge_ints,
    _times,
    _text,
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),
    st.integers(1, 4_000).map(lambda n: "9" * n),  # httpx caps a URL at 64 KiB
    st.sampled_from(["", "-1", "0", "1e400", "NaN", "²", "١٢", "ep_", "key_", "0-0", "$"]),
)


def _q(value: str) -> str:
    return quote(value, safe="")


@pytest.fixture(scope="module")
def fuzz_callers(stack: Stack) -> dict[str, Any]:
    async def setup() -> dict[str, Any]:
        tenant = stack.new_tenant()
        async with httpx.AsyncClient(timeout=20) as c:
            key = await stack.api_key(c, tenant)
            r = await c.post(
                f"{stack.api}/webhooks",
                headers=stack.auth(tenant),
                json={"url": "http://127.0.0.1:9/hook"},
            )
            assert r.status_code == 201, r.text
            endpoint = r.json()["endpoint"]["id"]
        return {
            # only what the gateway logs from here on is this module's to judge
            "log_offset": (stack.logs / "gateway.log").stat().st_size,
            "company": tenant,
            "endpoint": endpoint,
            "headers": {
                "tenant": stack.auth(tenant),
                "admin": stack.admin(),
                "api_key": {"X-API-Key": key},
            },
        }

    return asyncio.run(setup())


# the values that broke the gateway before, and their kin: tried on every parameter
_EDGES = [
    "9223372036854775807",
    "9223372036854775808",
    "1180591620717411303424",
    "-9223372036854775809",
    "9" * 4000,
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:59:59.999999Z",
    "99999999999999999999",  # epoch milliseconds past year 9999
    "-62135596800001",
    "1e400",
    "NaN",
    "²",
    "١٢",
    "B\n",
    "\x00",
    "\x7f\x1b[2J",
    "ep_%00",
    "x" * 5000,
]


def _assert_no_server_error(r: httpx.Response, what: str) -> None:
    assert r.status_code < 500 or r.json()["code"] in ("connector_timeout", "engine_timeout"), (
        what,
        r.text,
    )
    assert "Traceback" not in r.text


_GET_TEMPLATES = [
    "/webhooks/{ep}/deliveries?since={v}",
    "/webhooks/{ep}/deliveries?until={v}",
    "/webhooks/{ep}/deliveries?before={v}",
    "/webhooks/{ep}/deliveries?limit={v}",
    "/webhooks/{ep}/deliveries?status={v}&eventType={v}",
    "/webhooks/{ep}/attempts?since={v}&until={v}&before={v}&outcome={v}",
    "/webhooks/{ep}/deliveries/{v}",
    "/webhooks/{v}",
    "/webhooks?companyId={v}",
    "/webhooks/{ep}?companyId={v}",
    "/tenants/{v}",
    "/tenants/{v}/api-keys",
    "/sessions/{v}/status",
    "/sessions?{v}={v}",
]


@pytest.mark.parametrize("who", ["tenant", "admin", "api_key"])
async def test_edge_values_on_every_parameter_never_get_a_server_error(
    stack: Stack, fuzz_callers: dict[str, Any], who: str
) -> None:
    async with httpx.AsyncClient(timeout=20) as c:
        for template in _GET_TEMPLATES:
            for value in _EDGES:
                path = template.format(ep=fuzz_callers["endpoint"], v=_q(value))
                r = await c.get(stack.api + path, headers=fuzz_callers["headers"][who])
                _assert_no_server_error(r, path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    template=st.sampled_from(_GET_TEMPLATES),
    value=_extreme,
    who=st.sampled_from(["tenant", "admin", "api_key"]),
)
def test_extreme_query_and_path_values_never_get_a_server_error(
    stack: Stack, fuzz_callers: dict[str, Any], template: str, value: str, who: str
) -> None:
    path = template.format(ep=fuzz_callers["endpoint"], v=_q(value))
    with httpx.Client(timeout=20) as c:
        r = c.get(stack.api + path, headers=fuzz_callers["headers"][who])
    _assert_no_server_error(r, path)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    param=st.sampled_from(["since", "companyId", "token"]),
    value=_extreme,
    who=st.sampled_from(["tenant", "admin"]),
)
def test_extreme_event_socket_queries_are_refused_or_served(
    stack: Stack, fuzz_callers: dict[str, Any], param: str, value: str, who: str
) -> None:
    tenant = fuzz_callers["company"]
    token = stack.admin_token() if who == "admin" else stack.token(tenant)
    query = {"token": token, "companyId": tenant, param: value}
    url = stack.ws_url + "?" + "&".join(f"{k}={_q(v)}" for k, v in query.items())

    async def first_frame() -> tuple[dict[str, Any], int | None]:
        async with websockets.connect(url, max_size=2**20) as ws:
            frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
            return frame, ws.close_code

    frame, _ = asyncio.run(first_frame())
    assert frame.get("type") == "subscribed" or frame["code"] != "internal_error", frame


async def test_edge_values_on_the_event_socket_query_are_refused_or_served(
    stack: Stack, fuzz_callers: dict[str, Any]
) -> None:
    tenant = fuzz_callers["company"]
    for param in ("since", "companyId", "token"):
        for value in _EDGES:
            query = {"token": stack.admin_token(), "companyId": tenant, param: value}
            url = stack.ws_url + "?" + "&".join(f"{k}={_q(v)}" for k, v in query.items())
            async with websockets.connect(url, max_size=2**20) as ws:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert frame.get("type") == "subscribed" or frame["code"] != "internal_error", (
                param,
                value,
                frame,
            )


def test_no_traceback_in_the_gateway_log_after_the_fuzzing(
    stack: Stack, fuzz_callers: dict[str, Any]
) -> None:
    with (stack.logs / "gateway.log").open("rb") as f:
        f.seek(fuzz_callers["log_offset"])
        log = f.read().decode(errors="replace")
    assert "Traceback" not in log
    assert '"level": "error"' not in log
