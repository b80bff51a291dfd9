"""The gateway's webhook operations (migration 003): registering, changing and rotating
endpoints, listing their deliveries and attempts, replays and test events. Statements are
the tables' owners' (wagate/tables/webhook_endpoints.py, wagate/tables/webhook_outbox.py).

Every operation is scoped: `tenant_id` None means an admin acting on any tenant;
otherwise the row must belong to that company, and a row of another company is simply not
found. Signing secrets are written sealed (wagate/webhook_secrets.py), and opened only by
the connector; the one place one is returned is the value `create` and `rotate` hand back.
"""

from __future__ import annotations

import base64
import re
import secrets
from datetime import datetime
from typing import Any

import asyncpg

from wagate import public_events
from wagate.public_events import WebhookTest
from wagate.sealing import Sealer
from wagate.tables import webhook_endpoints, webhook_outbox
from wagate.tables.tenants import ensure_tenant, lock_tenant
from wagate.tables.webhook_endpoints import Endpoint, NewEndpoint
from wagate.tables.webhook_outbox import Attempt, Delivery, Page

MAX_ENDPOINTS_PER_TENANT = 20


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" + base64 of 24 random bytes (192 bits)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def new_endpoint_id() -> str:
    return "ep_" + secrets.token_hex(12)


# the shape new_endpoint_id makes: anything else (a NUL, 5,000 characters) is no endpoint,
# and is answered so without asking PostgreSQL
_ENDPOINT_ID = re.compile(r"ep_[0-9a-f]{24}")


class EndpointLimitReached(Exception):
    pass


class WebhookStore:
    def __init__(self, pool: asyncpg.Pool, sealer: Sealer) -> None:
        self._pool = pool
        self._sealer = sealer

    # ---- endpoints ------------------------------------------------------------------------

    async def create(
        self,
        tenant_id: str,
        *,
        url: str,
        event_types: list[str] | None,
        enabled: bool,
        headers: dict[str, str],
        description: str,
    ) -> tuple[Endpoint, str]:
        secret = new_secret()
        new = NewEndpoint(
            new_endpoint_id(),
            tenant_id,
            url,
            description,
            event_types,
            enabled,
            headers,
            self._sealer.seal_text(secret),
        )
        async with self._pool.acquire() as conn, conn.transaction():
            # tenants may register webhooks before their first session
            await ensure_tenant(conn, tenant_id)
            # serialise creations of one tenant, so the limit holds under concurrency
            await lock_tenant(conn, tenant_id)
            count = await webhook_endpoints.count_for_tenant(conn, tenant_id)
            if count >= MAX_ENDPOINTS_PER_TENANT:
                raise EndpointLimitReached
            return await webhook_endpoints.insert(conn, new), secret

    async def endpoints(self, tenant_id: str) -> list[Endpoint]:
        return await webhook_endpoints.list_for_tenant(self._pool, tenant_id)

    async def get(self, endpoint_id: str, tenant_id: str | None) -> Endpoint | None:
        if not _ENDPOINT_ID.fullmatch(endpoint_id):
            return None
        return await webhook_endpoints.get(self._pool, endpoint_id, tenant_id)

    async def update(
        self, endpoint_id: str, tenant_id: str | None, changes: dict[str, Any]
    ) -> Endpoint | None:
        """`changes` holds only what was given: url, event_types, enabled, headers,
        description. Enabling clears the failure streak; disabling records who did it."""
        return await webhook_endpoints.update(self._pool, endpoint_id, tenant_id, changes)

    async def delete(self, endpoint_id: str, tenant_id: str | None) -> bool:
        return await webhook_endpoints.delete(self._pool, endpoint_id, tenant_id)

    async def rotate(
        self, endpoint_id: str, tenant_id: str | None, overlap_s: int
    ) -> tuple[Endpoint, str] | None:
        """A new secret; the current one keeps signing (next to it) for `overlap_s`."""
        secret = new_secret()
        sealed = self._sealer.seal_text(secret)
        endpoint = await webhook_endpoints.rotate_secret(
            self._pool, endpoint_id, tenant_id, sealed, overlap_s
        )
        return None if endpoint is None else (endpoint, secret)

    # ---- deliveries and attempts ---------------------------------------------------------

    async def deliveries(
        self, endpoint_id: str, page: Page, status: str | None, event_type: str | None
    ) -> list[Delivery]:
        return await webhook_outbox.deliveries(self._pool, endpoint_id, page, status, event_type)

    async def delivery(
        self, endpoint_id: str, delivery_id: int
    ) -> tuple[Delivery, str, list[Attempt]] | None:
        return await webhook_outbox.delivery(self._pool, endpoint_id, delivery_id)

    async def attempts(self, endpoint_id: str, page: Page, outcome: str | None) -> list[Attempt]:
        return await webhook_outbox.attempts(self._pool, endpoint_id, page, outcome)

    async def replay_one(self, endpoint_id: str, delivery_id: int) -> str | None:
        """Queue a finished delivery again; its status before (see requeue_one)."""
        return await webhook_outbox.requeue_one(self._pool, endpoint_id, delivery_id)

    async def replay_since(
        self, endpoint_id: str, since: datetime, until: datetime | None, statuses: list[str]
    ) -> int:
        return await webhook_outbox.requeue_since(self._pool, endpoint_id, statuses, since, until)

    async def send_test(self, endpoint_id: str, tenant_id: str) -> tuple[str, int]:
        """A `webhook_test` event for this endpoint only (whatever its filter), queued
        behind what the endpoint already has pending."""
        event = public_events.event(
            tenant_id, WebhookTest(endpoint_id=endpoint_id, message="a test event from wagate")
        )
        return event.id, await webhook_outbox.owe_test_event(self._pool, event, endpoint_id)
