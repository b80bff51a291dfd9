"""Event streams to NATS JetStream, against a nats-server of the module's own (Debian's
package, started here, killed and started again mid-burst)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import asyncpg
import pytest

from connector.streams import publishers
from connector.streams.publishers import INSTALLATION_PREFIX, StreamPublisher
from tests.connector.streams_support import (
    Streams,
    burst_arrives_in_order,
    restart_mid_burst,
    streams_running,
    tenant_stream_is_the_tenants,
)
from tests.connector.test_stream_units import _outgoing
from tests.connector.test_webhook_units import migrated, pg  # noqa: F401 - fixtures
from tests.jetstream import fresh_streams, held
from tests.private_brokers import PrivateNats, running


@pytest.fixture(scope="module")
async def broker() -> AsyncIterator[PrivateNats]:
    async with running(PrivateNats()) as server:
        assert isinstance(server, PrivateNats)
        yield server


@pytest.fixture
async def streams(pg: asyncpg.Pool, broker: PrivateNats) -> AsyncIterator[Streams]:  # noqa: F811
    """JetStream streams for the installation's subjects and tenant a's, and the
    connector publishing every tenant's events."""
    await fresh_streams(broker.url, {"WAGATE": ["wagate.>"], "ACME": ["acme.>"]})
    async with streams_running(pg, {"WAGATE_STREAM_NATS_URL": broker.url}) as s:
        yield s


async def _received(url: str, subject: str, stream: str = "WAGATE") -> list[tuple[str, str]]:
    return [(m.msg_id, m.subject) for m in await held(url, stream, subject)]


async def test_a_burst_arrives_in_order_with_its_ids(streams: Streams, broker: PrivateNats) -> None:
    await burst_arrives_in_order(streams, lambda: _received(broker.url, "wagate.events.>"))


async def test_a_broker_restart_mid_burst_loses_nothing(
    streams: Streams, broker: PrivateNats, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=publishers.__name__)
    everyone = await restart_mid_burst(
        streams, broker, lambda: _received(broker.url, "wagate.events.>")
    )
    assert len(everyone) == len(set(everyone))  # and JetStream dropped any repeat by its id
    # the outage is said once, however many retries it took, and so is the recovery
    said = [r.getMessage() for r in caplog.records if r.name == publishers.__name__]
    assert sum("failing" in m for m in said) == 1, said
    assert sum("confirms again" in m for m in said) == 1, said
    assert "nats://127.0.0.1" in said[0]


async def test_a_tenant_stream_sees_only_that_tenants_events(
    streams: Streams, broker: PrivateNats
) -> None:
    # its own JetStream stream: one stream de-duplicates by id across all it is sent
    await streams.tenant_stream("a", "nats", broker.url, "acme")
    await tenant_stream_is_the_tenants(
        streams,
        lambda: _received(broker.url, "acme.>", "ACME"),
        lambda: _received(broker.url, "wagate.events.>"),
    )


async def test_a_tenant_never_shares_the_installations_connection(broker: PrivateNats) -> None:
    """The installation's stream is connected to the broker; a tenant's stream to the very
    same URL is still held to the SSRF guard (loopback: refused) rather than handed the
    open connection."""
    await fresh_streams(broker.url, {"WAGATE": ["wagate.>"]})
    publisher = StreamPublisher(timeout_s=2, allow_private=False)
    try:
        for stream_id, refused in ((INSTALLATION_PREFIX + "nats", False), ("st_" + "0" * 24, True)):
            result = await publisher.attempt(_outgoing(stream_id, broker.url, "wagate.events"))
            assert result.ok is not refused, result
            assert (result.error or "").startswith("refused:") is refused, result
    finally:
        await publisher.aclose()
