"""Event streams to RabbitMQ (AMQP 0-9-1), against a node of the module's own (Debian's
rabbitmq-server, started here on private ports, killed and started again mid-burst)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import aio_pika
import asyncpg
import pytest

from tests.connector.streams_support import Streams, first_seen, streams_running
from tests.connector.test_webhook_units import migrated, pg  # noqa: F401 - fixtures
from tests.private_brokers import PrivateRabbitMQ, running

# the installation-wide stream's topic exchange and a queue bound to every tenant's
# events; a tenant's stream publishes to its queue through the default exchange
EVERYONE = "everyone"
ACME = "acme"


@pytest.fixture(scope="module")
def broker() -> Iterator[PrivateRabbitMQ]:
    with running(PrivateRabbitMQ()) as server:
        assert isinstance(server, PrivateRabbitMQ)
        yield server


async def _fresh_queues(url: str) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(
            "wagate", aio_pika.ExchangeType.TOPIC, durable=True
        )
        for name in (EVERYONE, ACME):
            await channel.queue_delete(name)  # the previous test's
            await channel.declare_queue(name, durable=True)
        everyone = await channel.get_queue(EVERYONE)
        await everyone.bind(exchange, "wagate.events.#")


@pytest.fixture
async def streams(pg: asyncpg.Pool, broker: PrivateRabbitMQ) -> AsyncIterator[Streams]:  # noqa: F811
    await _fresh_queues(broker.url)
    async with streams_running(pg, {"WAGATE_STREAM_AMQP_URL": broker.url}) as s:
        yield s


async def _received(url: str, queue_name: str) -> list[tuple[str, str]]:
    """(message_id, routing key) of every message in the queue, in order."""
    connection = await aio_pika.connect(url)
    got: list[tuple[str, str]] = []
    async with connection:
        queue = await (await connection.channel()).get_queue(queue_name)
        while (message := await queue.get(fail=False)) is not None:
            got.append((str(message.message_id), str(message.routing_key)))
            await message.ack()
    return got


async def test_a_burst_arrives_in_order_with_its_ids(
    streams: Streams, broker: PrivateRabbitMQ
) -> None:
    events = await streams.burst(["a", "b"], 60)
    await streams.all_published(20)
    got = await _received(broker.url, EVERYONE)
    assert [i for i, _ in got] == [e.id for e in events]  # each once, in order
    assert got[1][1] == "wagate.events.b.receipt"  # <subject>.<tenant>.<type>


async def test_a_broker_restart_mid_burst_loses_nothing(
    streams: Streams, broker: PrivateRabbitMQ
) -> None:
    async def kill_and_restart(i: int) -> None:
        if i == 100:
            broker.kill()  # SIGKILL, as a crash
        elif i == 150:  # away for longer than the whole retry schedule
            await streams.retried_past_schedule()
            await asyncio.to_thread(broker.start)

    events = await streams.burst(["a", "b"], 300, kill_and_restart)
    await streams.all_published(60)
    ids = [i for i, _ in await _received(broker.url, EVERYONE)]
    # none lost, in order; a repeat (confirmed, the crash before it was recorded) keeps
    # its id for the consumer to drop: RabbitMQ itself does not de-duplicate
    assert first_seen(ids) == [e.id for e in events]


async def test_a_tenant_stream_sees_only_that_tenants_events(
    streams: Streams, broker: PrivateRabbitMQ
) -> None:
    await streams.tenant_stream("a", "amqp", broker.url, ACME)  # the default exchange
    events = await streams.burst(["a", "b"], 20)
    await streams.all_published(20)
    got = await _received(broker.url, ACME)
    assert [i for i, _ in got] == [e.id for e in events if e.tenant_id == "a"]
    assert len(await _received(broker.url, EVERYONE)) == 20
