"""The message store at size: BENCH_STORE_MESSAGES generated messages (default 1,000,000)
across BENCH_STORE_TENANTS tenants (default 1,000), BENCH_STORE_CHATS chats each (20),
loaded with COPY into a fresh database with every index in place. Then, for random
tenants, as the gateway runs them (one read-only transaction as `wagate_reader` with the
tenant set, then the statement): the chat list's first page, a thread's newest page and
the page before it, and a search for a common and a rare word; p50/p99 of each, and the
bytes each stored message takes with its indexes. Full-text search (the store's) is
measured against a trigram index (pg_trgm, `body ILIKE '%word%'`) on the same rows.
Baseline: the same transaction with `SELECT 1`.

Needs no wagate process: the figures are PostgreSQL's, the part that grows with the store.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from bench.common import emit, env_int, latency_summary_ms, table
from devstack.stack import create_database, database_url, drop_database
from wagate.migrate import migrate
from wagate.tables import message_store as ms

SAMPLES = env_int("BENCH_STORE_SAMPLES", 400)
BIG = env_int("BENCH_STORE_BIG", 100_000)  # one big tenant's messages, on top
BIG_TENANT = "bench-big"
_COLUMNS = (
    "tenant_id",
    "chat",
    "message_id",
    "direction",
    "sender",
    "kind",
    "body",
    "sent_at",
    "status",
)
_T0 = datetime(2026, 1, 1, tzinfo=UTC)
COMMON, RARE = "invoice", "zyxwvut"  # in about 1 message in 20 / 1 in 20,000


def _vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "go", "pe"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def _rows(tenants: int, per_tenant: int, chats: int, seed: int = 7) -> Iterator[tuple[Any, ...]]:
    """The tenants' messages, then BIG_TENANT's (BENCH_STORE_BIG of them)."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    sizes = [(f"bench-{t:05d}", t, per_tenant) for t in range(tenants)]
    for tenant, t, count in [*sizes, (BIG_TENANT, tenants, BIG)]:
        for i in range(count):
            yield _row(rng, words, tenant, t, i, chats)


def _row(
    rng: random.Random, words: list[str], tenant: str, t: int, i: int, chats: int
) -> tuple[Any, ...]:
    chat = f"7900{t:05d}{i % chats:03d}"
    text = rng.choices(words, k=rng.randint(3, 12))
    if rng.random() < 0.05:
        text.append(COMMON)
    if rng.random() < 0.00005:
        text.append(RARE)
    incoming = rng.random() < 0.6
    return (
        tenant, chat, f"3EB0{t:05d}{i:07d}", "in" if incoming else "out",
        chat if incoming else "", "text", " ".join(text),
        _T0 + timedelta(seconds=i * 60 + t), "received" if incoming else "sent",
    )  # fmt: skip


async def _load(conn: asyncpg.Connection, tenants: int, per_tenant: int, chats: int) -> float:
    started = time.perf_counter()
    batch: list[tuple[Any, ...]] = []
    for row in _rows(tenants, per_tenant, chats):
        batch.append(row)
        if len(batch) == 50_000:
            await conn.copy_records_to_table("stored_messages", records=batch, columns=_COLUMNS)
            batch.clear()
    if batch:
        await conn.copy_records_to_table("stored_messages", records=batch, columns=_COLUMNS)
    await conn.execute(
        """INSERT INTO chats (tenant_id, chat, kind, last_at, last_message_id, last_kind,
               last_direction, preview, unread)
           SELECT DISTINCT ON (tenant_id, chat) tenant_id, chat, 'person', sent_at,
                  message_id, kind, direction, left(body, 200),
                  count(*) FILTER (WHERE direction = 'in') OVER (PARTITION BY tenant_id, chat)
           FROM stored_messages ORDER BY tenant_id, chat, sent_at DESC"""
    )
    await conn.execute("VACUUM ANALYZE stored_messages")
    await conn.execute("VACUUM ANALYZE chats")
    return time.perf_counter() - started


Query = Callable[[asyncpg.Connection, str, random.Random], Awaitable[Any]]


async def _one(pool: asyncpg.Pool, tenant: str, query: Query, rng: random.Random) -> float:
    async with pool.acquire() as conn:
        started = time.perf_counter()
        async with conn.transaction(readonly=True):
            await ms.as_tenant(conn, tenant)
            await query(conn, tenant, rng)
        return time.perf_counter() - started


