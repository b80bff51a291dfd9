"""One attempt of an event stream: publish the event's body and wait for the broker's
confirmation, with the event id as the message id so a repeat can be recognised.

- NATS JetStream: `js.publish` with the `Nats-Msg-Id` header; the stream's duplicate
  window drops a repeat (a publication confirmed by the server but not recorded here
  before a crash), and the acknowledgement says the message is stored.
- AMQP 0-9-1 (RabbitMQ): a persistent message with the `message_id` property, published
  `mandatory` on a channel with publisher confirms: an ack means the broker took it
  (routed to at least one queue), a return (no queue bound) or a nack is a failure tried
  again.

The subject (routing key) is `<target>.<tenant>.<event type>`, so consumers can take one
tenant's or one type's events with the broker's own wildcards. A connection is kept per
broker URL and dropped after any failure: the next attempt connects again, on the retry
schedule, so a broker that is away costs one bounded attempt per retry. Never raises for
what the broker does: every outcome is an `AttemptResult`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aio_pika
import nats
from nats.aio.client import Client as NatsClient

from connector.webhooks.sender import AttemptResult, Outgoing
from wagate.event_streams import check_broker_host
from wagate.ssrf import UnsafeUrl
from wagate.storable import storable

log = logging.getLogger(__name__)
_NOT_A_TOKEN = re.compile(r"[^A-Za-z0-9_-]")


def subject_of(out: Outgoing) -> str:
    """`<target>.<tenant>.<type>`, each part one subject token (no dots or wildcards)."""
    tenant = _NOT_A_TOKEN.sub("_", out.tenant_id) or "_"
    kind = _NOT_A_TOKEN.sub("_", out.event_type) or "_"
    return f"{out.target}.{tenant}.{kind}"


@dataclass
class _Broker:
    """A broker connection, opened on first use and dropped after a failure."""

    handle: Any = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    failing: bool = False  # its last attempt failed: said once in the log, until it is back


# the installation-wide streams' ids (the operator's settings: not held to the SSRF guard)
INSTALLATION_PREFIX = "st_installation_"


async def _guarded(out: Outgoing, allow_private: bool) -> None:
    """A tenant's broker is connected to only while its host resolves to addresses the
    webhooks' SSRF guard allows (checked at registration too: a host re-pointed since)."""
    if out.endpoint_id.startswith(INSTALLATION_PREFIX):
        return
    await check_broker_host(out.kind, out.secrets[0], allow_private=allow_private)


class StreamPublisher:
    def __init__(self, *, timeout_s: float, allow_private: bool) -> None:
        self.deadline_s = timeout_s
        self._allow_private = allow_private
        self._brokers: dict[tuple[str, str, bool], _Broker] = {}

    async def aclose(self) -> None:
        brokers, self._brokers = self._brokers, {}
        for broker in brokers.values():
            await _close(broker.handle)

    async def attempt(self, out: Outgoing) -> AttemptResult:
        started_at = datetime.now(UTC)
        t0 = time.perf_counter()

        def result(**kw: object) -> AttemptResult:
            return storable(AttemptResult(started_at, time.perf_counter() - t0, **kw))  # type: ignore[arg-type]

        publish = _PUBLISH.get(out.kind)
        if publish is None or not out.secrets:
            return result(error=f"not an event stream: {out.kind!r}", refused=True)
        # a tenant's connection is never an installation stream's, even to the same URL:
        # each of its connections is opened past the SSRF guard
        tenants = not out.endpoint_id.startswith(INSTALLATION_PREFIX)
        broker = self._brokers.setdefault((out.kind, out.secrets[0], tenants), _Broker())
        try:
            async with asyncio.timeout(self.deadline_s):
                async with broker.lock:  # one connection per broker, opened once
                    if broker.handle is None:
                        await _guarded(out, self._allow_private)
                        broker.handle = await _CONNECT[out.kind](out.secrets[0], self.deadline_s)
                await publish(broker.handle, out, self.deadline_s)
            _back(broker, out)
            return result(confirmed=True)
        except UnsafeUrl as e:
            return result(error=f"refused: {e}")  # retried: the host may be put right
        except TimeoutError:
            error = f"timed out after {self.deadline_s:g} s"
        except Exception as e:  # the broker's failures, whatever the client calls them
            error = f"{type(e).__name__}: {e}"[:300]
        handle, broker.handle = broker.handle, None
        await _close(handle)
        _away(broker, out, error)
        return result(error=error)


