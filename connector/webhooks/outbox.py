"""The durable outbox: where an event becomes owed to the tenant's webhook endpoints.

Design choice: fan-out when the event is written, not when it is dispatched. One SQL
statement stores the event once (`webhook_events`, with the exact body that will be
signed) and one `webhook_deliveries` row per enabled endpoint of the tenant whose filter
matches, atomically. So

- which endpoints owe an event is decided at the moment it happened: an endpoint
  registered later does not receive the past, and one disabled later still owes what
  was queued before (it waits, and goes out when the endpoint is enabled again);
- every delivery has its own status, attempts, schedule and dead-letter, which is what
  the deliveries API shows and replays; no per-endpoint cursor has to be kept in step;
- a tenant without endpoints costs one indexed SELECT per event and stores nothing.

The statement itself is wagate/tables/webhook_outbox.py's (the gateway's test events and
replays are written there too). `EventPublisher.publish` calls `add` in the transaction
that also logs the event for the Redis stream (wagate/tables/event_log.py), inside the
session's emit lock, so an event is
never visible anywhere without being owed to the webhooks, and deliveries are numbered in
the order events happened. Events with a stable id (incoming messages, which the network
may deliver twice) are stored once.
"""

from __future__ import annotations

import asyncio

import asyncpg

from connector.group_commit import Pipeline
from wagate.bus import Event
from wagate.tables import Part, event_log, webhook_endpoints, with_parts
from wagate.tables.webhook_outbox import OWE_EVENT, owe_event_args

# the same, and the event logged for the tenant's Redis stream (wagate/tables/event_log.py)
_ADD_AND_LOG = "WITH " + event_log.LOGGED_CTE + ",\n" + OWE_EVENT.strip().removeprefix("WITH ")


class Wakes:
    """Rows were added: every dispatcher listening (webhooks, event streams) looks at
    once; each has an event of its own, as each clears it before it claims."""

    def __init__(self) -> None:
        self._listeners: list[asyncio.Event] = []

    def listener(self) -> asyncio.Event:
        event = asyncio.Event()
        self._listeners.append(event)
        return event

    def set(self) -> None:
        for event in self._listeners:
            event.set()


class Outbox:
    def __init__(self, pool: asyncpg.Pool, first_delay_s: float = 0.0) -> None:
        self._pool = pool
        # the sessions' events published together share round trips (group commit)
        self._writes = Pipeline(pool)
        self._first_delay_s = first_delay_s
        # set whenever rows were added: the dispatchers in this process look at once
        self.added = Wakes()

    async def add(
        self,
        event: Event,
        *,
        conn: asyncpg.Connection | None = None,
        exclude_endpoints: tuple[str, ...] = (),
        for_stream: bool = False,
        with_: tuple[Part, ...] = (),
    ) -> int:
        """Owe `event` to every matching enabled endpoint of its tenant (except those in
        `exclude_endpoints`) and, `for_stream`, log it for the tenant's Redis stream, in one
        statement; returns how many deliveries were queued. With `conn`, the rows are part
        of that connection's transaction, and the caller sets `added` once it committed
        (the dispatcher would find nothing before). `with_`: writes made in the same
        statement (what caused the event)."""
        args = owe_event_args(event, self._first_delay_s, exclude_endpoints)
        sql = OWE_EVENT
        if for_stream:
            sql, args = _ADD_AND_LOG, (*args, *event_log.logged_args(event))
        sql, args = with_parts(sql, args, with_)
        if conn is not None:
            return int(await conn.fetchval(sql, *args))
        try:
            owed = await self._writes.fetchrow((sql, args))
        except asyncpg.ForeignKeyViolationError:
            # an endpoint was deleted between this statement's look and its insert:
            # look again (without it); the statement as a whole was undone
            owed = await self._writes.fetchrow((sql, args))
        if owed[0]:
            self.added.set()
        return int(owed[0])

    async def add_all(self, events: list[Event], conn: asyncpg.Connection) -> bool:
        """`add` of each, for the stream too, in order, in the caller's transaction and in
        one round trip (the statements are pipelined, their rows not returned); whether
        any endpoint may owe them (the caller sets `added` once it committed)."""
        rows = [
            (*owe_event_args(e, self._first_delay_s, ()), *event_log.logged_args(e)) for e in events
        ]
        await conn.executemany(_ADD_AND_LOG, rows)
        return await webhook_endpoints.any_enabled(conn, {event.tenant_id for event in events})
