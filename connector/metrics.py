"""The connector's Prometheus metrics, under the seed's names.

Counters are bumped where things happen; the session gauges are read from the pool at
scrape time, so they can never drift from the truth.
"""

from __future__ import annotations

import asyncio
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

# the bounded set of `kind` label values for whatsapp_errors_total
ERROR_KINDS = (
    "connection_lost",
    "connect_failed",
    "connection_replaced",
    "send",
    "health_check",
    "command",
)

WEBHOOK_OUTCOMES = ("delivered", "retry", "failed", "dead")
# from milliseconds (a healthy local receiver) to hours (a receiver that was down)
WEBHOOK_LATENCY_BUCKETS = (
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    2.5,
    5,
    10,
    30,
    60,
    300,
    1800,
    3600,
    7200,
    18000,
    36000,
    86400,
)


class _SessionGauges(Collector):
    def __init__(self, states: Callable[[], Iterable[tuple[str, int]]]) -> None:
        self._states = states  # (state, reconnect attempts) for every session

    def collect(self) -> Iterator[Metric]:
        snapshot = list(self._states())
        by_state = Tally(state for state, _ in snapshot)
        sessions = GaugeMetricFamily(
            "whatsapp_sessions_total", "Sessions known to the connector, by state", labels=["state"]
        )
        for state, count in sorted(by_state.items()):
            sessions.add_metric([state], count)
        yield sessions
        yield GaugeMetricFamily(
            "whatsapp_active_connections",
            "Sessions connected to WhatsApp now",
            value=by_state.get("connected", 0),
        )
        yield GaugeMetricFamily(
            "whatsapp_reconnect_attempts",
            "Reconnect attempts in progress, summed over sessions (reset on connect)",
            value=sum(attempts for _, attempts in snapshot),
        )


class ConnectorMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._declare_session_metrics()
        self._declare_bus_metrics()
        self._declare_webhook_metrics()

    def _declare_session_metrics(self) -> None:
        self.messages_sent = Counter(
            "whatsapp_messages_sent", "Messages accepted by WhatsApp", registry=self.registry
        )
        self.messages_received = Counter(
            "whatsapp_messages_received", "Incoming messages published", registry=self.registry
        )
        self.errors = Counter("whatsapp_errors", "Errors by kind", ["kind"], registry=self.registry)
        for kind in ERROR_KINDS:  # export zeros, so rate() and alerts work from the start
            self.errors.labels(kind)
        self.events_quarantined = Counter(
            "wagate_events_quarantined",
            "Session events the database refused to store, set aside (event_quarantine)",
            registry=self.registry,
        )
        self.reconnects = Counter(
            "whatsapp_reconnects", "Reconnect attempts started", registry=self.registry
        )
        self.send_latency = Histogram(
            "whatsapp_send_latency_seconds",
            "Send command taken from the bus until WhatsApp acknowledged the message",
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.qr_codes = Counter(
            "whatsapp_qr_codes", "QR codes shown for pairing", registry=self.registry
        )
        self.health_check_failures = Counter(
            "whatsapp_health_check_failures",
            "Health round trips that failed on a connected session",
            registry=self.registry,
        )

    def _declare_bus_metrics(self) -> None:
        self.bus_lag = Histogram(
            "wagate_bus_command_lag_seconds",
            "A command's wait on the bus: issued by a gateway until taken by the connector",
            registry=self.registry,
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120),
        )
        self.leader = Gauge(
            "wagate_connector_leader",
            "1 while this connector holds the lock and owns the sessions, 0 as a standby",
            registry=self.registry,
        )
        self.bus_pending = Gauge(
            "wagate_bus_pending_commands",
            "Commands on the bus not yet answered (queued or in flight)",
            registry=self.registry,
        )

    def _declare_webhook_metrics(self) -> None:
        self.webhook_attempts = Counter(
            "wagate_webhook_attempts",
            "Webhook delivery attempts by outcome (delivered, retry, failed, dead)",
            ["outcome"],
            registry=self.registry,
        )
        for outcome in WEBHOOK_OUTCOMES:
            self.webhook_attempts.labels(outcome)
        self.webhook_latency = Histogram(
            "wagate_webhook_delivery_latency_seconds",
            "From the event until its webhook was accepted (2xx) by the endpoint",
            buckets=WEBHOOK_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.webhook_dead_letters = Counter(
            "wagate_webhook_dead_letters",
            "Webhook deliveries dead-lettered after the last attempt of the schedule",
            registry=self.registry,
        )
        self.event_stream_ahead = Counter(
            "wagate_event_stream_ahead",
            "Times a tenant's event stream was found holding events the database does not"
            " (restored to an earlier point, a lagging replica promoted, a new database)",
            registry=self.registry,
        )
        self.webhook_endpoints_disabled = Counter(
            "wagate_webhook_endpoints_disabled",
            "Webhook endpoints disabled automatically after failing for too long",
            registry=self.registry,
        )

    def watch_sessions(self, states: Callable[[], Iterable[tuple[str, int]]]) -> None:
        self.registry.register(_SessionGauges(states))

    def watch_process(self) -> None:
        """Open fds, RSS and CPU of this process, and its asyncio task count: the numbers
        that show a leak (a task, timer or socket left behind per session)."""
        ProcessCollector(registry=self.registry)
        tasks = Gauge(
            "wagate_connector_asyncio_tasks",
            "asyncio tasks alive in the connector",
            registry=self.registry,
        )
        tasks.set_function(lambda: len(asyncio.all_tasks()))

    def watch_webhooks(self, in_flight: Callable[[], int]) -> None:
        gauge = Gauge(
            "wagate_webhook_in_flight",
            "Webhook deliveries being attempted now",
            registry=self.registry,
        )
        gauge.set_function(lambda: float(in_flight()))

    def watch_whatsmeow(
        self,
        sessions: Callable[[], int],
        hosts: Callable[[], int],
        host_deaths: Callable[[], int],
    ) -> None:
        """The whatsmeow engine's sessions and the engine host processes holding them."""
        Gauge(
            "wagate_whatsmeow_sessions",
            "whatsmeow sessions placed on engine hosts (connected, connecting or pairing)",
            registry=self.registry,
        ).set_function(lambda: float(sessions()))
        Gauge(
            "wagate_engine_hosts",
            "engine host processes running",
            registry=self.registry,
        ).set_function(lambda: float(hosts()))
        Gauge(  # a gauge over a counter the engine keeps: prometheus_client's way for it
            "wagate_engine_host_deaths",
            "engine host processes that ended without being asked to (killed, crashed or "
            "their socket broken)",
            registry=self.registry,
        ).set_function(lambda: float(host_deaths()))

    def prometheus_text(self) -> str:
        return generate_latest(self.registry).decode()

    def summary(self) -> dict[str, Any]:
        """The seed's JSON metrics, read from the same registry as the Prometheus text."""
        values: dict[str, float] = {}
        by_state: dict[str, int] = {}
        for family in self.registry.collect():
            for sample in family.samples:
                if sample.name == "whatsapp_sessions_total":
                    by_state[sample.labels["state"]] = int(sample.value)
                elif sample.name == "whatsapp_errors_total":
                    values["errors"] = values.get("errors", 0) + sample.value
                elif not sample.labels:
                    values[sample.name] = sample.value
        return {
            "totalSessions": sum(by_state.values()),
            "sessionsByState": by_state,
            "activeConnections": int(values.get("whatsapp_active_connections", 0)),
            "messagesSent": int(values.get("whatsapp_messages_sent_total", 0)),
            "messagesReceived": int(values.get("whatsapp_messages_received_total", 0)),
            "errors": int(values.get("errors", 0)),
            "reconnectAttempts": int(values.get("whatsapp_reconnect_attempts", 0)),
        }
