"""The event log table (migration 005): where every session event is committed before
anyone can see it, and what the relay (connector/relay.py) reads to put events on the
tenants' Redis streams.

Order. The relay must see a tenant's events in the order they happened, and must never
find one of them committed after a later one was already relayed (it would have to either
put it on the stream out of order or skip it). So the insert takes a per-tenant
transaction lock before the row takes its `seq`: for one tenant, `seq` order is commit
order, and the committed rows of a tenant are always a prefix of its `seq` order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import asyncpg

from wagate.bus import Event

# the advisory lock space of the event log's per-tenant locks ("wevl"); the connector and
# migration locks use single bigint keys whose high half differs
_LOCK_CLASS = 0x7765_766C

# Logging an event is a CTE of the statement that also owes it to the webhooks
# (connector/webhooks/outbox.py), so an event without a cause to record costs one round
# trip. Its parameters: $2 the tenant, $8 the stream entry (`fields`), $9 the lock class.
LOGGED_CTE = """logged AS (
    INSERT INTO event_log (tenant_id, fields)
    SELECT $2, $8::jsonb FROM (SELECT pg_advisory_xact_lock($9, hashtext($2))) AS tenant_lock
)"""


def logged_args(event: Event) -> tuple[str, int]:
    """$8 and $9 of LOGGED_CTE for `event`."""
    return json.dumps(event.to_fields(), separators=(",", ":"), ensure_ascii=False), _LOCK_CLASS


@dataclass(frozen=True)
class LoggedEvent:
    seq: int
    tenant_id: str
    fields: dict[str, str]  # the stream entry


class EventLog:
    """The relay's side of the table."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def unrelayed(self, limit: int) -> list[LoggedEvent]:
        rows = await self._pool.fetch(
            """SELECT seq, tenant_id, fields::text AS fields FROM event_log
               WHERE NOT relayed ORDER BY seq LIMIT $1""",
            limit,
        )
        return [LoggedEvent(r["seq"], r["tenant_id"], json.loads(r["fields"])) for r in rows]

    async def mark_relayed(self, seqs: list[int]) -> None:
        await self._pool.execute(
            "UPDATE event_log SET relayed = true WHERE seq = ANY ($1::bigint[])", seqs
        )

    async def prune(self, older_than_s: float, batch: int) -> int:
        """Forget relayed events older than `older_than_s`; returns how many."""
        return int(
            await self._pool.fetchval(
                """WITH gone AS (
                       DELETE FROM event_log WHERE seq IN (
                           SELECT seq FROM event_log
                           WHERE relayed AND created_at < now() - make_interval(secs => $1)
                           LIMIT $2)
                       RETURNING 1)
                   SELECT count(*) FROM gone""",
                older_than_s,
                batch,
            )
        )
