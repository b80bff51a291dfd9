"""Webhook endpoints, deliveries and attempts as the webhooks API shows them: the one
place their JSON shape is made (gateway/webhooks_api.py answers with these)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from wagate.tables.webhook_endpoints import Endpoint
from wagate.tables.webhook_outbox import Attempt, Delivery
from wagate.timestamps import iso_utc


def endpoint_json(endpoint: Endpoint) -> dict[str, Any]:
    expires = endpoint.previous_secret_expires_at
    return {
        "id": endpoint.id,
        "companyId": endpoint.tenant_id,
        "url": endpoint.url,
        "description": endpoint.description,
        "eventTypes": None if endpoint.event_types is None else list(endpoint.event_types),
        "enabled": endpoint.enabled,
        "disabledReason": endpoint.disabled_reason,
        "disabledAt": iso_utc(endpoint.disabled_at),
        "headers": dict(endpoint.headers),
        "consecutiveFailures": endpoint.consecutive_failures,
        "failingSince": iso_utc(endpoint.failing_since),
        # an overlap that has ended is no longer worth showing
        "previousSecretExpiresAt": (
            iso_utc(expires) if expires is not None and expires > datetime.now(UTC) else None
        ),
        "createdAt": iso_utc(endpoint.created_at),
        "updatedAt": iso_utc(endpoint.updated_at),
    }


def delivery_json(delivery: Delivery) -> dict[str, Any]:
    pending = delivery.status == "pending"
    return {
        "id": delivery.id,
        "endpointId": delivery.endpoint_id,
        "eventId": delivery.event_id,
        "eventType": delivery.type,
        "status": delivery.status,
        "attemptCount": delivery.attempts,
        "nextAttemptAt": iso_utc(delivery.next_attempt_at) if pending else None,
        "lastStatusCode": delivery.last_status_code,
        "lastError": delivery.last_error,
        "createdAt": iso_utc(delivery.created_at),
        "finishedAt": iso_utc(delivery.finished_at),
    }


def attempt_json(attempt: Attempt) -> dict[str, Any]:
    return {
        "id": attempt.id,
        "deliveryId": attempt.delivery_id,
        "attempt": attempt.attempt,
        "startedAt": iso_utc(attempt.started_at),
        "durationMs": attempt.duration_ms,
        "outcome": attempt.outcome,
        "statusCode": attempt.status_code,
        "error": attempt.error,
        "response": attempt.response_body,
    }
