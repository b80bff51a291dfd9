"""The gateway's own Prometheus metrics (the sessions' live in the connector)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class GatewayMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_requests = Counter(
            "wagate_http_requests",
            "HTTP requests by route template, method and status",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.http_duration = Histogram(
            "wagate_http_request_duration_seconds",
            "HTTP request duration by route template",
            ["route", "method"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.ratelimit_rejections = Counter(
            "wagate_ratelimit_rejections",
            "Requests refused by a rate limit",
            ["kind"],
            registry=self.registry,
        )
        for kind in ("send", "authfail"):
            self.ratelimit_rejections.labels(kind)
        self.ratelimit_fallback_active = Gauge(
            "wagate_ratelimit_fallback_active",
            "1 while this gateway limits in memory because Redis is unreachable",
            registry=self.registry,
        )
        self.ratelimit_fallback_checks = Counter(
            "wagate_ratelimit_fallback_checks",
            "Rate-limit checks made in memory",
            registry=self.registry,
        )

    def prometheus_text(self) -> str:
        return generate_latest(self.registry).decode()
