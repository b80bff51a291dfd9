"""No single event may stop a session's stream.

An incoming message is confirmed to WhatsApp only once its event is committed; when the
commit fails, the network sends the message again and the session tries again. That is
right while PostgreSQL is away (the message waits for it), and wrong when PostgreSQL
refuses this one event: the same message would come back for ever, and nothing after it
would ever arrive. So an event the database refuses, rather than fails to answer, is
tried `tries` times at once (a conflict of the moment, a serialization failure or a
deadlock, passes), then set aside: written to `event_quarantine` in the transaction of
an `error` event (`event_quarantined`) that tells the tenant, counted
(`wagate_events_quarantined_total`) and logged, and the session goes on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import asyncpg

from connector.event_data import quarantined_body
from connector.events import Cause, EventPublisher
from connector.metrics import ConnectorMetrics
from connector.store import Store
from wagate import public_events
from wagate.bus import Event, stable_event_id
from wagate.db import OUTAGE_ERRORS

log = logging.getLogger(__name__)

# PostgreSQL unreachable, or the connection or pool closing under the call: not the
# event's fault, so raised as before (the network sends the message again later)
UNREACHABLE: tuple[type[Exception], ...] = (*OUTAGE_ERRORS, asyncpg.InterfaceError)


@dataclass(frozen=True)
class Quarantine:
    tenant_id: str
    publisher: EventPublisher
    store: Store
    metrics: ConnectorMetrics
    tries: int  # WAGATE_EVENT_STORE_TRIES, at least 1

    async def publish(self, event: Event, cause: Cause | None = None) -> bool:
        """`EventPublisher.publish`; an event the database refused `tries` times is set
        aside instead (False: not published). Raises when PostgreSQL is unreachable, and
        the refusal itself when even setting the event aside fails."""
        refused: Exception | None = None
        for _ in range(self.tries):
            try:
                return await self.publisher.publish(event, cause)
            except UNREACHABLE:
                raise
            except Exception as e:  # whatever the database refused this event for
                refused = e
        assert refused is not None
        await self._set_aside(event, refused)
        return False

    async def _set_aside(self, event: Event, refused: Exception) -> None:
        error = f"{type(refused).__name__}: {refused}"
        notice = public_events.event(
            self.tenant_id,
            quarantined_body(event, self.tries),
            # one notice however often the network sends the message again
            id=stable_event_id(self.tenant_id, "event_quarantined", event.id),
        )

        async def keep(conn: asyncpg.Connection) -> bool:
            return await self.store.set_aside(conn, event, error, self.tries)

        try:
            first_time = await self.publisher.publish(notice, keep)
        except Exception:
            log.exception("session %s: could not set aside event %s", self.tenant_id, event.id)
            raise refused from None
        if first_time:
            self.metrics.events_quarantined.inc()
            log.error(
                "session %s: %s event %s set aside after %d refused tries: %s",
                self.tenant_id,
                event.type.value,
                event.id,
                self.tries,
                error,
                extra={"tenant_id": self.tenant_id, "event_id": event.id},
            )
