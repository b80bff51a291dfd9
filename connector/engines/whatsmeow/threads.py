"""The OS threads whatsmeow runs on.

neonize's `connect()` is one Go call that blocks its thread for as long as the session
lives, and neonize sends it (and every other Go call) to asyncio's default executor. That
executor holds min(32, cores + 4) threads, so live sessions would stop at a handful and
starve everything else that borrows it (DNS lookups among them). Here each session's
blocking call gets a thread of its own, at most WAGATE_WHATSMEOW_MAX_SESSIONS of them, and
the short calls (send, pair code, logout) get a separate small pool, so a command never
waits behind a session. Session threads are daemon threads, not a ThreadPoolExecutor's:
Python joins an executor's threads at exit, and a Go call that never returns (whatsmeow
has such a case, see `WhatsmeowEngine.stop`) would hold the connector's exit for ever.

neonize's Go side keeps its clients in plain Go maps without a lock: `Neonize` adds to
them early in the call (after opening whatsmeow's store) and `Stop` deletes, every other
call looks its client up in them, and Go aborts the whole process on a write concurrent
with another write or with a read (a stress run of rapid starts and stops did end in
"fatal error: concurrent map writes"). So every call into Go takes its turn through one
gate: a stop holds it for its call; a start from its dispatch until its call has returned
(a failed attempt), its client sent its first event (a QR, or connected: the writes come
before the connection) or WRITE_WINDOW_S has passed, by which time its writes are done
(they follow the store's opening and a device lookup: ~10 ms locally, but 0.1 s was seen
to be too short for sixteen starts at once on two busy cores, where a worker died of
"concurrent map writes"); any other call for READ_WINDOW_S, as its lookup is the first
thing it does, before any I/O. Where the window is still too short (a slow remote
database), the abort costs one worker process (`workers.py`), whose sessions the
connector brings back.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from neonize._binder import gocode

_SESSION_CALL = "Neonize"  # the Go call that blocks for a session's lifetime
_MAP_WRITERS = frozenset({"Stop", "StopAll"})  # delete from neonize's Go maps
WRITE_WINDOW_S = 1.0  # a hundred times the store lookup the writes follow
READ_WINDOW_S = 0.005  # a map lookup at the very start of a Go call
CALL_THREADS = 16


class StartAbandoned(Exception):
    pass


class GoThreads:
    def __init__(self, max_sessions: int) -> None:
        self.max_sessions = max_sessions
        self.calls = ThreadPoolExecutor(CALL_THREADS, thread_name_prefix="whatsmeow-call")
        self.stops = ThreadPoolExecutor(1, thread_name_prefix="whatsmeow-stop")
        self.map_gate = asyncio.Lock()  # one writer of neonize's Go maps at a time
        self.live = 0  # session calls reserved or running, each on a thread of its own

    def reserve(self) -> bool:
        """Take a session thread for a connection about to start; False when all
        WAGATE_WHATSMEOW_MAX_SESSIONS are taken."""
        if self.live >= self.max_sessions:
            return False
        self.live += 1
        return True

    def release(self) -> None:
        self.live -= 1

    async def start_session(self, call: Callable[[], Any], go: GoCalls) -> Any:
        """Run a session's blocking call on its own thread; see the module docstring for
        why the gate is held a while after it starts. A start whose client was stopped
        while it waited for the gate is not made at all."""
        async with self.map_gate:
            if go.abandoned:
                raise StartAbandoned("stopped before it connected")
            running = _on_own_thread(call)
            heard = asyncio.ensure_future(go.first_event.wait())
            await asyncio.wait(
                [running, heard], timeout=WRITE_WINDOW_S, return_when="FIRST_COMPLETED"
            )
            heard.cancel()
        return await running

    async def write_maps(self, call: Callable[[], Any]) -> Any:
        async with self.map_gate:
            return await asyncio.get_running_loop().run_in_executor(self.stops, call)

    async def read_maps(self, call: Callable[[], Any]) -> Any:
        """A call that looks its client up in neonize's maps, then goes on (a send waits
        for WhatsApp): it holds the gate only while it makes that lookup."""
        async with self.map_gate:
            running = asyncio.get_running_loop().run_in_executor(self.calls, call)
            await asyncio.wait([running], timeout=READ_WINDOW_S)
        return await running

    def go(self) -> GoCalls:
        return GoCalls(self)

    def shutdown(self) -> None:
        """Called after every session was stopped (which returns their blocking calls)."""
        for pool in (self.calls, self.stops):
            pool.shutdown(wait=False, cancel_futures=True)


class GoCalls:
    """Stands in for neonize's module-wide `async_gocode` inside one client: the same Go
    functions, awaited the same way, but run on `GoThreads` instead of the default
    executor."""

    def __init__(self, threads: GoThreads) -> None:
        self._threads = threads
        self.abandoned = False  # stopped: a start still waiting for its turn is dropped
        self.first_event = asyncio.Event()  # the client's first event came: writes done

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        function = getattr(gocode, name)
        threads = self._threads

        def call(*args: Any) -> Awaitable[Any]:
            if name == _SESSION_CALL:
                return threads.start_session(functools.partial(function, *args), self)
            if name in _MAP_WRITERS:
                return threads.write_maps(functools.partial(function, *args))
            return threads.read_maps(functools.partial(function, *args))

        return call

    def stop(self, uuid: bytes) -> Awaitable[None]:
        """Stop one client: cancels its Go context, which returns its session call."""
        self.abandon()
        return self.Stop(uuid)

    def heard(self) -> None:
        self.first_event.set()

    def abandon(self) -> None:
        """A stop is coming later: a start not yet made is not to be made."""
        self.abandoned = True


def _on_own_thread(call: Callable[[], Any]) -> asyncio.Future[Any]:
    """Run `call` on a new daemon thread; its outcome comes back to the loop."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()

    def settle(set_outcome: Callable[[Any], None], value: Any) -> None:
        if not future.done():
            set_outcome(value)

    def run() -> None:
        try:
            outcome: tuple[Callable[[Any], None], Any] = (future.set_result, call())
        except BaseException as e:  # handed to the awaiting task, as an executor would
            outcome = (future.set_exception, e)
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=run, name="whatsmeow-session", daemon=True).start()
    return future