async def _timed(
    pool: asyncpg.Pool, pick: Callable[[random.Random], str], queries: dict[str, Query]
) -> dict[str, dict[str, float]]:
    """Every query for the same tenant in turn, in a rotating order, so the machine's
    other work falls on all of them alike; after a warm-up pass of a tenth."""
    rng = random.Random(11)
    took: dict[str, list[float]] = {label: [] for label in queries}
    labels = list(queries)
    for sample in range(SAMPLES + SAMPLES // 10):
        tenant = pick(rng)
        turn = sample % len(labels)
        for label in labels[turn:] + labels[:turn]:
            spent = await _one(pool, tenant, queries[label], rng)
            if sample >= SAMPLES // 10:
                took[label].append(spent)
    return {label: latency_summary_ms(t) for label, t in took.items()}


def _queries(chats: int, tenant_numbers: dict[str, int]) -> dict[str, Query]:
    def chat_of(tenant: str, rng: random.Random) -> str:
        row = rng.randrange(BIG if tenant == BIG_TENANT else 1000)
        return f"7900{(tenant_numbers[tenant]):05d}{row % chats:03d}"

    async def baseline(conn: asyncpg.Connection, tenant: str, rng: random.Random) -> Any:
        return await conn.fetchval("SELECT 1")

    async def chat_list(conn: asyncpg.Connection, tenant: str, rng: random.Random) -> Any:
        return await ms.chats_page(conn, tenant, None, 51)

    async def thread(conn: asyncpg.Connection, tenant: str, rng: random.Random) -> Any:
        q = ms.ThreadQuery(chat_of(tenant, rng), None, True, None, None, 51)
        return await ms.thread_page(conn, tenant, q)

    async def thread_back(conn: asyncpg.Connection, tenant: str, rng: random.Random) -> Any:
        chat = chat_of(tenant, rng)
        page = await ms.thread_page(conn, tenant, ms.ThreadQuery(chat, None, True, None, None, 20))
        back = ms.ThreadQuery(chat, (page[0].sent_at, page[0].id), True, None, None, 51)
        return await ms.thread_page(conn, tenant, back)

    async def search_common(conn: asyncpg.Connection, tenant: str, rng: random.Random) -> Any:
        return await ms.search(conn, tenant, COMMON, None, 51)

    async def search_rare(conn: asyncpg.Connection, tenant: str, rng: random.Random) -> Any:
        return await ms.search(conn, tenant, RARE, None, 51)

    return {
        **_trigram_queries(),
        "baseline (SELECT 1)": baseline,
        "chat list, first page": chat_list,
        "thread, newest page": thread,
        "thread, page before (2 statements)": thread_back,
        f"search, common word ({COMMON})": search_common,
        f"search, rare word ({RARE})": search_rare,
    }


_TRIGRAM_FUNCTION = """
CREATE FUNCTION bench_trigram_search(words text, max_rows integer) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    RETURN QUERY EXECUTE
        'SELECT id FROM stored_messages
         WHERE tenant_id = current_setting(''wagate.tenant_id'', true) AND body ILIKE $1
         ORDER BY sent_at DESC, id DESC LIMIT $2'
        USING '%' || words || '%', max_rows;
END $$;
GRANT EXECUTE ON FUNCTION bench_trigram_search(text, integer) TO wagate_reader;
"""


def _trigram_queries() -> dict[str, Query]:
    """The same searches through a trigram index, the way the store's search runs (a
    function applying the tenant setting, then the rows read under row-level security):
    what pg_trgm would cost instead."""

    async def like(conn: asyncpg.Connection, tenant: str, word: str) -> Any:
        return await conn.fetch(
            """SELECT id, body FROM stored_messages
               WHERE tenant_id = $1 AND id IN (SELECT bench_trigram_search($2, 51))
               ORDER BY sent_at DESC, id DESC""",
            tenant,
            word,
        )

    async def common(conn: asyncpg.Connection, tenant: str, rng: random.Random) -> Any:
        return await like(conn, tenant, COMMON)

    async def rare(conn: asyncpg.Connection, tenant: str, rng: random.Random) -> Any:
        return await like(conn, tenant, RARE)

    return {f"trigram, common word ({COMMON})": common, f"trigram, rare word ({RARE})": rare}


async def _plans(conn: asyncpg.Connection) -> dict[str, str]:
    """How PostgreSQL runs each search for the big tenant (the plan's first node)."""
    plans = {}
    for label, sql, arg in (
        ("full-text", "search @@ websearch_to_tsquery('simple', $2)", COMMON),
        ("trigram", "body ILIKE $2", f"%{COMMON}%"),
    ):
        plan = await conn.fetch(
            f"""EXPLAIN SELECT id FROM stored_messages WHERE tenant_id = $1 AND {sql}
                ORDER BY sent_at DESC, id DESC LIMIT 51""",
            BIG_TENANT,
            arg,
        )
        plans[label] = " / ".join(r[0].strip() for r in plan[:4])
    return plans


async def _sizes(conn: asyncpg.Connection) -> dict[str, int]:
    row = await conn.fetchrow(
        """SELECT pg_table_size('stored_messages') AS heap,
                  pg_indexes_size('stored_messages') AS indexes,
                  pg_relation_size('stored_messages_search') AS fts_index,
                  pg_total_relation_size('chats') AS chats,
                  (SELECT avg(pg_column_size(search))::int FROM stored_messages) AS tsvector,
                  (SELECT count(*) FROM stored_messages) AS messages"""
    )
    assert row is not None
    return dict(row.items())


async def main() -> None:
    tenants = env_int("BENCH_STORE_TENANTS", 1000)
    total = env_int("BENCH_STORE_MESSAGES", 1_000_000)
    chats = env_int("BENCH_STORE_CHATS", 20)
    name = await create_database()
    try:
        url = database_url(name)
        conn = await asyncpg.connect(url)
        await migrate(conn)
        load_s = await _load(conn, tenants, (total - BIG) // tenants, chats)
        sizes = await _sizes(conn)
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        started = time.perf_counter()
        await conn.execute(
            "CREATE INDEX bench_trgm ON stored_messages USING gin (body gin_trgm_ops)"
        )
        await conn.execute("ANALYZE stored_messages")
        await conn.execute(_TRIGRAM_FUNCTION)
        sizes["trgm_build_ms"] = round((time.perf_counter() - started) * 1000)
        sizes["trgm_index"] = await conn.fetchval("SELECT pg_relation_size('bench_trgm')")
        plans = await _plans(conn)
        pool = await asyncpg.create_pool(url, min_size=1, max_size=2)
        assert pool is not None
        numbers = {f"bench-{t:05d}": t for t in range(tenants)} | {BIG_TENANT: tenants}
        queries = _queries(chats, numbers)
        figures = {
            "1,000-message tenants": await _timed(
                pool, lambda rng: f"bench-{rng.randrange(tenants):05d}", queries
            ),
            f"the {BIG:,}-message tenant": await _timed(pool, lambda rng: BIG_TENANT, queries),
        }
        await pool.close()
        await conn.close()
    finally:
        await drop_database(name)
    _report(tenants, chats, load_s, sizes, figures, plans)


def _report(
    tenants: int,
    chats: int,
    load_s: float,
    sizes: dict[str, int],
    figures: dict[str, dict[str, dict[str, float]]],
    plans: dict[str, str],
) -> None:
    messages = sizes["messages"]
    per_message = (sizes["heap"] + sizes["indexes"]) / messages
    for who, measured in figures.items():
        table(
            f"{messages:,} messages: {tenants:,} tenants of 1,000 and one of {BIG:,}; "
            f"{chats} chats each (COPY in {load_s:.0f} s); {who}, {SAMPLES} samples",
            ["query (one read-only transaction as wagate_reader)", "p50 ms", "p99 ms"],
            [(label, f["p50_ms"], f["p99_ms"]) for label, f in sorted(measured.items())],
        )
    table(
        "size",
        ["what", "bytes"],
        [
            ("per stored message, heap + every index", round(per_message)),
            ("  of which the full-text (GIN) index", round(sizes["fts_index"] / messages)),
            ("  of which the stored tsvector (average)", sizes["tsvector"]),
            ("  a trigram (GIN) index instead would add", round(sizes["trgm_index"] / messages)),
            ("chats table, all", sizes["chats"]),
        ],
    )
    for label, plan in plans.items():
        print(f"  plan, {label} search of the big tenant: {plan}")
    emit(
        "message_store",
        {
            "messages": messages,
            "tenants": tenants + 1,
            "big_tenant_messages": BIG,
            "load_s": round(load_s, 1),
            "bytes_per_message": round(per_message),
            "fts_index_bytes_per_message": round(sizes["fts_index"] / messages),
            "tsvector_bytes_per_message": sizes["tsvector"],
            "trigram_index_bytes_per_message": round(sizes["trgm_index"] / messages),
            "trigram_build_ms": sizes["trgm_build_ms"],
            "queries": figures,
            "plans": plans,
        },
    )


if __name__ == "__main__":
    asyncio.run(main())
