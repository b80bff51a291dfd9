"""How a setting's value is read from its environment variable and checked.

A reader turns a set, non-empty value into the setting's value, or raises ConfigError
naming the variable; an unset or empty variable means the default.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from wagate import event_streams

ENGINES = ("sim", "whatsmeow")  # what WAGATE_ENGINE and a tenant's `engine` may name


class ConfigError(ValueError):
    pass


Reader = Callable[[str, str], Any]


def text(name: str, raw: str) -> str:
    return raw


def _at_least(minimum: float, parse: Callable[[str], Any], kind: str) -> Reader:
    def read(name: str, raw: str) -> Any:
        try:
            value = parse(raw)
        except ValueError:
            raise ConfigError(f"{name} must be {kind}, got {raw!r}") from None
        if value < minimum:
            raise ConfigError(f"{name} must be at least {minimum}, got {value}")
        return value

    return read


def integer(minimum: int) -> Reader:
    return _at_least(minimum, int, "a whole number")


def real(minimum: float) -> Reader:
    return _at_least(minimum, float, "a number")


def flag(name: str, raw: str) -> bool | None:
    value = raw.strip().lower()
    if value == "":
        return None  # blank: the default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1/0 (or true/false), got {value!r}")


def choice(*allowed: str, lenient: bool = False) -> Reader:
    """One of `allowed`; `lenient`: anything else is kept as given (the log format: any
    value but `json` means text, as it always has)."""

    def read(name: str, raw: str) -> str:
        if raw not in allowed and not lenient:
            options = ", ".join(allowed[:-1]) + f" or {allowed[-1]}" if len(allowed) > 1 else ""
            raise ConfigError(f"{name} must be {options}, got {raw!r}")
        return raw

    return read


def engine_name(name: str, raw: str) -> str:
    if raw not in ENGINES:
        raise ConfigError(f"{name}={raw!r} is not an engine; known: {', '.join(ENGINES)}")
    return raw


def secret(name: str, raw: str) -> str:
    if len(raw) < 32:
        raise ConfigError(f"{name} must be at least 32 characters")
    return raw


def keys(name: str, raw: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in raw.split(",") if k.strip())


def sql_name(name: str, raw: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", raw):
        raise ConfigError(f"{name} must be a lower-case SQL name")
    return raw


def schedule(name: str, raw: str) -> tuple[float, ...] | None:
    if raw.strip() == "":
        return None  # blank: the default
    try:
        delays = tuple(float(part) for part in raw.split(","))
    except ValueError:
        raise ConfigError(f"{name} must be comma-separated seconds, got {raw!r}") from None
    if any(d < 0 or not math.isfinite(d) for d in delays) or not 1 <= len(delays) <= 50:
        raise ConfigError(f"{name} must be 1 to 50 delays of 0 seconds or more, got {raw!r}")
    return delays


def hosts(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated host names as a Host header carries them, each with an optional
    `:port`; `*.example.com` for its subdomains; `*` alone for any host."""
    hosts = tuple(h.strip().lower() for h in raw.split(",") if h.strip())
    for host in hosts:
        if host != "*" and not re.fullmatch(
            r"(\*\.)?[a-z0-9.\-]+(:\d{1,5})?|\[[0-9a-f:.]+\](:\d{1,5})?", host
        ):
            raise ConfigError(f"{name}: {host!r} is not a host like api.example.com[:443]")
    return hosts


def origins(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated origins as browsers send them: scheme://host[:port], no path."""
    origins = tuple(o.strip().lower().rstrip("/") for o in raw.split(","))
    for origin in origins:
        if origin and not re.fullmatch(r"https?://[a-z0-9.\-\[\]:]+", origin):
            raise ConfigError(f"{name}: {origin!r} is not an origin like https://app.example")
    return tuple(o for o in origins if o)


def broker_url(kind: str) -> Reader:
    """An event stream's broker URL of `kind` ('nats', 'amqp'), or blank: none."""

    def read(name: str, raw: str) -> str:
        if raw.strip() == "":
            return ""
        try:
            return event_streams.checked_url(kind, raw.strip())
        except event_streams.BadStream as e:
            raise ConfigError(f"{name}: {e}") from None

    return read


def stream_subject(name: str, raw: str) -> str:
    try:
        return event_streams.checked_subject(raw.strip())
    except event_streams.BadStream as e:
        raise ConfigError(f"{name}: {e}") from None


def stream_exchange(name: str, raw: str) -> str:
    try:
        return event_streams.checked_exchange(raw.strip())
    except event_streams.BadStream as e:
        raise ConfigError(f"{name}: {e}") from None
