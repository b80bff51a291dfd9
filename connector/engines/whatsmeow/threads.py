"""The OS threads whatsmeow runs on.

neonize's `connect()` is one Go call that blocks its thread for as long as the session
lives, and neonize sends it (and every other Go call) to asyncio's default executor. That
executor holds min(32, cores + 4) threads, so live sessions would stop at a handful and
starve everything else that borrows it (DNS lookups among them). Here each session's
blocking call gets a thread of its own pool, sized by WAGATE_WHATSMEOW_MAX_SESSIONS, and
the short calls (send, pair code, logout) get a separate small pool, so a command never
waits behind a session.

neonize's Go side keeps its clients in plain Go maps without a lock: `Neonize` adds to
them and `Stop` deletes, and Go aborts the whole process when it catches two writes at
once. Stops therefore run one at a time, on a thread of their own; a session's start
still writes while other calls may run (neonize cannot be told when its writes are
done), which is why restores are paced (WAGATE_RESTORE_RATE).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from neonize._binder import gocode

_SESSION_CALL = "Neonize"  # the Go call that blocks for a session's lifetime
_MAP_WRITERS = frozenset({"Stop", "StopAll"})  # delete from neonize's Go maps
CALL_THREADS = 16


class GoThreads:
    def __init__(self, max_sessions: int) -> None:
        self.max_sessions = max_sessions
        self.sessions = ThreadPoolExecutor(max_sessions, thread_name_prefix="whatsmeow-session")
        self.calls = ThreadPoolExecutor(CALL_THREADS, thread_name_prefix="whatsmeow-call")
        self.stops = ThreadPoolExecutor(1, thread_name_prefix="whatsmeow-stop")
        self.live = 0  # session calls reserved or running (each holds a `sessions` thread)

    def reserve(self) -> bool:
        """Take a session thread for a connection about to start; False when none is
        free (the call would queue behind the live sessions, unseen, for ever)."""
        if self.live >= self.max_sessions:
            return False
        self.live += 1
        return True

    def release(self) -> None:
        self.live -= 1

    def go(self) -> GoCalls:
        return GoCalls(self)

    def shutdown(self) -> None:
        """Called after every session was stopped (which returns their blocking calls)."""
        for pool in (self.sessions, self.calls, self.stops):
            pool.shutdown(wait=False, cancel_futures=True)


class GoCalls:
    """Stands in for neonize's module-wide `async_gocode` inside one client: the same Go
    functions, awaited the same way, but run on `GoThreads` instead of the default
    executor."""

    def __init__(self, threads: GoThreads) -> None:
        self._threads = threads

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        function = getattr(gocode, name)
        threads = self._threads

        def call(*args: Any) -> Awaitable[Any]:
            executor = _executor_for(threads, name)
            return asyncio.get_running_loop().run_in_executor(
                executor, functools.partial(function, *args)
            )

        return call

    def stop(self, uuid: bytes) -> Awaitable[None]:
        """Stop one client: cancels its Go context, which returns its session call."""
        return asyncio.get_running_loop().run_in_executor(
            self._threads.stops, functools.partial(gocode.Stop, uuid)
        )


def _executor_for(threads: GoThreads, name: str) -> ThreadPoolExecutor:
    if name == _SESSION_CALL:
        return threads.sessions
    if name in _MAP_WRITERS:
        return threads.stops
    return threads.calls
