"""All sessions of this connector, keyed by company id: at most one Session per tenant.

Every lifecycle command for a company goes through that company's lock, so two
`initialize` commands for one tenant (from two gateways, at the same instant) find the
same Session and never open a second socket, and a logout cannot interleave with a start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

from connector.clock import SYSTEM_CLOCK, Clock
from connector.engine import EngineError
from connector.events import EventPublisher
from connector.keyed_locks import KeyedLocks
from connector.session import Marked, Session
from connector.store import Dialing, Store, StoredSession
from wagate.db import DB_ERRORS
from wagate.deadlines import cancel_all
from wagate.session_states import SessionState

log = logging.getLogger(__name__)

# (company id, engine name, what is stored) -> the session, on that engine
SessionFactory = Callable[[str, str, StoredSession | None], Awaitable[Session]]

# sessions marked starting in one transaction: each event holds its tenant's event-log
# lock until the commit, and PostgreSQL's lock table is bounded (64 locks a connection
# by default, shared)
_MARKS_AT_ONCE = 500
# what restored connections need is read ahead a second's worth at a time, at most this
# many (read at load, a proxy set during a long restore would be missed)
_DIALINGS_AT_ONCE = 500
# a wait for a login's answer, once cancelled, ends at once (nothing in it to clean up)
_CANCELLED_WITHIN_S = 1.0


class SessionPool:
    def __init__(
        self,
        store: Store,
        make_session: SessionFactory,
        default_engine: str,
        clock: Clock = SYSTEM_CLOCK,
        publisher: EventPublisher | None = None,
    ) -> None:
        self._store = store
        # commits the restored sessions' `starting` together; None: each its own
        self._publisher = publisher
        self._clock = clock
        self._make_session = make_session
        self._default_engine = default_engine
        self._sessions: dict[str, Session] = {}
        # marked starting by `load`, not connected yet: `restore` takes them in turn, a
        # command for one of them (`hurry`) takes it at once
        self._awaiting_restore: dict[str, Session] = {}
        self._locks = KeyedLocks()

    def __iter__(self) -> Iterator[Session]:
        return iter(list(self._sessions.values()))

    def __len__(self) -> int:
        return len(self._sessions)

    def get(self, tenant_id: str) -> Session | None:
        return self._sessions.get(tenant_id)

    def _lock(self, tenant_id: str) -> contextlib.AbstractAsyncContextManager[None]:
        return self._locks.hold(tenant_id)

    @contextlib.asynccontextmanager
    async def _taking_over(self, tenant_id: str) -> AsyncIterator[None]:
        """The tenant's lock, for a command that decides the session's fate (restart, stop,
        logout, delete): a restore still queued for it must not connect it afterwards."""
        async with self._lock(tenant_id):
            self._awaiting_restore.pop(tenant_id, None)
            yield

    # ---- start-up -----------------------------------------------------------------------

    async def load(self) -> list[Session]:
        """Build a Session for every stored one, and mark those that should run (wanted,
        with credentials, and not given up: a `failed` session is retried only on
        request) as starting, so sends wait for them; returns those, for `restore` to
        connect."""
        to_restore: list[Session] = []
        marks: list[tuple[Session, Marked]] = []
        for stored in await self._store.load_sessions():
            try:
                session = await self._make_session(stored.tenant_id, stored.engine, stored)
            except EngineError as e:  # one tenant's missing engine must not stop the rest
                log.error("session %s not loaded: %s", stored.tenant_id, e.message)
                continue
            self._sessions[stored.tenant_id] = session
            # a fresh Session is `stopped` unless it had failed or logged out
            if stored.wanted and stored.has_credentials and session.state is SessionState.STOPPED:
                marked = await session.mark_starting("restoring")
                if marked is not None:
                    marks.append((session, marked))
                self._awaiting_restore[stored.tenant_id] = session
                to_restore.append(session)
        await self._commit_marks(marks)
        return to_restore

    async def _commit_marks(self, marks: list[tuple[Session, Marked]]) -> None:
        """Commit sessions' changes many to a transaction: a transaction each (a commit,
        a flush to disk) held a restarted connector's first connection back by half a
        minute at 10,000 sessions. A transaction refused as a whole: each on its own, as
        any change is (an event the database refuses is set aside, an outage logged)."""
        for start in range(0, len(marks), _MARKS_AT_ONCE):
            chunk = marks[start : start + _MARKS_AT_ONCE]
            if self._publisher is not None:
                try:
                    async with contextlib.AsyncExitStack() as emitting:
                        for session, _ in chunk:  # after what each is committing now
                            await emitting.enter_async_context(session.emitting())
                        together = [(m.event, m.cause) for _, m in chunk]
                        await self._publisher.publish_together(together)
                    continue
                except Exception as e:  # each is tried again on its own, below
                    log.warning("%d sessions' changes not committed together: %s", len(chunk), e)
            for session, marked in chunk:
                await session.commit(marked)

    async def restore(self, sessions: list[Session], per_second: float) -> None:
        """Connect restored sessions at a steady rate, so a connector restart does not
        reconnect every tenant in the same instant (WhatsApp sees a herd, not a restart).

        One at a time, so no two handshakes overlap: the next starts once the network
        answered this one's login (connected, or refused), not when its socket opened, or
        a network slow to answer (a loaded one) saw logins pile up; at most two gaps are
        waited for that answer, so a network that does not answer halves the rate at
        worst. The gap runs from a connection's start, so the time it takes (the
        handshake) is part of the gap, not added to it (added, it capped the rate at
        1 / (connect time + gap): 73 a second at a setting of 100 with 1,000 sessions on a
        loaded machine). At least half a gap still separates one connection's end from
        the next one's start: a slow one (the first, cold) is not followed at once by the
        next, which would reach the network a few milliseconds after it. What the
        connections need (credentials, presence, proxy) is read a second's worth at a
        time, one statement rather than three reads each."""
        gap = 1.0 / per_second
        batch = max(1, min(_DIALINGS_AT_ONCE, math.ceil(per_second)))
        ahead: dict[str, Dialing] = {}
        for i, session in enumerate(sessions):
            began = self._clock.monotonic()
            if i % batch == 0:
                ahead = await self._read_ahead(sessions[i : i + batch])
            if await self._restore_one(session, ahead.pop(session.tenant_id, None)):
                await self._answered(session, 2 * gap)
                left = began + gap - self._clock.monotonic()
                await self._clock.sleep(max(gap / 2, left))

    async def _answered(self, session: Session, at_most_s: float) -> None:
        """Until the network answered `session`'s login, or `at_most_s` on the clock."""
        if session.state is not SessionState.STARTING:
            return  # answered already, or no longer restoring
        answer = asyncio.create_task(session.settled())
        bound = asyncio.create_task(self._clock.sleep(at_most_s))
        try:
            await asyncio.wait((answer, bound), return_when=asyncio.FIRST_COMPLETED)
        finally:
            await cancel_all((answer, bound), _CANCELLED_WITHIN_S)

    async def _read_ahead(self, sessions: list[Session]) -> dict[str, Dialing]:
        """What these sessions' connections need; {} when the read fails (each then
        reads its own, and meets the outage itself)."""
        try:
            return await self._store.dialings([s.tenant_id for s in sessions])
        except DB_ERRORS as e:
            log.warning("reading %d restored sessions' credentials failed: %s", len(sessions), e)
            return {}

    async def hurry(self, tenant_id: str) -> None:
        """A command waits for a session the restore has not reached yet (a send taken
        back from a crashed connector, say): connect it now, not in its turn, which may
        come after the command's wait has run out."""
        session = self._awaiting_restore.get(tenant_id)
        if session is not None:
            await self._restore_one(session)

    async def _restore_one(self, session: Session, dialing: Dialing | None = None) -> bool:
        """Connect a session still waiting for its restore (with what it needs, when read
        ahead); False when it no longer waits (hurried, deleted, or started, stopped or
        deleted by a command meanwhile)."""
        async with self._lock(session.tenant_id):
            if self._awaiting_restore.get(session.tenant_id) is not session:
                return False
            del self._awaiting_restore[session.tenant_id]
            try:
                await session.connect_now(dialing)
            except Exception:
                log.exception("restoring session %s failed", session.tenant_id)
            return True

    # ---- lifecycle commands ---------------------------------------------------------------

    async def initialize(self, tenant_id: str) -> Session:
        async with self._lock(tenant_id):
            session = self._sessions.get(tenant_id)
            if session is None:
                engine = await self._store.ensure_session(tenant_id, self._default_engine)
                session = await self._make_session(tenant_id, engine, None)
                self._sessions[tenant_id] = session
            else:
                await self._store.set_wanted(tenant_id, True)
            if self._awaiting_restore.pop(tenant_id, None) is not None:
                await session.connect_now()  # `start` leaves a starting session as it is
            await session.start()
            return session

    async def restart(self, tenant_id: str) -> Session | None:
        async with self._taking_over(tenant_id):
            session = self._sessions.get(tenant_id)
            if session is not None:
                await self._store.set_wanted(tenant_id, True)
                await session.restart()
            return session

    async def logout(self, tenant_id: str) -> Session | None:
        async with self._taking_over(tenant_id):
            session = self._sessions.get(tenant_id)
            if session is not None:
                await session.logout()
                await self._store.set_wanted(tenant_id, False)
            return session

    async def stop(self, tenant_id: str, reason: str) -> Session | None:
        """Close the connection and keep it closed across restarts (credentials kept)."""
        async with self._taking_over(tenant_id):
            session = self._sessions.get(tenant_id)
            if session is not None:
                await session.stop(reason)
                await self._store.set_wanted(tenant_id, False)
            return session

    async def delete(self, tenant_id: str, keep_device: bool = False) -> bool:
        """End the session and forget it (credentials included). Its paired device is
        unlinked at WhatsApp, as a logout does, unless `keep_device`: forgotten here, it
        would otherwise stay on the phone's list for good. False if there was none."""
        async with self._taking_over(tenant_id):
            session = self._sessions.pop(tenant_id, None)
            if session is not None:
                if session.phone is not None and not keep_device:
                    await session.logout("deleted")
                else:
                    await session.stop("deleted")
                await self._store.delete_session(tenant_id)
        return session is not None

    async def stop_all(self, reason: str) -> None:
        """Every connection closed, and every running session's `stopped` committed
        many to a transaction (as `load` commits their `starting`)."""
        sessions = list(self)
        stopped = await asyncio.gather(
            *(s.stop_uncommitted(reason) for s in sessions), return_exceptions=True
        )
        marks = [(s, m) for s, m in zip(sessions, stopped, strict=True) if isinstance(m, Marked)]
        await self._commit_marks(marks)
