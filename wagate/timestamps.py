"""The one timestamp format every API body uses: UTC ISO 8601 with milliseconds and `Z`."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_utc(ts: datetime | None) -> str | None:
    """`ts` as e.g. 2025-01-31T12:00:00.123Z; None stays None."""
    if ts is None:
        return None
    return ts_format(ts)


def iso_of_ms(ms: int) -> str:
    """Unix milliseconds (as WhatsApp and the engines say a time) in the API's format."""
    return ts_format(datetime.fromtimestamp(ms / 1000, UTC))


def ts_format(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
