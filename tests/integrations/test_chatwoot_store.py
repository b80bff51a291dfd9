"""The Chatwoot bridge's tables on PostgreSQL (integrations/chatwoot/store.py): a job is
queued once per key, taken in order, not before its retry is due, and settled rows are
pruned after the retention while pending ones never are."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from integrations.chatwoot.store import TO_CHATWOOT, TO_WHATSAPP, BridgeStore, ChatLink
from tests.inproc import migrated_pool


@pytest.fixture(scope="module")
async def pool() -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool() as p:
        yield p


async def test_jobs_are_queued_once_per_key_and_taken_in_order_when_due(
    pool: asyncpg.Pool,
) -> None:
    store = BridgeStore(pool, "co-order")
    assert await store.enqueue(TO_CHATWOOT, "evt_1", {"n": 1}) is True
    assert await store.enqueue(TO_CHATWOOT, "evt_2", {"n": 2}) is True
    assert await store.enqueue(TO_CHATWOOT, "evt_1", {"n": 1}) is False  # a redelivery
    assert await BridgeStore(pool, "co-other").enqueue(TO_CHATWOOT, "evt_1", {}) is True
    first, _ = await store.next_job(TO_CHATWOOT)
    assert first is not None and (first.key, first.payload) == ("evt_1", {"n": 1})
    await store.retry_later(first.seq, 60, "Chatwoot: 503")
    held, wait_s = await store.next_job(TO_CHATWOOT)
    assert held is None and 50 < wait_s <= 60  # evt_2 waits behind it: order holds
    assert (await store.next_job(TO_WHATSAPP))[0] is None  # the other direction is free
    await pool.execute("UPDATE chatwoot_jobs SET next_attempt_at = now() WHERE seq = $1", first.seq)
    again, _ = await store.next_job(TO_CHATWOOT)
    assert again is not None and (again.key, again.attempts) == ("evt_1", 1)
    await store.finish(again.seq, TO_CHATWOOT, [("M1", 501)])
    second, _ = await store.next_job(TO_CHATWOOT)
    assert second is not None and second.key == "evt_2"
    assert await store.bridged(501) and not await store.bridged(502)


async def test_links_and_pruning(pool: asyncpg.Pool) -> None:
    store = BridgeStore(pool, "co-prune")
    await store.save_link(ChatLink("79001", 5, "src-5", 9))
    await store.save_link(ChatLink("79001", 5, "src-5", 10))  # a new conversation
    assert await store.link_of_chat("79001") == ChatLink("79001", 5, "src-5", 10)
    assert await store.chat_of_conversation(10) == "79001"
    for key in ("old-done", "old-pending", "new-done"):
        await store.enqueue(TO_WHATSAPP, key, {})
    await pool.execute(
        """UPDATE chatwoot_jobs SET created_at = now() - interval '40 days',
                  status = CASE key WHEN 'old-done' THEN 'done' ELSE status END
            WHERE company_id = 'co-prune' AND key LIKE 'old-%'"""
    )
    await pool.execute(
        "UPDATE chatwoot_jobs SET status = 'done' WHERE company_id = $1 AND key = 'new-done'",
        "co-prune",
    )
    assert await store.prune(30) == 1
    assert await store.counts() == {"pending": 1, "done": 1}


async def test_a_forgotten_link_is_forgotten_only_if_it_is_still_the_chats(
    pool: asyncpg.Pool,
) -> None:
    store = BridgeStore(pool, "co-forget")
    deleted = ChatLink("79002", 5, "src-5", 9)
    await store.save_link(deleted)
    await store.forget_link(deleted)
    assert await store.link_of_chat("79002") is None
    await store.save_link(ChatLink("79002", 5, "src-5", 11))  # linked again meanwhile
    await store.forget_link(deleted)
    assert await store.link_of_chat("79002") == ChatLink("79002", 5, "src-5", 11)
