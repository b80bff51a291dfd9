"""The gateway's own Prometheus metrics (the sessions' live in the connector)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest


class GatewayMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
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
