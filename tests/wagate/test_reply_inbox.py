"""Replies through the gateway process's inbox (wagate/bus/inbox.py): a gateway and a
connector of this release on a real Redis, and each of them against the other's previous
release (a command naming no inbox; a connector that answers on the command's own list)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest

from connector.commands import CommandHandler
from connector.consumer import CommandConsumer
from connector.health import HealthMonitor
from devstack.stack import REDIS_URL
from devstack.waiting import until
from gateway import reply_inbox
from gateway.bus_client import BusClient, RedisBus
from gateway.errors import ApiError
from gateway.reply_inbox import ReplyInbox
from tests.core_fakes import Core
from tests.private_redis import private_redis
from wagate import bus
from wagate.bus import (
    INBOX_FIELD,
    BusKeys,
    Command,
    Reply,
    inbox_entry,
    inbox_of,
    read_inbox_entry,
)
from wagate.deadlines import CancellableRedis, cancel_all, within
from wagate.shared_connection import SharedConnection


def _listing() -> Command:
    return Command.for_operator(bus.ListSessions())


@dataclass
class Gateway:
    redis: CancellableRedis
    keys: BusKeys
    inbox: ReplyInbox
    client: BusClient

    async def listed(self) -> list[bus.SessionView]:
        return (await self.client.call_ok(_listing(), bus.SessionList)).sessions


@asynccontextmanager
async def _gateway(url: str, keys: BusKeys, timeout_s: float = 5.0) -> AsyncIterator[Gateway]:
    """A gateway process's bus: its inbox read until the end."""
    redis = CancellableRedis.from_url(url, socket_connect_timeout=1)
    inbox = ReplyInbox(redis, keys)
    client = BusClient(RedisBus(redis, keys, timeout_s, inbox), inbox)
    try:
        async with client.reading():
            yield Gateway(redis, keys, inbox, client)
    finally:
        await redis.aclose()


@asynccontextmanager
async def _connector(url: str, keys: BusKeys, *, announce: bool = True) -> AsyncIterator[None]:
    """This release's connector reading the command stream (no sessions: a listing is
    answered empty); `announce`: it says it answers into inboxes, as its heartbeat does."""
    core = Core()
    pool = core.pool()
    handler = CommandHandler(pool, core.metrics, HealthMonitor(pool, 60, 5), 1.0)
    redis = CancellableRedis.from_url(url)

    async def leading() -> bool:
        return True

    shared = SharedConnection(redis, 5.0)  # as the connector's process answers
    consumer = CommandConsumer(redis, keys, "c1", handler, 4, core.metrics, leading, shared)
    if announce:
        await redis.set(keys.connector_answers_inboxes, 1, ex=60)
    running = asyncio.create_task(consumer.run())
    try:
        yield
    finally:
        consumer.stop_taking()
        await cancel_all([running], 5)  # not waiting out its blocking read
        await shared.close()
        await redis.aclose()


@pytest.fixture
async def keys() -> AsyncIterator[BusKeys]:
    made = BusKeys(f"wagate-inbox-{secrets.token_hex(4)}")
    yield made
    redis = CancellableRedis.from_url(REDIS_URL)
    leftover = [k async for k in redis.scan_iter(match=f"{made.prefix}:*")]
    if leftover:
        await redis.delete(*leftover)
    await redis.aclose()


async def _seen(check: Callable[[], object], what: str) -> None:
    async def polled() -> object:
        return check()

    await until(polled, what)


async def _in_use(gateway: Gateway) -> None:
    await _seen(lambda: gateway.inbox.in_use, "the gateway to use its inbox")


def test_an_inbox_entry_names_its_command_and_a_malformed_one_is_refused() -> None:
    reply = Reply.failure("rate_overlimit", "slow down", 2.5)
    assert read_inbox_entry(inbox_entry("c0ffee", reply.to_json()).encode()) == ("c0ffee", reply)
    for bad in ("c0ffee", " {}", "c0ffee [1]", "c0ffee {}"):
        with pytest.raises(ValueError):
            read_inbox_entry(bad)
    # only an inbox's name is taken from an entry, never a key of Redis's
    assert inbox_of({INBOX_FIELD: "x" * 32}) is None
    assert inbox_of({INBOX_FIELD: "wagate:commands"}) is None
    assert inbox_of({}) is None


async def test_replies_come_through_the_inbox_and_leave_no_list_per_command(
    keys: BusKeys,
) -> None:
    async with _connector(REDIS_URL, keys), _gateway(REDIS_URL, keys) as gateway:
        await _in_use(gateway)
        commands = [_listing() for _ in range(20)]
        replies = await asyncio.gather(*(gateway.client.call(c) for c in commands))
        assert all(r.ok for r in replies)
        # every reply went to the inbox: no command's own list, no waiter left behind
        assert not await gateway.redis.exists(*(keys.reply(c.id) for c in commands))
        assert not gateway.inbox._waiting


async def test_a_command_of_an_older_gateway_is_answered_on_its_own_list(
    keys: BusKeys,
) -> None:
    async with _connector(REDIS_URL, keys):
        redis = CancellableRedis.from_url(REDIS_URL)
        try:
            command = _listing()
            await redis.xadd(keys.commands, command.to_fields())  # type: ignore[arg-type]
            popped = await redis.blpop([keys.reply(command.id)], timeout=5)
            assert popped is not None and Reply.from_json(popped[1]).ok
        finally:
            await redis.aclose()


