"""Redis key names, limits, and reading raw stream replies as text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CONSUMER_GROUP = "connectors"
# The longest a blocking read on the bus waits (the WebSocket's XREAD); a Redis client
# doing blocking reads needs a socket timeout above it and above the command timeout,
# or the client gives up on a read Redis is still rightly holding (redis-py: 5 s).
LONGEST_BLOCK_S = 15.0


def socket_timeout_for(command_timeout_s: float) -> float:
    return max(LONGEST_BLOCK_S, command_timeout_s) + 10.0


EVENT_STREAM_MAXLEN = 10_000
REPLY_TTL_SECONDS = 120


@dataclass(frozen=True)
class BusKeys:
    """Redis key names under one prefix, so tests and deployments can share one Redis."""

    prefix: str = "wagate"

    @property
    def commands(self) -> str:
        return f"{self.prefix}:commands"

    def reply(self, command_id: str) -> str:
        return f"{self.prefix}:reply:{command_id}"

    def inbox(self, name: str) -> str:
        """A gateway process's reply inbox, a pub/sub channel (wagate/bus/inbox.py)."""
        return f"{self.prefix}:inbox:{name}"

    def events(self, tenant_id: str) -> str:
        return f"{self.prefix}:events:{tenant_id}"

    def relayed_ids(self, tenant_id: str) -> str:
        """The relay's memory of which events are on the stream: event id -> entry id."""
        return f"{self.prefix}:relayed:{tenant_id}"

    def relayed_order(self, tenant_id: str) -> str:
        """The same event ids, oldest first, so the memory is trimmed as the stream is."""
        return f"{self.prefix}:relayed-order:{tenant_id}"

    @property
    def connector_heartbeat(self) -> str:
        return f"{self.prefix}:connector:heartbeat"

    @property
    def connector_answers_inboxes(self) -> str:
        """Set, with the heartbeat's expiry, by a connector that answers into inboxes."""
        return f"{self.prefix}:connector:answers-inboxes"

    @property
    def connector_database(self) -> str:
        """The identity of the database whose connector uses this prefix."""
        return f"{self.prefix}:connector:database"


StreamEntry = tuple[str, dict[str, str]]


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def decode_entries(entries: Any) -> list[StreamEntry]:
    """(id, fields) pairs from a raw XRANGE/XAUTOCLAIM entry list, as text. An entry that
    was deleted while pending comes back with no fields; it is kept with `{}`."""
    return [
        (_text(entry_id), {_text(k): _text(v) for k, v in (fields or {}).items()})
        for entry_id, fields in entries or []
    ]


def decode_read(response: Any) -> list[StreamEntry]:
    """The entries of a raw XREAD/XREADGROUP response (all streams), as text."""
    return [entry for _stream, entries in response or [] for entry in decode_entries(entries)]
