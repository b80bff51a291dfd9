"""What an operator sees: metrics that move as the flows run (scraped over HTTP in the
Prometheus text format), readiness that drops when a dependency goes, request ids and
one JSON log line per request and per session transition."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from devstack.stack import Stack, deployment, free_port
from devstack.waiting import until


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def _scrape(
    client: httpx.AsyncClient, url: str
) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    r = await client.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    return _samples(r.text)


def _value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_connector_metrics_move_with_the_flows(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    metrics = f"{stack.connector_ops}/metrics"
    before = await _scrape(client, metrics)
    tenant = stack.new_tenant()
    number = await stack.connect_session(client, tenant)
    friend = await stack.new_phone(client)
    r = await stack.call(client, "POST", tenant, "send", json={"phone": friend, "message": "m"})
    assert r.status_code == 200
    async with stack.events(tenant) as events:
        await client.post(
            f"{stack.sim}/phones/{friend}/messages", json={"to": number, "text": "in"}
        )
        await events.until("message")
        await stack.fault(client, number, "drop")
        await events.until("connected")
    after = await _scrape(client, metrics)

    def grew(name: str, by: float = 1, **labels: str) -> bool:
        return _value(after, name, **labels) - _value(before, name, **labels) >= by

    assert grew("whatsapp_messages_sent_total")
    assert grew("whatsapp_messages_received_total")
    assert grew("whatsapp_reconnects_total")
    assert grew("whatsapp_errors_total", kind="connection_lost")
    assert grew("whatsapp_qr_codes_total")
    assert grew("whatsapp_send_latency_seconds_count")
    assert grew("wagate_bus_command_lag_seconds_count", by=3)  # initialize, status…, send
    assert _value(after, "whatsapp_sessions_total", state="connected") >= 1
    assert _value(after, "whatsapp_active_connections") >= 1
    assert _value(after, "process_open_fds") > 0


async def test_gateway_http_metrics_use_route_templates(client: httpx.AsyncClient) -> None:
    port = str(free_port())
    async with deployment(("gateway",), WAGATE_GATEWAY_METRICS_PORT=port) as s:
        for tenant in ("co-a", "co-b", "co-c"):
            await client.get(f"{s.api}/sessions/{tenant}/status")
        text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
        samples = _samples(text)
        template = "/api/whatsapp/sessions/{companyId}/status"
        assert (
            _value(
                samples, "wagate_http_requests_total", route=template, method="GET", status="401"
            )
            >= 3
        )
        assert "co-a" not in text and "co-b" not in text  # no unbounded labels
        assert _value(samples, "wagate_ratelimit_fallback_active") == 0


async def test_readiness_reports_the_connector_without_depending_on_it(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    root = stack.api.removesuffix("/api/whatsapp")
    assert (await client.get(f"{root}/healthz")).json() == {"status": "ok"}
    ready = await client.get(f"{root}/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"redis": "ok", "connector": "ok", "postgres": "ok"}
    connector_ready = await client.get(f"{stack.connector_ops}/readyz")
    assert connector_ready.status_code == 200
    assert set(connector_ready.json()["checks"]) == {"lock", "redis", "postgres", "commands"}

    stack.stop("connector")  # a clean stop takes its heartbeat with it
    try:
        # still ready (commands queue until a connector is back), and says what is missing
        down = await client.get(f"{root}/readyz")
        assert down.status_code == 200
        assert down.json()["checks"]["connector"] == "no heartbeat in the last 15 s"
    finally:
        stack.start("connector")
        await stack.wait_ready()
    assert (await client.get(f"{root}/readyz")).status_code == 200


async def test_readiness_without_redis(client: httpx.AsyncClient) -> None:
    dead = f"redis://127.0.0.1:{free_port()}/0"
    async with deployment(("gateway",), REDIS_URL=dead) as s:
        root = s.api.removesuffix("/api/whatsapp")
        r = await client.get(f"{root}/readyz")
        assert r.status_code == 503
        assert r.json()["checks"]["redis"].startswith("unreachable")
        assert (await client.get(f"{root}/healthz")).status_code == 200  # alive, not ready


async def test_request_ids_and_json_log_lines(stack: Stack, client: httpx.AsyncClient) -> None:
    tenant = stack.new_tenant()
    r = await stack.call(
        client,
        "POST",
        tenant,
        "initialize",
        headers={"X-Request-ID": "req-4711"},
    )
    assert r.headers["x-request-id"] == "req-4711"
    made = await client.get(f"{stack.api}/sessions")
    assert len(made.headers["x-request-id"]) == 16  # made up when none (or a bad one) came

    def logged(part: str, lines: int, match: Callable[[dict[str, Any]], bool]) -> list[Any]:
        tail = stack.log_tail(part, lines).splitlines()
        return [e for e in (json.loads(x) for x in tail if x.startswith("{")) if match(e)]

    async def access_logged() -> list[Any]:  # written after the response went out
        return logged("gateway", 2000, lambda e: e.get("request_id") == "req-4711")

    access = await until(access_logged, "the access log line of req-4711")
    assert access[-1]["route"] == "/api/whatsapp/sessions/{companyId}/initialize"
    assert access[-1]["status"] == 200 and access[-1]["tenant_id"] == tenant
    assert access[-1]["level"] == "info" and "duration_ms" in access[-1]

    async def transition_logged() -> list[Any]:
        return logged(
            "connector", 5000, lambda e: e.get("tenant_id") == tenant and e.get("state") == "qr"
        )

    transitions = await until(transition_logged, "the connector's log line of the QR state")
    assert transitions[-1]["previous"] == "starting"
