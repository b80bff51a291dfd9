"""All sessions of this connector, keyed by company id: at most one Session per tenant.

Starting a session goes through a per-company lock, so two `initialize` commands for one
tenant (from two gateways, at the same instant) find the same Session and never open a
second socket.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator

from connector.session import Session, SessionState
from connector.store import Store, StoredSession

log = logging.getLogger(__name__)

SessionFactory = Callable[[str, StoredSession | None], Session]


class SessionPool:
    def __init__(self, store: Store, make_session: SessionFactory, engine_name: str) -> None:
        self._store = store
        self._make_session = make_session
        self._engine_name = engine_name
        self._sessions: dict[str, Session] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def __iter__(self) -> Iterator[Session]:
        return iter(list(self._sessions.values()))

    def __len__(self) -> int:
        return len(self._sessions)

    def get(self, company_id: str) -> Session | None:
        return self._sessions.get(company_id)

    async def load(self) -> list[Session]:
        """Build a Session for every stored one; returns those to restore (wanted and
        holding credentials), which the caller starts when it is ready."""
        to_restore: list[Session] = []
        for stored in await self._store.load_sessions():
            session = self._make_session(stored.company_id, stored)
            # whatever state was stored, nothing is running in this fresh process
            if session.state in (
                SessionState.STARTING,
                SessionState.QR,
                SessionState.CONNECTED,
                SessionState.RECONNECTING,
            ):
                session.state = SessionState.STOPPED
            self._sessions[stored.company_id] = session
            if stored.wanted and stored.has_credentials:
                to_restore.append(session)
        return to_restore

    async def restore(self, sessions: list[Session], stagger_s: float) -> None:
        """Start restored sessions one after another with a small gap, so a connector
        restart does not reconnect every tenant in the same instant."""
        for session in sessions:
            try:
                await session.start()
            except Exception:
                log.exception("restoring session %s failed", session.company_id)
            await asyncio.sleep(stagger_s)

    async def initialize(self, company_id: str) -> Session:
        lock = self._locks.setdefault(company_id, asyncio.Lock())
        async with lock:
            session = self._sessions.get(company_id)
            if session is None:
                await self._store.ensure_session(company_id, self._engine_name)
                session = self._make_session(company_id, None)
                self._sessions[company_id] = session
            await session.start()
            return session

    async def stop_all(self, reason: str) -> None:
        await asyncio.gather(*(s.stop(reason) for s in self), return_exceptions=True)
