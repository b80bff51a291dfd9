"""Event streams to RabbitMQ (AMQP 0-9-1), against a node of the module's own (Debian's
rabbitmq-server, started here on private ports, killed and started again mid-burst)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aio_pika
import asyncpg
import pytest

from tests.connector.streams_support import (
    Streams,
    burst_arrives_in_order,
    restart_mid_burst,
    streams_running,
    tenant_stream_is_the_tenants,
)
from tests.connector.test_webhook_units import migrated, pg  # noqa: F401 - fixtures
from tests.private_brokers import PrivateRabbitMQ, running

# the installation-wide stream's topic exchange and a queue bound to every tenant's
# events; a tenant's stream publishes to its queue through the default exchange
EVERYONE = "everyone"
ACME = "acme"


@pytest.fixture(scope="module")
async def broker() -> AsyncIterator[PrivateRabbitMQ]:
    async with running(PrivateRabbitMQ()) as server:
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
    await burst_arrives_in_order(streams, lambda: _received(broker.url, EVERYONE))


async def test_a_broker_restart_mid_burst_loses_nothing(
    streams: Streams, broker: PrivateRabbitMQ
) -> None:
    # a repeat (confirmed, the crash came before it was recorded) keeps its message_id
    # for the consumer to drop: RabbitMQ itself does not de-duplicate
    await restart_mid_burst(streams, broker, lambda: _received(broker.url, EVERYONE))


async def test_a_tenant_stream_sees_only_that_tenants_events(
    streams: Streams, broker: PrivateRabbitMQ
) -> None:
    await streams.tenant_stream("a", "amqp", broker.url, ACME)  # the default exchange
    await tenant_stream_is_the_tenants(
        streams, lambda: _received(broker.url, ACME), lambda: _received(broker.url, EVERYONE)
    )


async def test_events_wait_for_a_queue_to_be_bound_and_none_is_dropped(
    streams: Streams, broker: PrivateRabbitMQ
) -> None:
    # no queue "later" yet: RabbitMQ returns each (mandatory) message, which stays owed
    await streams.tenant_stream("a", "amqp", broker.url, "later")
    events = await streams.burst(["a"], 5)
    await streams.retried_past_schedule()
    connection = await aio_pika.connect(broker.url)
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete("later")  # an earlier run's
        await channel.declare_queue("later", durable=True)
    await streams.all_published(20)
    assert [i for i, _ in await _received(broker.url, "later")] == [e.id for e in events]
