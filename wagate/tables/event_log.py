"""`event_log` (migrations 005, 009): where every session event is committed before anyone
can see it. The connector writes it (in the event's transaction), its relay
(connector/relay.py) copies rows to the tenants' Redis streams and records where each
landed; the gateway reads relayed rows back for a WebSocket resuming after events its
stream no longer holds (gateway/event_resume.py).

Order. The relay must see a tenant's events in the order they happened, and must never
find one of them committed after a later one was already relayed (it would have to either
put it on the stream out of order or skip it). So the insert takes a per-tenant
transaction lock before the row takes its `seq`: for one tenant, `seq` order is commit
order, and the committed rows of a tenant are always a prefix of its `seq` order.

Positions. A relayed row keeps its stream entry's id (`stream_ms`-`stream_seq`). Pruning
takes relayed rows as a prefix of `seq`, so while a row is here every later row of its
tenant is here too: a resume that finds its position here misses nothing after it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from wagate.bus import Event
from wagate.tables import Executor

# the advisory lock space of the event log's per-tenant locks ("wevl"); the connector and
# migration locks use single bigint keys whose high half differs
_LOCK_CLASS = 0x7765_766C
_BIGINT_MAX = 2**63 - 1

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


@dataclass(frozen=True)
class RelayedEvent:
    stream_id: str  # the id of its entry on the tenant's stream
    fields: dict[str, str]  # the stream entry


def position(stream_id: str) -> tuple[int, int]:
    """A stream id as two bigints; parts past a bigint (no id Redis makes has them) are
    held at its maximum, which keeps the order of any real id against them."""
    ms, seq = stream_id.split("-")
    return min(int(ms), _BIGINT_MAX), min(int(seq), _BIGINT_MAX)


# where the relay's batch landed: $1 the rows' seqs, $2 and $3 their stream entries' ids.
# Committed without waiting for the WAL flush (for this statement's transaction only): a
# mark a database crash loses only has the relay read those rows again, and its script
# answers the entries they already have (connector/relay.py). Waiting costs the relay's
# process more CPU than the statement (measured: 64-107 us against 17-24 us).
_MARK_RELAYED = """UPDATE event_log SET relayed = true, stream_ms = p.ms, stream_seq = p.sq
    FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS p (seq, ms, sq),
         (SELECT set_config('synchronous_commit', 'off', true)) AS unflushed
    WHERE event_log.seq = p.seq"""


@dataclass(frozen=True)
class Landed:
    """Rows on their streams, at the entries their stream ids name (one each, in order)."""

    seqs: list[int]
    stream_ids: list[str]

    def args(self) -> tuple[list[int], list[int], list[int]]:
        """$1, $2 and $3 of _MARK_RELAYED."""
        positions = [position(s) for s in self.stream_ids]
        return self.seqs, [ms for ms, _ in positions], [sq for _, sq in positions]


NOTHING_LANDED = Landed([], [])


async def unrelayed(db: Executor, limit: int, landed: Landed = NOTHING_LANDED) -> list[LoggedEvent]:
    """The first `limit` rows not relayed, in `seq` order, after marking `landed` relayed in
    the same statement (one round trip a batch for both). The statement's SELECT sees the
    rows as they were before its UPDATE, so it leaves out the rows it marks."""
    rows = await db.fetch(
        f"""WITH marked AS ({_MARK_RELAYED})
            SELECT seq, tenant_id, fields::text AS fields FROM event_log
            WHERE NOT relayed AND seq <> ALL($1::bigint[]) ORDER BY seq LIMIT $4""",
        *landed.args(),
        limit,
    )
    return [LoggedEvent(r["seq"], r["tenant_id"], json.loads(r["fields"])) for r in rows]


async def mark_relayed(db: Executor, landed: Landed) -> None:
    await db.execute(_MARK_RELAYED, *landed.args())


async def prune(db: Executor, older_than_s: float, batch: int) -> int:
    """Forget relayed events older than `older_than_s`, oldest `seq` first and never one
    after a row that stays (see Positions above); returns how many."""
    return int(
        await db.fetchval(
            """WITH horizon AS (
                   SELECT max(seq) AS seq FROM event_log
                   WHERE relayed AND created_at < now() - make_interval(secs => $1)),
               gone AS (
                   DELETE FROM event_log WHERE seq IN (
                       SELECT seq FROM event_log
                       WHERE relayed AND seq <= (SELECT seq FROM horizon)
                       ORDER BY seq LIMIT $2)
                   RETURNING 1)
               SELECT count(*) FROM gone""",
            older_than_s,
            batch,
        )
    )


async def holds(db: Executor, tenant_id: str, stream_id: str) -> bool:
    """Whether the tenant's relayed event at `stream_id` is still in the log."""
    ms, seq = position(stream_id)
    return bool(
        await db.fetchval(
            """SELECT EXISTS (SELECT 1 FROM event_log
                   WHERE tenant_id = $1 AND stream_ms = $2 AND stream_seq = $3)""",
            tenant_id,
            ms,
            seq,
        )
    )


async def relayed_after(
    db: Executor, tenant_id: str, stream_id: str, limit: int
) -> list[RelayedEvent]:
    """The tenant's relayed events after `stream_id` in stream order, up to `limit`."""
    ms, seq = position(stream_id)
    rows = await db.fetch(
        """SELECT stream_ms, stream_seq, fields::text AS fields FROM event_log
           WHERE tenant_id = $1 AND stream_ms IS NOT NULL
             AND (stream_ms, stream_seq) > ($2, $3)
           ORDER BY stream_ms, stream_seq LIMIT $4""",
        tenant_id,
        ms,
        seq,
        limit,
    )
    return [
        RelayedEvent(f"{r['stream_ms']}-{r['stream_seq']}", json.loads(r["fields"])) for r in rows
    ]