@asynccontextmanager
async def _older_connector(keys: BusKeys) -> AsyncIterator[None]:
    """A connector of the previous release: it answers every command on its own list."""
    redis = CancellableRedis.from_url(REDIS_URL)

    async def answer() -> None:
        last = "0"
        while True:
            read = await redis.xread({keys.commands: last}, block=1000)
            for _stream, entries in read:
                for entry_id, fields in entries:
                    last = entry_id
                    command_id = fields[b"id"].decode()
                    listed = Reply.success(bus.SessionList([])).to_json()
                    await redis.lpush(keys.reply(command_id), listed)

    task = asyncio.create_task(answer())
    try:
        yield
    finally:
        task.cancel()
        await asyncio.wait([task])
        await redis.aclose()


async def test_against_a_connector_that_answers_no_inbox_the_gateway_names_none(
    keys: BusKeys,
) -> None:
    async with _older_connector(keys), _gateway(REDIS_URL, keys) as gateway:
        assert await gateway.listed() == []
        entry = gateway.client.append_of(_listing())
        assert entry is not None and INBOX_FIELD not in entry.fields
        assert not gateway.inbox.in_use


async def test_a_connector_put_back_to_an_older_release_is_heard_before_the_gateway_sees_it(
    keys: BusKeys,
) -> None:
    """The announcement of the newer connector is still there (it lasts until it expires),
    so the gateway names its inbox; the older connector now leading answers on the
    command's own list: the request gets that answer within about a second, not a
    timeout."""
    redis = CancellableRedis.from_url(REDIS_URL)
    await redis.set(keys.connector_answers_inboxes, 1, ex=60)
    await redis.aclose()
    async with _gateway(REDIS_URL, keys, timeout_s=5.0) as gateway:
        await _in_use(gateway)
        async with _older_connector(keys):
            command = _listing()
            assert INBOX_FIELD in gateway.client.append_of(command).fields
            reply = await within(gateway.client.call(command), 3.0)
            assert reply.ok
            assert not await gateway.redis.exists(keys.reply(command.id))


async def test_a_reply_after_its_request_gave_up_is_dropped_and_leaves_nothing_behind(
    keys: BusKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reply_inbox, "_UNCLAIMED_MAX", 3)
    redis = CancellableRedis.from_url(REDIS_URL)
    await redis.set(keys.connector_answers_inboxes, 1, ex=60)
    async with _gateway(REDIS_URL, keys) as gateway:
        await _in_use(gateway)
        impatient = BusClient(RedisBus(gateway.redis, keys, 0.3, gateway.inbox))
        with pytest.raises(ApiError) as raised:
            await impatient.call_ok(_listing(), bus.SessionList)  # no connector yet
        assert raised.value.code == "connector_timeout"
        assert "did not answer within 0.3 s" in raised.value.message
        # more commands as their gateway wrote them, and then gave up on
        late = [gateway.client.append_of(_listing()) for _ in range(6)]
        for entry in late[:-1]:
            assert entry is not None and inbox_of(entry.fields) == gateway.inbox.name
            await redis.xadd(keys.commands, entry.fields)  # type: ignore[arg-type]

        async def all_answered() -> bool:
            return not await redis.xlen(keys.commands)

        async with _connector(REDIS_URL, keys):
            await until(all_answered, "the late commands to be answered")
            # answered after all of them, so read after all of them
            assert await gateway.listed() == []
            assert len(gateway.inbox._unclaimed) == 3 and not gateway.inbox._waiting
    # its gateway gone, a reply into its inbox leaves nothing in Redis
    async with _connector(REDIS_URL, keys):
        assert late[-1] is not None
        await redis.xadd(keys.commands, late[-1].fields)  # type: ignore[arg-type]
        await until(all_answered, "the last command to be answered")
    left = {k.decode() async for k in redis.scan_iter(match=f"{keys.prefix}:*")}
    assert left <= {keys.commands, keys.connector_answers_inboxes}
    await redis.aclose()


async def test_redis_gone_while_waiting_answers_at_once_and_the_inbox_reads_again_after(
    keys: BusKeys,
) -> None:
    with private_redis() as server:
        async with _gateway(server.url, keys, timeout_s=5.0) as gateway:
            await gateway.redis.set(keys.connector_answers_inboxes, 1, ex=60)
            await _in_use(gateway)
            waiting = asyncio.create_task(gateway.listed())  # no connector yet
            await _seen(lambda: gateway.inbox._waiting, "the request to wait")
            server.kill()
            with pytest.raises(ApiError) as raised:
                await within(waiting, 3)  # well before the 5 s timeout
            assert raised.value.code == "connector_timeout"
            assert "connection to the message bus broke" in raised.value.message
            server.start()
            async with _connector(server.url, keys):
                await _in_use(gateway)
                assert await gateway.listed() == []


async def test_a_subscription_gone_quiet_is_found_dead_and_read_again(
    keys: BusKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection that answers nothing (here Redis paused; a dead peer alike) fails the
    requests waiting on it within two quiet reads, not at their timeout."""
    monkeypatch.setattr(reply_inbox, "_READ_WAIT_S", 0.2)
    with private_redis() as server:
        async with _gateway(server.url, keys, timeout_s=10.0) as gateway:
            await gateway.redis.set(keys.connector_answers_inboxes, 1, ex=60)
            await _in_use(gateway)
            waiting = asyncio.create_task(gateway.listed())  # no connector
            await _seen(lambda: gateway.inbox._waiting, "the request to wait")
            await gateway.redis.execute_command("CLIENT", "PAUSE", 1500, "ALL")
            with pytest.raises(ApiError) as raised:
                await within(waiting, 1.2)  # before Redis is back, well before 10 s
            assert "connection to the message bus broke" in raised.value.message
            async with _connector(server.url, keys):
                await _in_use(gateway)
                assert await gateway.listed() == []
