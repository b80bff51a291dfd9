"""How the API shows what the connector answered: the bus's typed results rendered in
the seed's camelCase JSON. The connector never builds these shapes."""

from __future__ import annotations

from typing import Any

from wagate.bus import HealthCheck, SessionView


def session_json(view: SessionView) -> dict[str, Any]:
    return {
        "companyId": view.tenant_id,
        "status": view.state,
        "connected": view.state == "connected",
        "phone": view.phone,
        "reason": view.reason,
        "since": view.since,
        "reconnectAttempts": view.reconnect_attempts,
        "qr": view.qr,
        "engine": view.engine,
        "until": view.until,
        "restriction": view.restriction,
        "restrictedUntil": view.restricted_until,
    }


def health_json(check: HealthCheck) -> dict[str, Any]:
    """`problem` only when unhealthy, `latencyMs` only when healthy, as before."""
    body: dict[str, Any] = {"healthy": check.healthy, "checkedAt": check.checked_at}
    if check.problem is not None:
        body["problem"] = check.problem
    if check.latency_ms is not None:
        body["latencyMs"] = check.latency_ms
    body["ageSeconds"] = check.age_s
    return body
