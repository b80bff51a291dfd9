"""The webhook pieces on their own: the SSRF guard (with a resolver we control, so DNS
answers can change between registration and delivery), the retry policy, signatures,
settings, and the outbox queue against a real PostgreSQL with two dispatchers at once."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import asyncpg
import pytest
from cryptography.fernet import Fernet
from svix.webhooks import Webhook, WebhookVerificationError

from connector.webhooks.outbox import Outbox
from connector.webhooks.queue import DeliveryQueue
from connector.webhooks.schedule import Outcome, RetrySchedule, parse_retry_after
from connector.webhooks.sender import AttemptResult, Outgoing, Sender
from connector.webhooks.signing import signature_headers
from devstack.stack import create_database, database_url, drop_database
from devstack.webhook_receiver import Receiver
from wagate.bus import Event, EventType
from wagate.config import ConfigError, Settings
from wagate.migrate import migrate
from wagate.public_events import webhook_body
from wagate.sealing import Sealer
from wagate.ssrf import UnsafeUrl, allowed_addresses, blocked_reason, check_url, parse_url
from wagate.tables import webhook_outbox

SEALER = Sealer((Fernet.generate_key().decode(),))


def _queue(pg: asyncpg.Pool, outbox: Outbox, owner: str) -> DeliveryQueue:
    """A queue that never disables an endpoint, as the tests here want."""
    return DeliveryQueue(
        pg,
        outbox,
        owner=owner,
        lease_s=30,
        disable_after_failures=99,
        disable_after_s=9e9,
        sealer=SEALER,
    )


def resolver_of(answers: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    async def resolve(host: str, port: int) -> list[str]:
        if host not in answers:
            raise OSError("Name or service not known")
        return answers[host]

    return resolve


# ---- SSRF guard -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.1.1", "shared"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
    ],
)
def test_blocked_addresses(address: str, reason: str) -> None:
    found = blocked_reason(address, allow_private=False)
    assert found is not None and reason in found


def test_public_addresses_pass_and_the_switch_allows_private_but_never_metadata() -> None:
    for public in ("93.184.216.34", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946"):
        assert blocked_reason(public, allow_private=False) is None
    for private in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "::1"):
        assert blocked_reason(private, allow_private=True) is None
    assert blocked_reason("169.254.169.254", allow_private=True) is not None
    assert blocked_reason("::ffff:169.254.169.254", allow_private=True) is not None


@pytest.mark.parametrize(
    "address",
    ["169.254.170.23", "fd00:ec2::23", "169.254.170.2", "169.254.0.23", "168.63.129.16"],
)
def test_container_and_cloud_credential_services_are_refused_even_when_private_is_allowed(
    address: str,
) -> None:
    found = blocked_reason(address, allow_private=True)
    assert found is not None and "metadata" in found


@pytest.mark.parametrize(
    "host",
    ["0177.0.0.1", "127.000.000.001", "\u2460.com", "xn--a", "ex\u00adample.com",
     "\uff45x.com", "exa\u200bmple.com"],
)  # fmt: skip
def test_hosts_the_http_client_refuses_are_refused_by_shape(host: str) -> None:
    with pytest.raises(UnsafeUrl, match="not a valid host"):
        parse_url(f"https://{host}/hook")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/x",
        "file:///etc/passwd",
        "gopher://example.com/",
        "http://",
        "http://user:pass@example.com/",
        "http://example.com:0/",
        "http://example.com:99999/",
        "http://exa mple.com/",
        "https://example.com/#frag",
        "https://example.com/" + "x" * 2048,
    ],
)
def test_url_shapes_refused(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        parse_url(url)


async def test_host_names_are_judged_by_every_address_they_resolve_to() -> None:
    resolve = resolver_of(
        {
            "hooks.example.com": ["93.184.216.34"],
            "loop.example.com": ["127.0.0.1"],
            "mixed.example.com": ["93.184.216.34", "10.0.0.7"],  # one bad answer is enough
            "meta.example.com": ["169.254.169.254"],
        }
    )
    parsed = await check_url("https://hooks.example.com/wa", allow_private=False, resolver=resolve)
    assert (parsed.host, parsed.port) == ("hooks.example.com", 443)
    for url, why in [
        ("http://loop.example.com/", "loopback"),
        ("http://mixed.example.com/", "private"),
        ("http://meta.example.com/", "metadata"),
        ("http://nowhere.example.com/", "does not resolve"),
        ("http://metadata.google.internal/", "metadata"),
    ]:
        with pytest.raises(UnsafeUrl, match=why):
            await check_url(url, allow_private=False, resolver=resolve)
    # allowed when the operator says so, except metadata
    await check_url("http://loop.example.com/", allow_private=True, resolver=resolve)
    with pytest.raises(UnsafeUrl, match="metadata"):
        await check_url("http://meta.example.com/", allow_private=True, resolver=resolve)


async def test_dns_rebinding_is_refused_at_delivery(receiver: Receiver) -> None:
    """The host resolved to a public address when it was registered; at delivery it
    resolves to 127.0.0.1. The transport checks the answer it connects with."""
    answers = {"hooks.example.com": ["93.184.216.34"]}
    resolve = resolver_of(answers)
    await check_url("http://hooks.example.com/x", allow_private=False, resolver=resolve)

    url = receiver.add()
    port = int(url.split(":")[2].split("/")[0])
    answers["hooks.example.com"] = ["127.0.0.1"]  # the rebinding
    outgoing = Outgoing(
        event_id="evt_rebind",
        url=url.replace("127.0.0.1", "hooks.example.com"),
        body='{"x":1}',
        secrets=("whsec_" + "A" * 32,),
        headers={},
    )
    guarded = Sender(
        connect_timeout_s=1, timeout_s=1, allow_private=False, max_connections=2, resolver=resolve
    )
    try:
        result = await guarded.attempt(outgoing)
    finally:
        await guarded.aclose()
    assert result.refused and result.status_code is None
    assert "loopback" in (result.error or "")
    assert receiver.requests(url) == []  # no connection was made

    # the same name, allowed: the connection goes to the address that was checked, and the
    # request still names the host it was registered with
    allowed = Sender(
        connect_timeout_s=1, timeout_s=1, allow_private=True, max_connections=2, resolver=resolve
    )
    try:
        result = await allowed.attempt(outgoing)
    finally:
        await allowed.aclose()
    assert result.status_code == 200, result
    (request,) = receiver.requests(url)
    assert request.headers["host"] == f"hooks.example.com:{port}"


async def test_allowed_addresses_of_an_ip_literal_need_no_dns() -> None:
    async def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError("resolved an IP literal")

    assert await allowed_addresses("93.184.216.34", 80, allow_private=False, resolver=no_dns) == [
        "93.184.216.34"
    ]
    with pytest.raises(UnsafeUrl):
        await allowed_addresses("[::1]", 80, allow_private=False, resolver=no_dns)


# ---- retry policy ----------------------------------------------------------------------


def test_outcomes() -> None:
    schedule = RetrySchedule((0, 5, 300), rng=random.Random(1))
    assert schedule.outcome(1, 200) is Outcome.DELIVERED
    assert schedule.outcome(1, 204) is Outcome.DELIVERED
    for retryable in (None, 408, 429, 500, 502, 503, 504):
        assert schedule.outcome(1, retryable) is Outcome.RETRY
        assert schedule.outcome(3, retryable) is Outcome.DEAD  # the last attempt
    for refused in (301, 302, 400, 401, 403, 404, 410, 422):
        assert schedule.outcome(1, refused) is Outcome.FAILED
    assert schedule.outcome(1, None, refused=True) is Outcome.FAILED


def test_delays_follow_the_schedule_with_jitter_and_honour_retry_after() -> None:
    schedule = RetrySchedule((0, 5, 300, 1800), rng=random.Random(3))
    after_first = [schedule.delay_after(1) for _ in range(500)]
    assert 4.0 <= min(after_first) < 4.3 and 5.7 < max(after_first) <= 6.0
    assert all(240 <= schedule.delay_after(2) <= 360 for _ in range(100))
    assert schedule.delay_after(1, retry_after_s=120) == 120  # asks for longer: honoured
    assert schedule.delay_after(2, retry_after_s=1) >= 240  # asks for less: the schedule
    assert schedule.delay_after(1, retry_after_s=10**7) == 1800  # capped at the longest
    now = datetime.now(UTC).timestamp()
    assert parse_retry_after("30", now) == 30
    http_date = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    assert 85 <= (parse_retry_after(http_date, now) or 0) <= 91
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


def test_schedule_settings() -> None:
    base = {"WAGATE_JWT_SECRET": "x" * 40}
    default = Settings.from_env(base)
    assert default.webhook_schedule_s == (0, 5, 300, 1800, 7200, 18000, 36000)
    assert default.webhook_allow_private is False
    custom = Settings.from_env(
        {**base, "WAGATE_WEBHOOK_SCHEDULE": "0, 0.2,0.4", "WAGATE_WEBHOOK_ALLOW_PRIVATE": "1"}
    )
    assert custom.webhook_schedule_s == (0, 0.2, 0.4) and custom.webhook_allow_private
    for bad in ("a,b", "1,-2", "nan", "1,inf", "1,,2"):
        with pytest.raises(ConfigError):
            Settings.from_env({**base, "WAGATE_WEBHOOK_SCHEDULE": bad})
    with pytest.raises(ConfigError):
        Settings.from_env({**base, "WAGATE_WEBHOOK_ALLOW_PRIVATE": "maybe"})


# ---- signatures --------------------------------------------------------------------------


def test_signatures_verify_with_svix_and_nothing_else() -> None:
    old, new = "whsec_" + "B" * 32, "whsec_" + "C" * 32
    body = webhook_body(Event(EventType.MESSAGE, "962302", {"text": "olá"}))
    headers = signature_headers([new, old], "evt_1", body, datetime.now(UTC))
    assert headers["webhook-id"] == "evt_1"
    for secret in (old, new):
        Webhook(secret).verify(body.encode(), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "D" * 32).verify(body.encode(), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new).verify(body.replace("olá", "ola").encode(), headers)
    stale = signature_headers([new], "evt_1", body, datetime.now(UTC) - timedelta(minutes=6))
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(new).verify(body.encode(), stale)
    with pytest.raises(ValueError):
        signature_headers([new], "evt_1", body, datetime.now())  # naive time


# ---- the queue against PostgreSQL ------------------------------------------------------


@pytest.fixture(scope="module")
async def migrated() -> AsyncIterator[asyncpg.Pool]:
    name = await create_database()
    pool = await asyncpg.create_pool(database_url(name), min_size=1, max_size=8)
    assert pool is not None
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
        yield pool
    finally:
        await pool.close()
        await drop_database(name)


@pytest.fixture
async def pg(migrated: asyncpg.Pool) -> asyncpg.Pool:
    """The module's database with every table emptied: a database of its own per test
    cost 1.5 to 2.5 s (create, migrate, drop), emptying it 0.3 s."""
    tables = await migrated.fetch(
        """SELECT quote_ident(tablename) AS name FROM pg_tables
           WHERE schemaname = 'public' AND tablename <> 'schema_migrations'"""
    )
    await migrated.execute(
        f"TRUNCATE {', '.join(t['name'] for t in tables)} RESTART IDENTITY CASCADE"
    )
    return migrated


async def _endpoint(pg: asyncpg.Pool, tenant: str, endpoint_id: str, **cols: object) -> None:
    await pg.execute("INSERT INTO tenants (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING", tenant)
    await pg.execute(
        """INSERT INTO webhook_endpoints (id, tenant_id, url, secret, event_types)
           VALUES ($1, $2, 'http://127.0.0.1:9/x', 'whsec_AAAA', $3)""",
        endpoint_id,
        tenant,
        cols.get("event_types"),
    )


def _ok() -> AttemptResult:
    return AttemptResult(datetime.now(UTC), 0.001, status_code=200)


async def test_outbox_fans_out_to_matching_enabled_endpoints_once(pg: asyncpg.Pool) -> None:
    outbox = Outbox(pg)
    await _endpoint(pg, "a", "ep_all")
    await _endpoint(pg, "a", "ep_msg", event_types=["message"])
    await _endpoint(pg, "a", "ep_off")
    await pg.execute("UPDATE webhook_endpoints SET enabled = false WHERE id = 'ep_off'")
    await _endpoint(pg, "b", "ep_other")
    assert await outbox.add(Event(EventType.MESSAGE, "a", {"n": 1}, id="evt_m")) == 2
    assert await outbox.add(Event(EventType.MESSAGE, "a", {"n": 1}, id="evt_m")) == 0  # again
    assert await outbox.add(Event(EventType.QR, "a", {})) == 1
    assert await outbox.add(Event(EventType.QR, "nobody", {})) == 0
    assert await pg.fetchval("SELECT count(*) FROM webhook_events") == 2  # none for "nobody"


async def test_two_dispatchers_share_the_queue_in_order_without_doubles(pg: asyncpg.Pool) -> None:
    outbox = Outbox(pg)
    endpoints = [f"ep_{i}" for i in range(4)]
    for i, ep in enumerate(endpoints):
        await _endpoint(pg, f"co{i}", ep)
    for n in range(15):
        for i in range(len(endpoints)):
            await outbox.add(Event(EventType.RECEIPT, f"co{i}", {"n": n}))

    queues = [_queue(pg, outbox, name) for name in ("one", "two")]
    delivered: dict[str, list[int]] = {ep: [] for ep in endpoints}
    in_flight: set[str] = set()
    overlaps: list[str] = []

    async def dispatcher(queue: DeliveryQueue) -> None:
        idle = 0
        while idle < 5:
            claimed = await queue.claim(3)
            idle = 0 if claimed else idle + 1
            for c in claimed:
                if c.endpoint_id in in_flight:
                    overlaps.append(c.endpoint_id)
                in_flight.add(c.endpoint_id)
            await asyncio.sleep(random.uniform(0, 0.01))
            for c in claimed:
                delivered[c.endpoint_id].append(c.delivery_id)
                in_flight.discard(c.endpoint_id)
                await queue.finish(c, _ok(), Outcome.DELIVERED, 0.0, take_next=False)
            await asyncio.sleep(0.005)

    await asyncio.gather(*(dispatcher(q) for q in queues))
    assert overlaps == []  # never two attempts at once for one endpoint
    for ep, ids in delivered.items():
        assert len(ids) == 15 and ids == sorted(ids), ep  # each once, in order
    assert (
        await pg.fetchval("SELECT count(*) FROM webhook_deliveries WHERE status <> 'delivered'")
        == 0
    )


async def test_a_failing_head_holds_back_its_endpoint_only(pg: asyncpg.Pool) -> None:
    outbox = Outbox(pg)
    await _endpoint(pg, "a", "ep_a")
    await _endpoint(pg, "b", "ep_b")
    for n in range(3):
        await outbox.add(Event(EventType.RECEIPT, "a", {"n": n}))
        await outbox.add(Event(EventType.RECEIPT, "b", {"n": n}))
    queue = _queue(pg, outbox, "t")
    first = await queue.claim(10)
    assert sorted(c.endpoint_id for c in first) == ["ep_a", "ep_b"]  # one head each
    a = next(c for c in first if c.endpoint_id == "ep_a")
    b = next(c for c in first if c.endpoint_id == "ep_b")
    failed = AttemptResult(datetime.now(UTC), 0.001, status_code=503)
    await queue.finish(a, failed, Outcome.RETRY, 60.0, take_next=True)  # a waits a minute
    done = await queue.finish(b, _ok(), Outcome.DELIVERED, 0.0, take_next=True)
    assert done.next is not None and done.next.endpoint_id == "ep_b"  # b goes on at once
    assert await queue.claim(10) == []  # a's later events wait behind its head
    # a lease left by a dispatcher that died expires, and the delivery is taken again
    await pg.execute("UPDATE webhook_deliveries SET lease_until = now() - interval '1 s'")
    again = await queue.claim(10)
    assert [c.delivery_id for c in again] == [done.next.delivery_id]
    assert again[0].attempt == 2


async def test_retention_forgets_finished_events_only(pg: asyncpg.Pool) -> None:
    outbox = Outbox(pg)
    await _endpoint(pg, "a", "ep_a")
    for n in range(3):
        await outbox.add(Event(EventType.RECEIPT, "a", {"n": n}))
    queue = _queue(pg, outbox, "t")
    (head,) = await queue.claim(10)
    await queue.finish(head, _ok(), Outcome.DELIVERED, 0.0, take_next=False)
    await pg.execute("UPDATE webhook_events SET created_at = now() - interval '40 days'")
    assert await queue.purge(30) == 1  # the delivered one; the two pending ones stay
    assert await pg.fetchval("SELECT count(*) FROM webhook_deliveries") == 2
    assert await pg.fetchval("SELECT count(*) FROM webhook_attempts") == 0


async def test_an_answer_postgresql_cannot_store_is_recorded_all_the_same(
    pg: asyncpg.Pool,
) -> None:
    """A receiver's answer with a NUL (and bytes that are not UTF-8): the attempt is
    recorded with U+FFFD in their place, not refused by PostgreSQL (which would leave the
    delivery leased, sent again and again, and its endpoint's later events behind it)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        await reader.readexactly(length)
        body = b"thanks\x00\xed\xa0\x80"
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    sender = Sender(connect_timeout_s=1, timeout_s=1, allow_private=True, max_connections=1)
    outgoing = Outgoing("evt_nul", f"http://127.0.0.1:{port}/x", "{}", ("whsec_" + "A" * 32,), {})
    try:
        result = await sender.attempt(outgoing)
    finally:
        await sender.aclose()
        server.close()
    assert result.status_code == 200, result

    outbox = Outbox(pg)
    await _endpoint(pg, "a", "ep_a")
    await outbox.add(Event(EventType.RECEIPT, "a", {}))
    queue = _queue(pg, outbox, "t")
    (claimed,) = await queue.claim(10)
    assert (await queue.finish(claimed, result, Outcome.DELIVERED, 0.0, take_next=False)).recorded
    stored = await pg.fetchval("SELECT response_body FROM webhook_attempts")
    assert stored == "thanks\ufffd\ufffd\ufffd\ufffd"


async def test_attempts_finishing_together_are_each_recorded_and_each_chain_goes_on(
    pg: asyncpg.Pool,
) -> None:
    """Many endpoints' attempts finish at once (they are written together): each delivery
    gets its own outcome, attempt row and streak, and only the endpoints whose head is
    finished get their next delivery, in order."""
    outbox = Outbox(pg)
    endpoints = [f"ep_{i}" for i in range(12)]
    for i, ep in enumerate(endpoints):
        await _endpoint(pg, f"co{i}", ep)
        for n in range(2):
            await outbox.add(Event(EventType.RECEIPT, f"co{i}", {"n": n}))
    queue = _queue(pg, outbox, "t")
    heads = await queue.claim(100)
    assert len(heads) == len(endpoints)
    outcomes = [Outcome.DELIVERED, Outcome.RETRY, Outcome.FAILED]
    results = {
        Outcome.DELIVERED: _ok(),
        Outcome.RETRY: AttemptResult(datetime.now(UTC), 0.001, status_code=503),
        Outcome.FAILED: AttemptResult(datetime.now(UTC), 0.001, status_code=404),
    }
    chosen = {h.endpoint_id: outcomes[i % 3] for i, h in enumerate(heads)}
    finished = await asyncio.gather(
        *(
            queue.finish(
                h, results[chosen[h.endpoint_id]], chosen[h.endpoint_id], 60.0, take_next=True
            )
            for h in heads
        )
    )
    for head, done in zip(heads, finished, strict=True):
        assert done.recorded
        if chosen[head.endpoint_id] is Outcome.RETRY:
            assert done.next is None  # its head waits for the retry; the rest behind it
        else:
            assert done.next is not None and done.next.endpoint_id == head.endpoint_id
            assert done.next.delivery_id > head.delivery_id
    rows = await pg.fetch(
        """SELECT d.endpoint_id, d.status, a.outcome, e.consecutive_failures
           FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
           JOIN webhook_endpoints e ON e.id = d.endpoint_id"""
    )
    assert len(rows) == len(endpoints)
    for row in rows:
        outcome = chosen[row["endpoint_id"]]
        assert row["outcome"] == outcome.value
        assert row["status"] == ("pending" if outcome is Outcome.RETRY else outcome.value)
        assert row["consecutive_failures"] == (0 if outcome is Outcome.DELIVERED else 1)
    # a claim that no longer owns its delivery is not recorded, and takes nothing
    again = await queue.finish(heads[0], _ok(), Outcome.DELIVERED, 0.0, take_next=True)
    assert not again.recorded and again.next is None


async def test_the_next_delivery_is_leased_only_when_due_and_free(pg: asyncpg.Pool) -> None:
    """Recording an endpoint's head leases its next delivery in the same statement, unless
    that one is not due yet or another claim holds it; the claim loop never finds the next
    one free in between."""
    outbox = Outbox(pg)
    for tenant, ep in (("a", "ep_later"), ("b", "ep_held"), ("c", "ep_free")):
        await _endpoint(pg, tenant, ep)
        for n in range(2):
            await outbox.add(Event(EventType.RECEIPT, tenant, {"n": n}))
    queue = _queue(pg, outbox, "t")
    heads = {c.endpoint_id: c for c in await queue.claim(10)}
    await pg.execute(
        """UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour'
           WHERE endpoint_id = 'ep_later' AND id <> $1""",
        heads["ep_later"].delivery_id,
    )
    await pg.execute(
        """UPDATE webhook_deliveries SET lease_until = now() + interval '1 hour',
                  leased_by = 'other' WHERE endpoint_id = 'ep_held' AND id <> $1""",
        heads["ep_held"].delivery_id,
    )
    finished = await asyncio.gather(
        *(queue.finish(h, _ok(), Outcome.DELIVERED, 0.0, take_next=True) for h in heads.values())
    )
    nexts = {h: f.next for h, f in zip(heads, finished, strict=True)}
    assert nexts["ep_later"] is None and nexts["ep_held"] is None
    following = nexts["ep_free"]
    assert following is not None and following.attempt == 1
    assert await queue.claim(10) == []


class _Explaining:
    """An executor that runs each statement under EXPLAIN (ANALYZE, BUFFERS) and keeps
    the pages it touched, answering no rows."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self.pages: list[int] = []

    async def fetch(self, sql: str, *args: object) -> list[asyncpg.Record]:
        raw = await self._conn.fetchval("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, *args)
        plan = json.loads(raw)[0]["Plan"]
        self.pages.append(plan["Shared Hit Blocks"] + plan["Shared Read Blocks"])
        return []


async def test_a_backlog_after_a_drained_outbox_was_analyzed_costs_pages_per_row_not_per_backlog(
    pg: asyncpg.Pool,
) -> None:
    """Statistics taken while nothing was pending, then a backlog (a receiver came back):
    claiming a head and recording its attempt touch a few pages each, not every pending
    delivery's, however long the backlog is."""
    await _endpoint(pg, "a", "ep_a")

    async def deliveries(count: int, status: str) -> None:
        await pg.execute(
            """WITH e AS (
                   INSERT INTO webhook_events (id, tenant_id, type, body, created_at)
                   SELECT 'evt_' || $2 || g, 'a', 'receipt', '{}', now()
                   FROM generate_series(1, $1) g
                   RETURNING id)
               INSERT INTO webhook_deliveries (event_id, endpoint_id, tenant_id, status)
               SELECT id, 'ep_a', 'a', $2 FROM e""",
            count,
            status,
        )

    await deliveries(3000, "delivered")
    await pg.execute("ANALYZE webhook_deliveries")
    pages = {}
    for backlog in (300, 3000):
        await pg.execute("DELETE FROM webhook_deliveries WHERE status = 'pending'")
        await pg.execute("DELETE FROM webhook_events WHERE id LIKE 'evt_pending%'")
        await deliveries(backlog, "pending")
        queue = _queue(pg, Outbox(pg), "t")
        (head,) = await queue.claim(1)
        async with pg.acquire() as conn, conn.transaction():
            explaining = _Explaining(conn)
            await webhook_outbox.claim(explaining, 1, 30, "t", ("webhook",))
            record = webhook_outbox.AttemptRecord(
                head.delivery_id, head.attempt, "delivered", 0.0, 200, None,
                datetime.now(UTC), 1.0, None,
            )  # fmt: skip
            await webhook_outbox.record_attempts(explaining, [(record, True)], 30, "t")
            pages[backlog] = explaining.pages
    # ten times the backlog: about the same pages (an index level more at most)
    for claim_or_record in (0, 1):
        assert pages[3000][claim_or_record] < pages[300][claim_or_record] + 20, pages
