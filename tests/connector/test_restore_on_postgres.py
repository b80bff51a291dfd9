"""A connector restart on a real PostgreSQL: the restored sessions marked starting
together (each with its state row and its event for the stream), and what their
connections need read for many at once, sealed secrets opened as a connection's own."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from cryptography.fernet import Fernet

from connector.events import EventPublisher
from connector.metrics import ConnectorMetrics
from connector.pool import SessionPool
from connector.session import Session
from connector.store import Dialing, Store, StoredSession
from connector.webhooks.outbox import Outbox
from tests.core_fakes import Core, FakeKind
from tests.inproc import migrated_pool
from wagate.sealing import Sealer
from wagate.tables import tenants

KEY = Fernet.generate_key().decode()
PROXY = "socks5://u:p@proxy.example:1080"


@pytest.fixture(scope="module")
async def pool() -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool() as made:
        yield made


async def linked(pool: asyncpg.Pool, store: Store, tenant_id: str) -> None:
    """A session that paired and connected before the connector stopped."""
    await store.ensure_session(tenant_id, "fake")
    await store.save_credentials(tenant_id, "fake", {"keys": tenant_id})
    async with pool.acquire() as conn:
        await store.save_state(conn, tenant_id, "connected", None, Core().clock.now(), "7900", 0)


async def test_restored_sessions_are_marked_starting_with_their_events(
    pool: asyncpg.Pool,
) -> None:
    store = Store(pool, Sealer((KEY,)))
    restored = [f"pg-{i}" for i in range(12)]
    for tenant in restored:
        await linked(pool, store, tenant)
    await store.ensure_session("pg-unpaired", "fake")  # nothing to resume
    publisher = EventPublisher(pool, Outbox(pool), lambda: None)
    kind = FakeKind()

    async def make(tenant_id: str, engine: str, stored: StoredSession | None) -> Session:
        return Session(
            tenant_id,
            engine=kind,
            store=store,
            publisher=publisher,
            metrics=ConnectorMetrics(),
            config=Core().config,
            stored=stored,
        )

    sessions = SessionPool(store, make, "fake", publisher=publisher)
    to_restore = await sessions.load()
    assert sorted(s.tenant_id for s in to_restore) == sorted(restored)
    states = await pool.fetch("SELECT tenant_id, state, reason FROM sessions")
    assert {r["tenant_id"]: (r["state"], r["reason"]) for r in states} == {
        **dict.fromkeys(restored, ("starting", "restoring")),
        "pg-unpaired": ("stopped", None),
    }
    logged = await pool.fetch("SELECT tenant_id, fields->>'type' AS type FROM event_log")
    assert sorted((r["tenant_id"], r["type"]) for r in logged) == [
        (t, "state") for t in sorted(restored)
    ]
    await sessions.stop_all("connector_shutdown")  # and stopped together, as at shutdown
    stopped = await pool.fetch("SELECT state, reason FROM sessions WHERE tenant_id LIKE 'pg-%'")
    assert {(r["state"], r["reason"]) for r in stopped} == {
        ("stopped", "connector_shutdown"),
        ("stopped", None),  # the unpaired one was not running
    }
    assert await pool.fetchval("SELECT count(*) FROM event_log") == 2 * len(restored)


async def test_what_connections_need_is_read_for_many_at_once(pool: asyncpg.Pool) -> None:
    store = Store(pool, Sealer((KEY,)))
    for tenant in ("d-plain", "d-hidden", "d-proxied", "d-lost-proxy", "d-unsealable"):
        await linked(pool, store, tenant)
    await store.ensure_session("d-unpaired", "fake")
    await tenants.update(pool, "d-hidden", tenants.TenantChanges(mark_online=False))
    await tenants.set_proxy(pool, "d-proxied", "socks5://u:***@proxy.example:1080", seal(PROXY))
    other_key = Fernet.generate_key().decode()
    lost = Sealer((other_key,)).seal_text(PROXY)
    await tenants.set_proxy(pool, "d-lost-proxy", "socks5://u:***@proxy.example:1080", lost)
    # credentials sealed with a key this connector no longer has: read when connecting
    await Store(pool, Sealer((other_key,))).save_credentials("d-unsealable", "fake", {"k": 1})

    read = await store.dialings(
        ["d-plain", "d-hidden", "d-proxied", "d-lost-proxy", "d-unsealable", "d-unpaired"]
    )
    unreadable = read["d-lost-proxy"].proxy_unreadable
    assert unreadable is not None and "cannot be opened" in unreadable
    assert read == {
        "d-plain": Dialing({"keys": "d-plain"}, True, "all", None),
        "d-hidden": Dialing({"keys": "d-hidden"}, False, "all", None),
        "d-proxied": Dialing({"keys": "d-proxied"}, True, "all", PROXY),
        "d-lost-proxy": Dialing({"keys": "d-lost-proxy"}, True, "all", None, unreadable),
    }
    # the same as each session reads for itself
    for tenant, dialing in read.items():
        assert await store.dialing(tenant) == dialing


def seal(secret: str) -> str:
    return Sealer((KEY,)).seal_text(secret)
