"""The one-connector guarantee: a PostgreSQL advisory lock, held for as long as the
process owns the sessions, on a connection of its own.

Standby. A connector that finds the lock taken waits for it (every `_STANDBY_POLL_S`) and
takes over the moment the holder's connection ends: at once when the holder dies (its
socket closes with it), and within the lock timeout T when the holder's host vanishes
(PostgreSQL drops a connection that has been silent for T, see below). With
WAGATE_CONNECTOR_STANDBY=0 it refuses to start instead, naming the holder.

Fencing. A holder that cannot confirm it still holds the lock must be rid of every
session before PostgreSQL could hand the lock to a standby, so that two connectors never
hold one WhatsApp account. The arithmetic, with T = WAGATE_LOCK_TIMEOUT (default 25 s):

- PostgreSQL drops the lock's connection, and with it the lock, no sooner than T after it
  last heard from the holder: TCP keepalives probe a silent connection after `idle`,
  every `interval`, `count` times, and idle + interval × count = T (10 + 5 × 3 = 25);
  data it sent that stays unacknowledged ends the connection after tcp_user_timeout = T.
- The holder pings the lock's connection every T/10. It counts from the moment it *sent*
  the last ping that was answered: the server heard from it no earlier than that. When
  0.5 T pass without a newer answer (12.5 s), it fences: stops taking commands and stops
  every session, and if that has not finished 0.2 T later (5 s), ends the process, which
  closes every socket it has. Either way it holds no session after 0.7 T (17.5 s) < T.
- The margin, 0.3 T (7.5 s), absorbs a stalled event loop or a slow clock.

So the bound on a takeover after the holder's host vanishes is T (+ one standby poll and
the start-up); after a SIGKILL it is the start-up alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

import asyncpg

from wagate.db import DB_ERRORS
from wagate.deadlines import within

log = logging.getLogger(__name__)

_LOCK_KEY = 0x7761_6761_7465_01  # "wagate" + 1: the connector's lock
_APP_PREFIX = "wagate-connector:"
_STANDBY_POLL_S = 0.5  # how soon a standby sees a free lock
_RECONNECT_S = 1.0  # a standby whose own connection failed tries again after this
_KEEPALIVE_COUNT = 3


@dataclass(frozen=True)
class LockTiming:
    """Every duration of the lock, derived from T (whole seconds, as PostgreSQL's
    keepalive settings are), so the fencing inequality holds for any T."""

    timeout_s: int  # T: PostgreSQL keeps the lock of a holder it cannot hear for this long

    def __post_init__(self) -> None:
        if self.timeout_s < 6:
            raise ValueError("the lock timeout must be at least 6 s")

    @property
    def keepalive_interval_s(self) -> int:
        return max(1, self.timeout_s // 5)

    @property
    def keepalive_idle_s(self) -> int:
        return self.timeout_s - _KEEPALIVE_COUNT * self.keepalive_interval_s

    @property
    def confirm_within_s(self) -> float:
        return self.timeout_s * 0.5

    @property
    def stop_within_s(self) -> float:
        return self.timeout_s * 0.2

    @property
    def ping_every_s(self) -> float:
        return self.timeout_s / 10

    def server_settings(self) -> dict[str, str]:
        return {
            "tcp_keepalives_idle": str(self.keepalive_idle_s),
            "tcp_keepalives_interval": str(self.keepalive_interval_s),
            "tcp_keepalives_count": str(_KEEPALIVE_COUNT),
            "tcp_user_timeout": str(self.timeout_s * 1000),  # milliseconds
        }


class AnotherConnectorRunning(RuntimeError):
    pass


class ConnectorLock:
    def __init__(self, database_url: str, connector_id: str, timing: LockTiming) -> None:
        self._url = database_url
        self._connector_id = connector_id
        self.timing = timing
        self._conn: asyncpg.Connection | None = None
        self._held = False
        self._confirmed_at = 0.0  # when the last answered query about the lock was sent
        self._ping_now = asyncio.Event()  # `confirm` wants an answer sooner than the next ping
        self._news = asyncio.Event()  # set (and replaced) on each confirmation and on the loss

    @property
    def held(self) -> bool:
        return self._held and self._conn is not None and not self._conn.is_closed()

    async def acquire(self, *, standby: bool, stop: asyncio.Event) -> bool:
        """Take the lock. A standby waits for it (False if `stop` is set first); otherwise
        a taken lock raises AnotherConnectorRunning, naming the holder."""
        waiting_since: float | None = None
        while not stop.is_set():
            try:
                if await self._try():
                    if waiting_since is not None:
                        log.info(
                            "took the connector lock after %.1f s as a standby",
                            time.monotonic() - waiting_since,
                        )
                    return True
                if not standby:
                    raise AnotherConnectorRunning(
                        f"{await self._holder()} already owns the sessions in this database; "
                        "refusing to start a second one"
                    )
                if waiting_since is None:
                    waiting_since = time.monotonic()
                    log.info(
                        "standing by: %s owns the sessions; taking over when it is gone",
                        await self._holder(),
                    )
                pause = _STANDBY_POLL_S
            except DB_ERRORS as e:
                log.warning("standby: PostgreSQL unreachable (%s); trying again", e)
                await self._drop()
                pause = _RECONNECT_S
            with contextlib.suppress(TimeoutError):
                await within(stop.wait(), pause)
        return False

    async def waiting_ok(self) -> bool:
        """For a standby's readiness: its connection to PostgreSQL is there."""
        return self._conn is not None and not self._conn.is_closed()

    async def _try(self) -> bool:
        if self._conn is None or self._conn.is_closed():
            self._conn = await asyncpg.connect(
                self._url,
                timeout=self.timing.confirm_within_s,
                server_settings={
                    "application_name": _APP_PREFIX + self._connector_id,
                    **self.timing.server_settings(),
                },
            )
        sent = time.monotonic()
        got = bool(await self._conn.fetchval("SELECT pg_try_advisory_lock($1)", _LOCK_KEY))
        self._held, self._confirmed_at = got, sent
        return got

    async def _holder(self) -> str:
        assert self._conn is not None
        holder = await self._conn.fetchrow(
            """SELECT a.application_name, a.client_addr::text AS addr, a.backend_start
               FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
               WHERE l.locktype = 'advisory' AND l.granted
                 AND ((l.classid::bigint << 32) | l.objid::bigint) = $1""",
            _LOCK_KEY,
        )
        if holder is None:
            return "another connector"
        name = str(holder["application_name"]).removeprefix(_APP_PREFIX)
        where = holder["addr"] or "local socket"
        since = f"{holder['backend_start']:%Y-%m-%d %H:%M:%S %Z}"
        return f"connector {name!r} (from {where}, since {since})"

    async def watch(self) -> str:
        """Returns (why) once the lock can no longer be confirmed: from then on the
        holder has `timing.stop_within_s` to be rid of its sessions (module docstring)."""
        try:
            return await self._confirm_until_lost()
        finally:
            self._held = False
            self._tell()

    async def _confirm_until_lost(self) -> str:
        conn = self._conn
        assert conn is not None and self._held, "acquire first"
        # a connection the server ends (a restart, a DBA's kill) frees the lock at once:
        # hear of it at once too, not at the next ping
        ended = asyncio.Event()

        def on_end(_conn: object) -> None:
            ended.set()
            self._ping_now.set()

        conn.add_termination_listener(on_end)
        confirmed = self._confirmed_at
        while not ended.is_set():
            self._ping_now.clear()  # a `confirm` from now on is served by this ping
            sent = time.monotonic()
            budget = confirmed + self.timing.confirm_within_s - sent
            try:
                await within(conn.fetchval("SELECT 1"), max(0.0, budget))
            except TimeoutError:
                return (
                    f"PostgreSQL did not confirm the lock for {self.timing.confirm_within_s:.1f} s"
                )
            except DB_ERRORS as e:
                return f"the lock's connection ended ({type(e).__name__}: {e})"
            confirmed = self._confirmed_at = sent
            self._tell()
            with contextlib.suppress(TimeoutError):
                await within(self._ping_now.wait(), self.timing.ping_every_s)
        return "the lock's connection was closed by the server"

    async def confirm(self) -> bool:
        """Whether the lock is still this process's, by an answer PostgreSQL gives after
        this call (one ping serves every caller waiting meanwhile). False once `watch`
        has found it lost; the wait is bounded by `watch`'s own deadline."""
        asked = time.monotonic()
        while self._held:
            if self._confirmed_at >= asked:
                return True
            news = self._news
            self._ping_now.set()
            await news.wait()
        return False

    def _tell(self) -> None:
        news, self._news = self._news, asyncio.Event()
        news.set()

    async def release(self) -> None:
        """Let the lock go (closing the session releases it). A connection that does not
        answer is cut off rather than waited for."""
        self._held = False
        self._tell()
        await self._drop()

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None or conn.is_closed():
            return
        try:
            await within(conn.close(), 2.0)
        except DB_ERRORS:  # TimeoutError included (an OSError)
            conn.terminate()
