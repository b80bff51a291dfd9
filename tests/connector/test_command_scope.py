"""Whose command it is, as the connector reads it off the stream: a tenant's command acts
on that tenant alone whichever release's gateway wrote it, an operator's says so, and one
naming neither is refused with a reply (never run for every tenant, never left unanswered).

The raw entries are what gateways of earlier releases put on the stream (their full set
is in tests/wagate/wire_fixtures/)."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from redis.asyncio import Redis

from connector.commands import CommandHandler
from connector.consumer import CommandConsumer
from connector.engine import Connected, Paired
from connector.health import HealthMonitor
from devstack.stack import REDIS_URL
from tests.core_fakes import Core
from wagate import bus
from wagate.bus import BusKeys, Command, Reply

TENANT_A, TENANT_B = "co-scope-a", "co-scope-b"
FRIEND = "79005550123"


@dataclass
class Connector:
    core: Core
    redis: Redis
    keys: BusKeys

    async def ask(self, fields: dict[str, str]) -> Reply:
        """Put a raw entry on the command stream; the reply the connector writes."""
        await self.redis.xadd(self.keys.commands, fields)  # type: ignore[arg-type]
        popped = await self.redis.blpop([self.keys.reply(fields["id"])], timeout=10)
        assert popped is not None, "the connector left the command unanswered"
        return Reply.from_json(popped[1])

    async def listed(self, fields: dict[str, str]) -> list[str]:
        reply = await self.ask(fields)
        assert reply.ok, reply
        return sorted(s.tenant_id for s in reply.result(bus.SessionList).sessions)


async def _holds_lock() -> bool:
    return True  # this connector leads throughout


@pytest.fixture
async def connector() -> AsyncIterator[Connector]:
    """A connector core with two tenants' sessions connected, reading a private stream."""
    core = Core()
    pool = core.pool()
    for tenant in (TENANT_A, TENANT_B):
        await pool.initialize(tenant)
        await core.kind.latest.emit(Paired("7900" + tenant[-1], {"keys": tenant}))
        await core.kind.latest.emit(Connected("7900" + tenant[-1]))
    handler = CommandHandler(pool, core.metrics, HealthMonitor(pool, 60, 5), 1.0)
    redis, keys = Redis.from_url(REDIS_URL), BusKeys(f"wagate-test-{secrets.token_hex(4)}")
    consumer = CommandConsumer(redis, keys, "c1", handler, 4, core.metrics, leading=_holds_lock)
    running = asyncio.create_task(consumer.run())
    try:
        yield Connector(core, redis, keys)
    finally:
        consumer.stop_taking()
        await asyncio.wait_for(running, 5)
        await redis.delete(keys.commands)
        await redis.aclose()


def _entry(kind: str, payload: dict[str, object] | None = None, **tenant: str) -> dict[str, str]:
    """A stream entry as releases before v0.3.0 wrote it: the tenant under the name
    given, and no scope."""
    return {
        "id": secrets.token_hex(8),
        "type": kind,
        **tenant,
        "payload": json.dumps(payload or {}),
        "issued_at_ms": "1767225600000",
    }


async def test_a_tenants_listing_from_any_release_lists_that_tenant_alone(
    connector: Connector,
) -> None:
    # v0.1.0 named the tenant company_id: read as nobody, it listed every tenant
    assert await connector.listed(_entry("list", company_id=TENANT_A)) == [TENANT_A]
    assert await connector.listed(_entry("list", tenant_id=TENANT_B)) == [TENANT_B]
    current = Command.of(TENANT_A, bus.ListSessions()).to_fields()
    assert await connector.listed(current) == [TENANT_A]


async def test_a_listing_naming_no_tenant_is_refused_and_an_operators_lists_all(
    connector: Connector,
) -> None:
    for unscoped in (_entry("list", tenant_id=""), _entry("list"), _entry("metrics")):
        reply = await connector.ask(unscoped)
        assert (reply.ok, reply.code) == (False, "command_scope_invalid"), reply
        assert "no tenant" in (reply.error or "")
    both = _entry("list", tenant_id=TENANT_A, company_id=TENANT_B)
    assert (await connector.ask(both)).code == "command_scope_invalid"
    operator = Command.for_operator(bus.ListSessions()).to_fields()
    assert await connector.listed(operator) == [TENANT_A, TENANT_B]
    assert (await connector.ask(Command.for_operator(bus.Metrics()).to_fields())).ok


async def test_a_send_from_an_older_gateway_goes_out_from_its_tenants_session(
    connector: Connector,
) -> None:
    old = _entry("send", {"phone": FRIEND, "message": "hi"}, company_id=TENANT_B)
    sent = (await connector.ask(old)).result(bus.Sent)
    sessions = {e.tenant_id: e for e in connector.core.kind.engines}
    assert sessions[TENANT_B].sent == [(FRIEND, "hi", sent.message_id, None)]
    assert sessions[TENANT_A].sent == []


async def test_a_command_this_release_cannot_read_is_answered_not_dropped(
    connector: Connector,
) -> None:
    newer = await connector.ask(_entry("send_hologram", tenant_id=TENANT_A))
    assert (newer.ok, newer.code) == (False, "unknown_command")
    malformed = await connector.ask(_entry("send", {"phone": 1}, tenant_id=TENANT_A))
    assert (malformed.ok, malformed.code) == (False, "invalid_command")
    operator_send = {**_entry("send", {"phone": FRIEND, "message": "x"}), "scope": "operator"}
    assert (await connector.ask(operator_send)).code == "command_scope_invalid"
