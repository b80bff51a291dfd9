"""A history sync reaches the message store on a real PostgreSQL, batch by batch: own
messages as sent, group messages in their group, a message that came live stored once,
no history counted unread, and the tenant hears started, progress and done with counts,
never the messages as `message` events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, cast

import asyncpg
import pytest

from connector.cached_setting import CachedSetting
from connector.engine import HistoryBatch, HistoryMessage, IncomingMessage
from connector.events import Cause
from connector.ingest import Ingest
from connector.metrics import ConnectorMetrics
from connector.store import Store
from tests.core_fakes import FakeClock
from tests.inproc import migrated_pool
from wagate.bus import Event
from wagate.tables import message_store as ms
from wagate.tables import tenants

FRIEND = "79005550123"
GROUP = "120363000000000001@g.us"
AT = 1_700_000_000_000


@pytest.fixture(scope="module")
async def pool() -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool() as made:
        yield made


def ingest_of(pool: asyncpg.Pool, tenant: str, mode: str, heard: list[Event]) -> Ingest:
    async def emit(event: Event, cause: Cause | None) -> None:
        heard.append(event)

    async def setting() -> str:
        return mode

    clock: Any = FakeClock()
    return Ingest(
        tenant_id=tenant,
        store=Store(pool, cast(Any, None)),  # history keeps no sealed credentials
        metrics=ConnectorMetrics(),
        clock=clock,
        quarantine=cast(Any, None),  # history publishes through `emit` alone
        lock=asyncio.Lock(),
        emit=emit,
        store_mode=CachedSetting(setting, clock, "off"),
    )


def said(message_id: str, text: str, sender: str = FRIEND, at: int = AT) -> IncomingMessage:
    return IncomingMessage(message_id, sender, text, at)


def bootstrap() -> list[HistoryBatch]:
    first = (
        HistoryMessage(said("H1", "old hello"), FRIEND),
        HistoryMessage(said("H2", "our old answer", "", AT + 1), FRIEND, from_me=True),
        HistoryMessage(said("LIVE", "came live too", at=AT + 2), FRIEND),
    )
    group = (HistoryMessage(said("G1", "in the group", at=AT + 3), GROUP),)
    return [
        HistoryBatch("initial_bootstrap", 0, 30, first[:2]),
        HistoryBatch("initial_bootstrap", 0, 60, first[2:], last=True),
        HistoryBatch("initial_bootstrap", 1, 100, group, last=True),
    ]


async def test_a_sync_is_stored_once_and_told_as_its_course(pool: asyncpg.Pool) -> None:
    tenant, heard = "t-history", list[Event]()
    await tenants.ensure_tenant(pool, tenant)
    now = datetime.now(UTC)
    live = ms.NewMessage(tenant, FRIEND, "LIVE", "in", FRIEND, "text", "came live too", now)
    assert await ms.add(pool, live)
    ingest = ingest_of(pool, tenant, "full", heard)
    for batch in bootstrap():
        await ingest.on_event(batch)

    assert [e.type.value for e in heard] == ["history_sync"] * 3
    course = [
        (e.data["status"], e.data.get("chunk"), e.data["messages"], e.data["stored"]) for e in heard
    ]
    assert course == [("started", None, 0, 0), ("progress", 0, 3, 2), ("done", 1, 4, 3)]
    rows = await pool.fetch(
        "SELECT chat, message_id, direction, sender, body FROM stored_messages"
        " WHERE tenant_id = $1 ORDER BY chat, message_id",
        tenant,
    )
    assert [tuple(r) for r in rows] == [
        (GROUP, "G1", "in", FRIEND, "in the group"),
        (FRIEND, "H1", "in", FRIEND, "old hello"),
        (FRIEND, "H2", "out", "", "our old answer"),
        (FRIEND, "LIVE", "in", FRIEND, "came live too"),  # once
    ]
    unread = dict(await pool.fetch("SELECT chat, unread FROM chats WHERE tenant_id = $1", tenant))
    assert unread == {FRIEND: 1, GROUP: 0}  # the live message alone counts


async def test_a_store_that_is_off_keeps_nothing_and_still_tells_the_course(
    pool: asyncpg.Pool,
) -> None:
    tenant, heard = "t-history-off", list[Event]()
    await tenants.ensure_tenant(pool, tenant)
    ingest = ingest_of(pool, tenant, "off", heard)
    for batch in bootstrap():
        await ingest.on_event(batch)
    assert [(e.data["status"], e.data["messages"], e.data["stored"]) for e in heard] == [
        ("started", 0, 0),
        ("progress", 3, 0),
        ("done", 4, 0),
    ]
    assert (
        await pool.fetchval("SELECT count(*) FROM stored_messages WHERE tenant_id = $1", tenant)
        == 0
    )
