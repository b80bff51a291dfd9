"""Small pure pieces: the bus contract's encoding, backoff bounds, migrations."""

from __future__ import annotations

import asyncio
import json
import random

import asyncpg
import pytest

from connector.keyed_locks import KeyedLocks
from connector.reconnect import Backoff
from devstack.stack import create_database, database_url, drop_database
from wagate.bus import Command, CommandType, Event, EventType, Reply, stable_event_id
from wagate.migrate import available_migrations, migrate
from wagate.public_events import frame, webhook_body


def test_command_round_trip() -> None:
    text = {"kind": "text", "text": "é ✓"}
    cmd = Command(CommandType.SEND_MESSAGE, "962302", {"chat": "79001234567", "content": text})
    fields = cmd.to_fields()
    assert all(isinstance(v, str) for v in fields.values())  # what Redis stores
    assert Command.from_fields(fields) == cmd


def test_reply_and_event_round_trip() -> None:
    reply = Reply.failure("session_not_connected", "the session is qr, not connected")
    assert Reply.from_json(reply.to_json()) == reply
    event = Event(EventType.MESSAGE, "962302", {"text": "hi"})
    assert event.id.startswith("evt_") and event.id != Event(EventType.QR, "1", {}).id
    assert Event.from_fields(event.to_fields()) == event
    assert frame(event, "1-0") == {
        "id": "1-0",
        "eventId": event.id,
        "type": "message",
        "companyId": "962302",
        "timestamp": event.timestamp_ms,
        "data": {"text": "hi"},
    }
    body = json.loads(webhook_body(event))
    assert body == {
        "id": event.id,
        "type": "message",
        "companyId": "962302",
        "timestamp": event.timestamp_ms,
        "data": {"text": "hi"},
    }


def test_events_written_before_ids_existed_still_decode_with_a_stable_id() -> None:
    fields = Event(EventType.RECEIPT, "962302", {"status": "read"}).to_fields()
    del fields["id"]
    first, again = Event.from_fields(fields), Event.from_fields(dict(fields))
    assert first.id == again.id and first.id.startswith("evt_")
    assert stable_event_id("a", "b") == stable_event_id("a", "b") != stable_event_id("a", "c")


def test_backoff_is_full_jitter_and_capped() -> None:
    backoff = Backoff(base_s=1, cap_s=60, rng=random.Random(7))
    assert [backoff.bound(n) for n in (1, 2, 3, 6, 7, 50)] == [1, 2, 4, 32, 60, 60]
    delays = [backoff.delay(10) for _ in range(2000)]
    assert all(0 <= d <= 60 for d in delays)
    # spread over the whole window, not bunched at the bound
    assert min(delays) < 6 and max(delays) > 54


async def test_migrations_apply_once() -> None:
    name = await create_database()
    try:
        conn = await asyncpg.connect(database_url(name))
        try:
            first = await migrate(conn)
            assert first == [file for _, file, _ in available_migrations()]
            assert await migrate(conn) == []
            tables = {
                r["tablename"]
                for r in await conn.fetch(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            }
            assert {"tenants", "sessions", "session_credentials", "message_log"} <= tables
            assert {
                "webhook_endpoints",
                "webhook_events",
                "webhook_deliveries",
                "webhook_attempts",
            } <= tables
        finally:
            await conn.close()
    finally:
        await drop_database(name)


async def test_keyed_locks_never_let_two_holders_in_and_forget_idle_keys() -> None:
    locks = KeyedLocks()
    inside: list[str] = []
    order: list[str] = []

    async def hold(name: str, entered: asyncio.Event, leave: asyncio.Event) -> None:
        async with locks.hold("company"):
            inside.append(name)
            assert len(inside) == 1, f"{inside} hold one company's lock at once"
            order.append(name)
            entered.set()
            await leave.wait()
            inside.remove(name)

    entered = {name: asyncio.Event() for name in ("first", "waiting", "newcomer")}
    leave = {name: asyncio.Event() for name in ("first", "waiting", "newcomer")}
    first = asyncio.create_task(hold("first", entered["first"], leave["first"]))
    await entered["first"].wait()
    waiting = asyncio.create_task(hold("waiting", entered["waiting"], leave["waiting"]))
    await asyncio.sleep(0)  # "waiting" queues behind first
    leave["first"].set()
    await first  # first leaves while "waiting" still waits: the lock must stay shared
    await entered["waiting"].wait()
    newcomer = asyncio.create_task(hold("newcomer", entered["newcomer"], leave["newcomer"]))
    await asyncio.sleep(0)  # the newcomer must queue behind "waiting", not get in beside it
    leave["waiting"].set()
    leave["newcomer"].set()
    await asyncio.gather(waiting, newcomer)
    assert order == ["first", "waiting", "newcomer"]
    assert len(locks) == 0


def test_production_refuses_development_secrets() -> None:
    from cryptography.fernet import Fernet

    from wagate.config import ConfigError, Settings

    with pytest.raises(ConfigError, match="WAGATE_JWT_SECRET"):
        Settings.from_env({"WAGATE_ENV": "production"})
    real = {
        "WAGATE_ENV": "production",
        "WAGATE_JWT_SECRET": "j" * 40,
        "WAGATE_API_KEY_PEPPER": "p" * 40,
        "WAGATE_CREDENTIALS_KEYS": Fernet.generate_key().decode(),
        "WAGATE_MEDIA_URL_SECRET": "m" * 40,
    }
    assert Settings.from_env(real).dev_defaults_in_use() == []
    assert Settings.from_env({}).dev_defaults_in_use()  # development: warned, not refused
