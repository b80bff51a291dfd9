"""The event streams' pieces on their own: settings that name a broker, URLs shown without
credentials, the endless schedule, and the SSRF guard before a tenant's broker is
connected to."""

from __future__ import annotations

import pytest

from connector.streams.publishers import INSTALLATION_PREFIX, StreamPublisher
from connector.webhooks.schedule import Outcome, RetrySchedule
from connector.webhooks.sender import Outgoing
from wagate.config import ConfigError, ConnectorSettings
from wagate.event_streams import shown_url


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WAGATE_STREAM_NATS_URL", "http://127.0.0.1:4222"),
        ("WAGATE_STREAM_NATS_URL", "amqp://127.0.0.1"),
        ("WAGATE_STREAM_AMQP_URL", "nats://127.0.0.1"),
        ("WAGATE_STREAM_AMQP_URL", "amqp://127.0.0.1:port/"),
        ("WAGATE_STREAM_SUBJECT", "wagate.*"),
        ("WAGATE_STREAM_SUBJECT", "wagate..events"),
        ("WAGATE_STREAM_AMQP_EXCHANGE", "amq.topic"),
        ("WAGATE_STREAM_SCHEDULE", "1,-1"),
    ],
)
def test_a_setting_naming_a_broker_wrongly_stops_the_start(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        ConnectorSettings.from_env({name: value})


def test_stream_settings_read() -> None:
    settings = ConnectorSettings.from_env(
        {"WAGATE_STREAM_NATS_URL": " tls://u:p@nats.example.com ", "WAGATE_STREAM_AMQP_URL": ""}
    )
    assert settings.stream_nats_url == "tls://u:p@nats.example.com"
    assert settings.stream_amqp_url == ""  # blank: no stream


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("amqp://user:s3cret@[::1]:5672/vhost?heartbeat=5", "amqp://[::1]:5672/vhost"),
        ("nats://token@nats.example.com", "nats://nats.example.com"),
        ("nats://127.0.0.1:4222", "nats://127.0.0.1:4222"),
    ],
)
def test_a_broker_url_is_shown_without_credentials(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_an_endless_schedule_never_dead_letters() -> None:
    delays = (0.0, 1.0)
    assert RetrySchedule(delays).outcome(2, None) is Outcome.DEAD
    assert RetrySchedule(delays, endless=True).outcome(1000, None) is Outcome.RETRY
    assert RetrySchedule(delays, endless=True).delay_after(1000) <= 1.0 * 1.2
    assert RetrySchedule(delays).outcome(1, None, confirmed=True) is Outcome.DELIVERED


def _outgoing(stream_id: str, url: str, target: str = "acme") -> Outgoing:
    return Outgoing(
        event_id="evt_1",
        url=shown_url(url),
        body="{}",
        secrets=(url,),
        headers={},
        endpoint_id=stream_id,
        kind="nats",
        target=target,
        tenant_id="a",
        event_type="receipt",
    )


async def test_a_tenants_broker_is_held_to_the_ssrf_guard_before_connecting() -> None:
    publisher = StreamPublisher(timeout_s=2, allow_private=False)
    try:
        for url in ("nats://u:p@169.254.169.254:4222", "nats://127.0.0.1:1"):
            result = await publisher.attempt(_outgoing("st_" + "0" * 24, url))
            assert not result.ok and (result.error or "").startswith("refused:"), result
        # the operator's own stream is not: it is tried (and here finds nobody there)
        mine = await publisher.attempt(
            _outgoing(INSTALLATION_PREFIX + "nats", "nats://127.0.0.1:1")
        )
        assert not mine.ok and not (mine.error or "").startswith("refused:"), mine
    finally:
        await publisher.aclose()


async def test_an_unknown_kind_is_refused_not_retried() -> None:
    publisher = StreamPublisher(timeout_s=2, allow_private=True)
    out = _outgoing("st_x", "nats://127.0.0.1:1")
    result = await publisher.attempt(Outgoing(**{**out.__dict__, "kind": "kafka"}))
    assert result.refused and not result.ok