def _away(broker: _Broker, out: Outgoing, error: str) -> None:
    if not broker.failing:
        broker.failing = True
        log.warning(
            "event stream %s: %s broker %s failing (%s); its events wait, retried on the schedule",
            out.endpoint_id,
            out.kind,
            out.url,
            error,
        )


def _back(broker: _Broker, out: Outgoing) -> None:
    if broker.failing:
        broker.failing = False
        log.info("event stream %s: %s broker %s confirms again", out.endpoint_id, out.kind, out.url)


# ---- NATS JetStream -----------------------------------------------------------------------


async def _quiet(error: Exception) -> None:
    """The client's errors end up in the attempt's result; not logged once more each."""


async def _nats_connect(url: str, timeout_s: float) -> NatsClient:
    # no reconnecting inside the client: a lost connection fails the attempt, and the
    # retry schedule (not the client's own loop) decides when to try the broker again.
    # (max_reconnect_attempts 0 would mean "for ever" to the first connect; 1 with no
    # wait gives up after a second refusal at once)
    return await nats.connect(
        servers=[url],
        connect_timeout=timeout_s,
        allow_reconnect=False,
        max_reconnect_attempts=1,
        reconnect_time_wait=0,
        error_cb=_quiet,
    )


async def _nats_publish(client: NatsClient, out: Outgoing, timeout_s: float) -> None:
    await client.jetstream().publish(
        subject_of(out),
        out.body.encode(),
        timeout=timeout_s,
        headers={"Nats-Msg-Id": out.event_id, "Content-Type": "application/json"},
    )


# ---- AMQP 0-9-1 -------------------------------------------------------------------------------


@dataclass
class _AmqpChannel:
    connection: aio_pika.abc.AbstractConnection
    channel: aio_pika.abc.AbstractChannel
    exchanges: dict[str, aio_pika.abc.AbstractExchange] = field(default_factory=dict)

    async def exchange(self, name: str) -> aio_pika.abc.AbstractExchange:
        """The default exchange (''), or a durable topic exchange, declared once."""
        if not name:
            return self.channel.default_exchange
        if name not in self.exchanges:
            self.exchanges[name] = await self.channel.declare_exchange(
                name, aio_pika.ExchangeType.TOPIC, durable=True
            )
        return self.exchanges[name]

    async def close(self) -> None:
        await self.connection.close()  # its channels with it


async def _amqp_connect(url: str, timeout_s: float) -> _AmqpChannel:
    connection = await aio_pika.connect(url, timeout=timeout_s)
    channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
    return _AmqpChannel(connection, channel)


async def _amqp_publish(handle: _AmqpChannel, out: Outgoing, timeout_s: float) -> None:
    """To a topic exchange with the subject as routing key; to the default exchange, the
    target is the queue's name."""
    message = aio_pika.Message(
        out.body.encode(),
        message_id=out.event_id,
        content_type="application/json",
        type=out.event_type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
    )
    routing_key = subject_of(out) if out.exchange else out.target
    exchange = await handle.exchange(out.exchange)
    await exchange.publish(message, routing_key=routing_key, mandatory=True, timeout=timeout_s)


_CONNECT: dict[str, Callable[[str, float], Awaitable[Any]]] = {
    "nats": _nats_connect,
    "amqp": _amqp_connect,
}
_PUBLISH: dict[str, Callable[[Any, Outgoing, float], Awaitable[None]]] = {
    "nats": _nats_publish,
    "amqp": _amqp_publish,
}


async def _close(handle: Any) -> None:
    if handle is None:
        return
    try:
        async with asyncio.timeout(2.0):
            await handle.close()
    except Exception:  # noqa: S110 - a connection already broken closes as it can
        pass
