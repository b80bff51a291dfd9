"""Publishing session events: one PostgreSQL transaction per event, which logs it for the
tenant's Redis stream (the event log, relayed by connector/relay.py) and owes it to the
tenant's webhook endpoints (the outbox), together with whatever caused the event (the
session's state row, an incoming message's de-duplication row).

So after a crash an event is either not there at all (and what caused it is not recorded
either: the network sends the message again) or committed, and then it reaches the stream
and the webhooks eventually. Nothing here talks to Redis: a Redis outage never fails a
publish, it only delays the stream. Sessions publish under their emit lock, in the order
events happen, and confirm an incoming message to the network only after this returned.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import asyncpg

from connector.webhooks.outbox import Outbox
from wagate.bus import Event
from wagate.tables import Part

# what caused the event, recorded with it: work done in the event's transaction before it
# is logged (False: publish nothing), or a write that always goes with the event, made in
# the event's own statement (a receipt's status in the message store: one round trip)
Cause = Callable[[asyncpg.Connection], Awaitable[bool]] | Part


class EventPublisher:
    def __init__(self, pool: asyncpg.Pool, outbox: Outbox, wake_relay: Callable[[], None]) -> None:
        self._pool = pool
        self._outbox = outbox
        self._wake_relay = wake_relay

    async def publish(self, event: Event, cause: Cause | None = None) -> bool:
        """Commit `event` (after `cause`, in one transaction); False when `cause` said
        there is nothing to publish (e.g. a message seen before)."""
        if cause is None or isinstance(cause, Part):  # one statement, one round trip
            parts = () if cause is None else (cause,)
            queued: int | None = await self._outbox.add(event, for_stream=True, with_=parts)
        else:
            try:
                queued = await self._commit(event, cause)
            except asyncpg.ForeignKeyViolationError:
                # a webhook endpoint was deleted between the outbox's look and its insert:
                # the whole transaction is undone, so doing it again is safe
                queued = await self._commit(event, cause)
        if queued is None:
            return False
        self._wake_relay()
        if queued:
            self._outbox.added.set()
        return True

    async def publish_all(
        self, events: list[Event], cause: Callable[[asyncpg.Connection], Awaitable[list[bool]]]
    ) -> list[bool]:
        """`publish` of each of `events`, in order, in one transaction: `cause` does in it
        what caused them and says which to publish (a message seen before is not)."""
        async with self._pool.acquire() as conn, conn.transaction():
            chosen = await cause(conn)
            published = [e for e, c in zip(events, chosen, strict=True) if c]
            owed = await self._outbox.add_all(published, conn) if published else False
        if published:
            self._wake_relay()
        if owed:
            self._outbox.added.set()
        return chosen

    async def publish_together(
        self, events: Sequence[tuple[Event, Callable[[asyncpg.Connection], Awaitable[bool]]]]
    ) -> None:
        """Commit many events, each with its own cause, in one transaction: one commit
        rather than one an event (a restarted connector marks thousands of sessions
        starting). All or none: the caller publishes each on its own if this raises."""

        async def causes(conn: asyncpg.Connection) -> list[bool]:
            return [await cause(conn) for _, cause in events]

        await self.publish_all([event for event, _ in events], causes)

    async def _commit(
        self, event: Event, cause: Callable[[asyncpg.Connection], Awaitable[bool]]
    ) -> int | None:
        async with self._pool.acquire() as conn, conn.transaction():
            if not await cause(conn):
                return None
            return await self._outbox.add(event, conn=conn, for_stream=True)
