"""The connector's end of one engine host's socket: hello, requests with ids and
deadlines, a credit window, and the events routed to each session's mailbox.

One reader task reads every frame; writers (requests, `stored` answers) write whole
frames under one lock, so reading never waits for writing and frames never interleave.
The credit window keeps at most the host's `max_in_flight` requests unanswered, so the
host never stops reading and a `stored` answer never queues behind a paused stream.
Within it each session may hold at most `session_cap` credits, so one session's requests
hung at WhatsApp wait behind their own cap and never take the host from the others.
Every request has a deadline; when the connection ends, every request waiting on it
fails at once with an EngineError (never a hang).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from connector.engine import EngineError
from connector.engines.host import frames
from connector.engines.host.mailbox import Mailbox
from connector.engines.host.messages import (
    EVENTS,
    FINAL_EVENTS,
    VERSION,
    DisconnectedEvent,
    Event,
    Hello,
    Refused,
    Reply,
    Request,
    Stored,
)
from wagate.deadlines import settle, within

log = logging.getLogger(__name__)

HELLO_TIMEOUT_S = 10.0
NOT_CONNECTED = "session_not_connected"  # nothing reached the host: certainly not done
TIMEOUT = "engine_timeout"  # asked, no answer: the outcome is unknown
TOO_LARGE = "body_too_large"  # a request over the 1 MiB frame limit: never sent
# requests a session must be able to make however many of its others hang: ending it
UNCAPPED = frozenset({"stop", "logout"})


class HostLost:
    """In a session's mailbox: the host's connection ended (no event of it follows)."""


HOST_LOST = HostLost()
Routed = Event | HostLost  # what a session's mailbox carries


class HostRefused(Exception):
    """The host would not take this connector (a version mismatch is an install error)."""


class HostConnection:
    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        hello: Hello,
        on_lost: Callable[[HostConnection], None],
        session_cap: int = 8,
    ) -> None:
        self.hello = hello
        self.max_in_flight = max(1, hello.max_in_flight)
        self.session_cap = max(1, session_cap)
        self.in_flight = 0  # requests written and not answered: the credit used
        self.in_flight_of: Counter[str] = Counter()  # the credit each session holds
        self.peak_in_flight = 0  # the most ever used at once (never above max_in_flight)
        self.routes: dict[str, Mailbox[Routed]] = {}
        self._reader, self._writer = reader, writer
        self._on_lost = on_lost
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[Reply]] = {}
        self._holding: dict[int, str] = {}  # ids whose reply returns a credit: their session
        self._credit = asyncio.Condition()
        self._write_lock = asyncio.Lock()
        self.closed = False
        self._task = asyncio.create_task(self._read_loop(), name="engine-host-reader")

    # ---- requests ---------------------------------------------------------------------

    async def request(self, request: Request, deadline_s: float) -> Reply:
        """The host's reply, an error reply included (errors.py gives it its code);
        EngineError NOT_CONNECTED when the host is gone before it was asked, TIMEOUT
        when it was asked and did not answer by the deadline, or ended first."""
        frame = request.model_dump(exclude_none=True)
        try:
            frames.encode(frame)  # refused here, before it takes a credit, if too large
        except frames.FrameError as e:
            raise EngineError(TOO_LARGE, str(e)) from None
        try:
            async with asyncio.timeout(deadline_s):
                await self._take_credit(request)
                return await self._exchange(request.session, frame)
        except TimeoutError:
            raise EngineError(TIMEOUT, f"the engine host did not answer a {request.type}") from None

    async def _take_credit(self, request: Request) -> None:
        session = request.session
        capped = request.type not in UNCAPPED

        def has_room() -> bool:
            mine = not capped or self.in_flight_of[session] < self.session_cap
            return self.in_flight < self.max_in_flight and mine

        async with self._credit:
            await self._credit.wait_for(lambda: self.closed or has_room())
            if self.closed:
                raise EngineError(NOT_CONNECTED, "the engine host is not running")
            self.in_flight += 1
            self.in_flight_of[session] += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)

    async def _exchange(self, session: str, frame: dict[str, Any]) -> Reply:
        request_id = next(self._ids)
        future: asyncio.Future[Reply] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        self._holding[request_id] = session
        try:
            try:
                await self._write(frames.encode({**frame, "id": request_id}))
            except (ConnectionError, OSError):
                await self._return_credit(request_id)
                raise EngineError(NOT_CONNECTED, "the engine host's socket broke") from None
            return await future
        finally:
            self._pending.pop(request_id, None)

    async def stored(self, session: str, seq: int) -> None:
        """Answer a message (or history) event: it is stored. Needs no credit."""
        with contextlib.suppress(ConnectionError, OSError):
            await self._write(frames.encode(Stored(session=session, seq=seq).model_dump()))

    async def _write(self, data: bytes) -> None:
        if self.closed:
            raise ConnectionError("the engine host's connection is closed")
        async with self._write_lock:
            self._writer.write(data)
            await self._writer.drain()

    async def _return_credit(self, request_id: int) -> None:
        session = self._holding.pop(request_id, None)
        if session is not None:
            async with self._credit:
                self.in_flight -= 1
                self.in_flight_of[session] -= 1
                if not self.in_flight_of[session]:
                    del self.in_flight_of[session]
                self._credit.notify_all()

    # ---- reading ----------------------------------------------------------------------

    async def _read_loop(self) -> None:
        try:
            while True:
                await self._dispatch(await frames.read(self._reader))
        except asyncio.IncompleteReadError:
            log.warning("engine host closed its socket")
        except (ConnectionError, OSError) as e:
            log.warning("engine host socket failed: %s", e)
        except (frames.FrameError, ValidationError) as e:
            log.error("engine host broke the protocol: %s", e)
        finally:
            await self._lost()

    async def _dispatch(self, frame: dict[str, Any]) -> None:
        kind = frame["type"]
        if kind == "reply":
            reply = Reply.model_validate(frame)
            await self._return_credit(reply.id)
            future = self._pending.get(reply.id)
            if future is not None and not future.done():
                future.set_result(reply)
            return
        model = EVENTS.get(kind)
        if model is None:
            log.warning("engine host sent a frame this connector does not know: %s", kind)
            return
        try:
            event = model.model_validate(frame)
        except ValidationError as e:
            log.error("engine host sent an unreadable %s event: %s", kind, e)
            unreadable = _unreadable_end(frame, e)
            if unreadable is None:
                return
            event = unreadable
        mailbox = self.routes.get(event.session)
        if mailbox is not None:
            await mailbox.put(event)

    async def _lost(self) -> None:
        """The connection is over: fail what waits on it, tell each session, tell the
        supervisor."""
        self.closed = True
        self._writer.close()
        for future in self._pending.values():
            if not future.done():
                future.set_exception(
                    EngineError(TIMEOUT, "the engine host ended before it answered")
                )
        async with self._credit:
            self._credit.notify_all()
        routes, self.routes = self.routes, {}
        for mailbox in routes.values():
            await mailbox.put(HOST_LOST)
        self._on_lost(self)

    def abort(self) -> None:
        """Break the socket at once (the supervisor then ends the process)."""
        self._writer.transport.abort()

    async def close(self) -> None:
        self._writer.close()
        await settle(self._task)


def _unreadable_end(frame: dict[str, Any], error: ValidationError) -> Event | None:
    """A session's last event that cannot be read still ends it: the session hears that
    its connection ended, for a reason this connector cannot read (lifecycle.py maps the
    unknown reason to unreadable_event). Any other unreadable event is only logged."""
    session = frame.get("session")
    if frame["type"] not in FINAL_EVENTS or not isinstance(session, str):
        return None
    detail = f"an unreadable {frame['type']} event: {error.errors()[0]['msg']}"
    return DisconnectedEvent(
        type="disconnected", session=session, reason="unreadable", detail=detail
    )


async def connect(
    socket_path: str, on_lost: Callable[[HostConnection], None], session_cap: int = 8
) -> HostConnection:
    """Connect and exchange hellos; HostRefused when the host will not serve us."""
    reader, writer = await asyncio.open_unix_connection(socket_path, limit=frames.MAX_FRAME + 8)
    try:
        first = await within(frames.read(reader), HELLO_TIMEOUT_S)
        if first["type"] == "refused":
            refused = Refused.model_validate(first)
            raise HostRefused(f"the engine host refused: {refused.reason} {refused.detail}")
        hello = Hello.model_validate(first)
        if hello.version != VERSION:
            raise HostRefused(f"the engine host speaks version {hello.version}, not {VERSION}")
        writer.write(frames.encode(Hello(version=VERSION, peer="connector").model_dump()))
        await writer.drain()
    except BaseException:
        writer.close()
        raise
    return HostConnection(reader, writer, hello, on_lost, session_cap)
