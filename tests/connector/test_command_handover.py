"""The consumer's side of a failover, on a real Redis stream: what a connector that is
handing over (fenced or stopping), or that cannot confirm its lock, leaves unanswered
stays pending in the consumer group for the next connector."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator, Callable
from typing import cast

import pytest
from redis.asyncio import Redis

from connector.commands import CommandHandler
from connector.consumer import CommandConsumer
from connector.metrics import ConnectorMetrics
from devstack.stack import REDIS_URL
from devstack.waiting import until
from wagate import bus
from wagate.bus import CONSUMER_GROUP, REPLY_TTL_SECONDS, BusKeys, Command, Reply


class _Handler:
    """Answers each command with the reply the test set for its tenant."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.handled: list[str] = []
        self.after: Callable[[], None] | None = None  # runs as each command's reply is made

    async def handle(self, command: Command) -> Reply:
        self.handled.append(command.id)
        if self.after is not None:
            self.after()
        return self.replies[command.tenant_id or ""]


class _Lock:
    def __init__(self) -> None:
        self.held = True

    async def confirm(self) -> bool:
        return self.held


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    yield client
    await client.aclose()


async def _consumer(
    redis: Redis, handler: _Handler, lock: _Lock, slow_after_s: float | None = None
) -> tuple[CommandConsumer, BusKeys, asyncio.Task[None]]:
    keys = BusKeys(f"wagate-test-{secrets.token_hex(4)}")
    consumer = CommandConsumer(
        redis,
        keys,
        "leader",
        cast(CommandHandler, handler),
        concurrency=4,
        metrics=ConnectorMetrics(),
        leading=lock.confirm,
        slow_after_s=slow_after_s,
    )
    return consumer, keys, asyncio.create_task(consumer.run())


async def _send(redis: Redis, keys: BusKeys, tenant: str) -> Command:
    command = Command.of(tenant, bus.Status())
    await redis.xadd(keys.commands, command.to_fields())  # type: ignore[arg-type]
    return command


async def _answer(redis: Redis, keys: BusKeys, command: Command) -> Reply | None:
    popped = await redis.blpop([keys.reply(command.id)], timeout=0.2)
    return None if popped is None else Reply.from_json(popped[1])


async def _pending(redis: Redis, keys: BusKeys) -> int:
    summary = await redis.xpending(keys.commands, CONSUMER_GROUP)
    return int(summary["pending"])


async def test_a_failure_met_without_a_confirmed_lock_stays_pending(redis: Redis) -> None:
    handler, lock = _Handler(), _Lock()
    handler.replies = {
        "ok": Reply.success(bus.Stopped(True)),
        "down": Reply.failure("database_unavailable", "the database is unreachable"),
    }
    consumer, keys, running = await _consumer(redis, handler, lock)
    try:
        lock.held = False  # the database connections died with the lock's
        done, failed = await _send(redis, keys, "ok"), await _send(redis, keys, "down")

        async def both_handled() -> bool:
            return len(handler.handled) == 2

        await until(both_handled, "both commands handled")
        answer = await until(lambda: _answer(redis, keys, done), "the success's reply")
        assert answer.ok  # a real outcome is answered whatever the lock says
        assert await _answer(redis, keys, failed) is None
        assert await _pending(redis, keys) == 1  # the failed one, for the next connector
    finally:
        consumer.stop_taking()
        running.cancel()
        await redis.delete(keys.commands)


async def test_an_outage_that_takes_the_lock_a_moment_later_leaves_the_command_pending(
    redis: Redis,
) -> None:
    """A database outage answered while the lock still confirms is a 503 for the client;
    the same outage taking the lock's connection a moment after the command's leaves the
    command to the next connector, as if both had died together."""
    handler, lock = _Handler(), _Lock()
    handler.replies = {"down": Reply.failure("database_unavailable", "the database is unreachable")}
    consumer, keys, running = await _consumer(redis, handler, lock)
    try:
        blip = await _send(redis, keys, "down")  # the lock holds throughout
        answer = await until(lambda: _answer(redis, keys, blip), "the blip's answer")
        assert answer.code == "database_unavailable"

        def lose_the_lock_soon() -> None:
            asyncio.get_running_loop().call_later(0.1, setattr, lock, "held", False)

        handler.after = lose_the_lock_soon
        outage = await _send(redis, keys, "down")
        await until(lambda: _handled(handler, outage), "the command handled")
        await asyncio.sleep(1.0)  # past the settle
        assert await _answer(redis, keys, outage) is None
        assert await _pending(redis, keys) == 1  # for the next connector
    finally:
        consumer.stop_taking()
        running.cancel()
        await redis.delete(keys.commands)


