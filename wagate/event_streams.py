"""What an event stream's broker URL and subject may be: one place for the settings
(installation-wide streams) and the API (a tenant's). docs/event-streams.md."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from wagate.ssrf import allowed_addresses

SCHEMES = {"nats": ("nats", "tls"), "amqp": ("amqp", "amqps")}
DEFAULT_PORTS = {"nats": 4222, "amqp": 5672}
_SUBJECT = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*")
_EXCHANGE = re.compile(r"[A-Za-z0-9_.:-]{0,255}")
MAX_URL = 2048
_VISIBLE_ASCII = re.compile(r"[\x21-\x7e]+")


class BadStream(ValueError):
    """A stream's URL, subject or exchange that cannot be used; the text says why."""


def checked_url(kind: str, url: str) -> str:
    schemes = SCHEMES.get(kind)
    if schemes is None:
        raise BadStream(f"the kind must be one of {', '.join(sorted(SCHEMES))}")
    if not _VISIBLE_ASCII.fullmatch(url):  # (a host of another script: its xn-- form)
        raise BadStream("a URL is visible ASCII: no spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BadStream("the URL cannot be read") from None
    if len(url) > MAX_URL or parts.scheme not in schemes or not parts.hostname:
        raise BadStream(f"a {kind} URL is {' or '.join(s + '://' for s in schemes)}host[:port]")
    del port  # read only to refuse a port that is not a number
    return url


def shown_url(url: str) -> str:
    """The URL without its credentials: what may be logged and shown."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def checked_subject(subject: str) -> str:
    """A NATS subject / AMQP routing-key prefix: dot-separated tokens, no wildcards."""
    if len(subject) > 200 or not _SUBJECT.fullmatch(subject):
        raise BadStream("a subject is dot-separated words of letters, digits, '_' and '-'")
    return subject


def checked_exchange(exchange: str) -> str:
    if not _EXCHANGE.fullmatch(exchange) or exchange.startswith("amq."):
        raise BadStream("an exchange name is up to 255 letters, digits, '_.:-', not amq.*")
    return exchange


async def check_broker_host(kind: str, url: str, *, allow_private: bool) -> None:
    """A tenant's broker must resolve, now, to addresses the webhooks' SSRF guard allows
    (UnsafeUrl otherwise): at registration, and before each new connection."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS[kind]
    await allowed_addresses(parts.hostname or "", port, allow_private=allow_private)