async def _handled(handler: _Handler, command: Command) -> bool:
    return command.id in handler.handled


async def test_a_failure_after_hand_over_stays_pending(redis: Redis) -> None:
    handler, lock = _Handler(), _Lock()
    handler.replies = {"gone": Reply.failure("session_not_connected", "the session is stopped")}
    consumer, keys, running = await _consumer(redis, handler, lock)
    try:
        refused = await _send(redis, keys, "gone")
        answer = await until(lambda: _answer(redis, keys, refused), "the refusal, while leading")
        assert answer.code == "session_not_connected"  # a real outcome while leading

        consumer.hand_over()  # the sessions are about to stop
        later = await _send(redis, keys, "gone")
        await asyncio.wait_for(running, 5)  # the consumer ends its loop
        assert await _answer(redis, keys, later) is None
        assert later.id not in handler.handled  # not even started: read by no one
        assert int(await redis.xlen(keys.commands)) == 1  # still on the stream
    finally:
        running.cancel()
        await redis.delete(keys.commands)


async def test_an_answer_is_kept_for_its_ttl_and_its_command_leaves_the_stream(
    redis: Redis,
) -> None:
    handler, lock = _Handler(), _Lock()
    handler.replies = {"ok": Reply.success(bus.Stopped(True))}
    consumer, keys, running = await _consumer(redis, handler, lock)
    try:
        command = await _send(redis, keys, "ok")

        async def replied() -> bool:
            return bool(await redis.exists(keys.reply(command.id)))

        await until(replied, "the reply")
        assert 0 < await redis.ttl(keys.reply(command.id)) <= REPLY_TTL_SECONDS
        answer = await _answer(redis, keys, command)
        assert answer is not None and answer.ok
        assert int(await redis.xlen(keys.commands)) == 0  # acknowledged and deleted
        assert await _pending(redis, keys) == 0
    finally:
        consumer.stop_taking()
        running.cancel()
        await redis.delete(keys.commands)


async def test_a_command_with_no_id_is_dropped_from_the_stream(redis: Redis) -> None:
    consumer, keys, running = await _consumer(redis, _Handler(), _Lock())
    try:
        await redis.xadd(keys.commands, {"type": "status", "payload": "{}"})

        async def gone() -> bool:
            return int(await redis.xlen(keys.commands)) == 0

        await until(gone, "the malformed command off the stream")
        assert await _pending(redis, keys) == 0
    finally:
        consumer.stop_taking()
        running.cancel()
        await redis.delete(keys.commands)


async def test_a_reply_is_written_when_redis_lost_the_group_meanwhile(redis: Redis) -> None:
    """Redis restarted empty while the command ran: nothing is left to acknowledge, but
    the gateway waiting for the reply still gets it."""
    keys_of: list[BusKeys] = []

    class _Forgetting(_Handler):
        async def handle(self, command: Command) -> Reply:
            await redis.delete(keys_of[0].commands)  # the stream and its group
            return Reply.success(bus.Stopped(True))

    consumer, keys, running = await _consumer(redis, _Forgetting(), _Lock())
    keys_of.append(keys)
    try:
        command = await _send(redis, keys, "ok")
        answer = await until(lambda: _answer(redis, keys, command), "the reply")
        assert answer.ok
    finally:
        consumer.stop_taking()
        running.cancel()
        await redis.delete(keys.commands)


async def test_a_late_answer_is_logged_with_where_its_time_went(
    redis: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    """A command answered past `slow_after_s` says how long it waited on the bus, ran,
    confirmed the lock and wrote its reply: the figures a 504 is explained by."""
    handler, lock = _Handler(), _Lock()
    handler.replies = {
        "slow": Reply.failure("session_not_connected", "the session is reconnecting"),
        "quick": Reply.success(bus.Stopped(True)),
    }
    consumer, keys, running = await _consumer(redis, handler, lock, slow_after_s=1.0)
    try:
        quick = await _send(redis, keys, "quick")
        await until(lambda: _answer(redis, keys, quick), "the quick one's answer")
        handler.after = lambda: time.sleep(1.2)  # a handler that holds the loop: "running"
        slow = await _send(redis, keys, "slow")
        await until(lambda: _answer(redis, keys, slow), "the slow one's answer")
    finally:
        consumer.stop_taking()
        running.cancel()
        await redis.delete(keys.commands)
    late = [r.getMessage() for r in caplog.records if "after it was issued" in r.getMessage()]
    assert len(late) == 1, late  # the quick one is not logged
    assert late[0].startswith(f"command {slow.id} (status) answered session_not_connected")
    for step in ("on the bus", "running", "confirming the lock", "writing the reply"):
        assert f" s {step}" in late[0], late[0]
