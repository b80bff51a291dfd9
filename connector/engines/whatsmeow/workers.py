"""The whatsmeow engine as the connector sees it: sessions placed in worker processes.

neonize runs whatsmeow in the Go runtime inside the calling process, and some of its
failures cannot be handled there: a Go call that never returns (after a QR that ends
without a scan, neonize's FetchMe polls for ever) and Go's own aborts (a concurrent map
access kills the process). So the connector never loads it. Each session runs in a
worker process (`worker.py`) that the connector starts, talks to over a socketpair with
`protocol`'s typed messages, and kills when it must:

- a session goes to a shared worker of at most WAGATE_WHATSMEOW_WORKER_SESSIONS, and a
  worker left without sessions for WAGATE_WHATSMEOW_WORKER_IDLE is ended (a new one
  costs ~0.7 s of CPU);
- pairings (no credentials yet) go to pairing workers, each of which takes at most that
  many pairings in its life and then no more: an unscanned QR leaves a Go call that never
  returns, and it goes with its process once the worker's last session has ended;
- a stop the worker does not confirm within WAGATE_WHATSMEOW_STOP_TIMEOUT (a Disconnect
  stuck behind whatsmeow's socket lock, or any Go call that hangs) kills that worker;
- a worker that dies, killed or aborted, reports `connection_lost` for each of its
  sessions, which the session's own backoff brings back.

No neonize import here: the connector's memory holds no Go runtime.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import secrets
import signal
import socket
import sys
from collections.abc import AsyncIterator
from typing import Any

from connector.engine import (
    Attachment,
    Disconnected,
    DisconnectReason,
    EngineError,
    EngineEvent,
    EventSink,
    LoggedOut,
    MediaBytes,
    Outgoing,
    PairingExpired,
    Quote,
    SentMessage,
)
from connector.engines.whatsmeow import protocol
from connector.engines.whatsmeow.media_bytes import CHUNK_BYTES
from wagate.bus import GroupInfo, NumberStatus, ParticipantChange, Profile
from wagate.deadlines import settle, within

log = logging.getLogger(__name__)

_CALL_TIMEOUT_S = 35.0  # past the worker's own 30 s limit on a Go call
_START_TIMEOUT_S = 30.0
# a media send or download: the file crosses the pipe and WhatsApp's media host, and the
# worker's own wait for whatsmeow is longer still (SEND_WAIT_S); each chunk of a download
# gets this long too
_MEDIA_TIMEOUT_S = 600.0
_ids = itertools.count(1)


class WorkerGone(Exception):
    pass


class WorkerProcess:
    """One worker: its process, its socket, the requests awaiting answers and the
    sessions placed in it."""

    def __init__(self, kind: WorkerEngineKind, capacity: int, pairing: bool) -> None:
        self._kind = kind
        self.capacity = capacity
        self.pairing = pairing
        self.sessions: dict[int, WorkerEngine] = {}
        self.reserved = 0  # places promised to starts on their way here
        self.uses = 0  # sessions ever placed here: a pairing worker takes `capacity`
        self._pending: dict[int, asyncio.Future[protocol.Reply]] = {}
        # downloads under way: their chunks, then their Reply (None: the worker is gone)
        self._streams: dict[int, asyncio.Queue[protocol.MediaChunk | protocol.Reply | None]] = {}
        self._process: asyncio.subprocess.Process | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._reading: asyncio.Task[None] | None = None
        self.gone = False

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def free(self) -> int:
        if self.pairing:  # every pairing here may leave a stuck Go call behind
            return self.capacity - self.uses
        return self.capacity - len(self.sessions) - self.reserved

    async def spawn(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "connector.engines.whatsmeow.worker",
                str(theirs.fileno()),
                pass_fds=(theirs.fileno(),),
                stdin=asyncio.subprocess.DEVNULL,
            )
        finally:
            theirs.close()
        reader, self._writer = await asyncio.open_unix_connection(sock=ours)
        settings = self._kind.setup
        await protocol.send(self._writer, protocol.Setup(*settings, self.capacity))
        self._reading = asyncio.create_task(self._read(reader), name=f"whatsmeow-worker-{self.pid}")

    async def request(
        self, message: protocol.Request, timeout_s: float, file: MediaBytes | None = None
    ) -> protocol.Reply:
        """Send `message` and wait for its Reply. With `file` (an attachment's), the file's
        chunks follow the request frame; they stop if the worker answered already (a
        failure)."""
        if self.gone or self._writer is None:
            raise WorkerGone("the whatsmeow worker has exited")
        writer = self._writer
        answer: asyncio.Future[protocol.Reply] = asyncio.get_running_loop().create_future()
        self._pending[message.request] = answer
        try:
            await protocol.send(writer, message)
            if file is not None:
                await _send_file(writer, message.request, file, answer)
            return await within(answer, timeout_s)
        except (ConnectionError, asyncio.IncompleteReadError):
            raise WorkerGone("the whatsmeow worker has exited") from None
        finally:
            self._pending.pop(message.request, None)

    async def stream(
        self, message: protocol.DownloadMedia, timeout_s: float
    ) -> AsyncIterator[bytes]:
        """A request answered with a file: its chunks as they come, then its Reply's
        failure raised, if any. `timeout_s` bounds each wait, not the whole file."""
        if self.gone or self._writer is None:
            raise WorkerGone("the whatsmeow worker has exited")
        queue: asyncio.Queue[protocol.MediaChunk | protocol.Reply | None] = asyncio.Queue()
        self._streams[message.request] = queue
        try:
            await protocol.send(self._writer, message)
            while True:
                item = await within(queue.get(), timeout_s)
                if item is None:
                    raise WorkerGone("the whatsmeow worker has exited")
                if isinstance(item, protocol.Reply):
                    _value(item)
                    return
                yield item.data
        except (ConnectionError, asyncio.IncompleteReadError):
            raise WorkerGone("the whatsmeow worker has exited") from None
        finally:
            self._streams.pop(message.request, None)

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                message = await protocol.receive(reader, protocol.ToConnector)
                stream = self._streams.get(getattr(message, "request", -1))
                if stream is not None:  # a download's chunk or its end
                    stream.put_nowait(message)
                elif isinstance(message, protocol.MediaChunk):
                    pass  # of a download its reader gave up on
                elif isinstance(message, protocol.Reply):
                    answer = self._pending.get(message.request)
                    if answer is not None and not answer.done():
                        answer.set_result(message)
                else:
                    engine = self.sessions.get(message.session)
                    if engine is not None:
                        engine.arrived(message.event)
        except (asyncio.IncompleteReadError, ConnectionError, protocol.ProtocolError) as e:
            if not isinstance(e, asyncio.IncompleteReadError):
                log.warning("whatsmeow worker %s: %s", self.pid, e)
        await self._ended()

    async def _ended(self) -> None:
        """The socket closed: the process is dead or dying. Every waiting request fails,
        every session placed here reports its connection lost."""
        self.gone = True
        self._kind.forget(self)
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            code = await self._process.wait()
        else:
            code = None
        for answer in self._pending.values():
            if not answer.done():
                answer.set_exception(WorkerGone("the whatsmeow worker has exited"))
        for stream in self._streams.values():
            stream.put_nowait(None)
        sessions, self.sessions = list(self.sessions.values()), {}
        if sessions:
            how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
            log.warning(
                "whatsmeow worker %s ended (%s) with %d sessions", self.pid, how, len(sessions)
            )
            self._kind.worker_deaths += 1
            for engine in sessions:
                engine.worker_died(f"the whatsmeow worker process ended ({how})")

    def kill(self) -> None:
        """End the process now: whatever its Go calls are doing, they end with it."""
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.send_signal(signal.SIGKILL)

    async def wait_ended(self) -> None:
        if self._reading is not None:
            await asyncio.shield(self._reading)


class WorkerEngine:
    """The Engine a session holds: every call goes to the session's worker process."""

    def __init__(self, tenant_id: str, on_event: EventSink, kind: WorkerEngineKind) -> None:
        self._tenant_id = tenant_id
        self._on_event = on_event
        self._kind = kind
        self._worker: WorkerProcess | None = None
        self._session = next(_ids)
        self._queue: asyncio.Queue[EngineEvent] = asyncio.Queue()
        self._pump: asyncio.Task[None] | None = None
        self._stopping = False
        self._ended = False  # this connection's end was reported

    async def start(self, credentials: dict[str, Any] | None) -> None:
        self._stopping = False
        self._ended = False
        try:
            worker = await self._kind.place(pairing=credentials is None)
        except EngineError as e:
            await self._on_event(Disconnected(DisconnectReason.CONNECT_FAILED, e.message))
            return
        worker.reserved -= 1
        if self._stopping:  # stopped while it waited for its place: not started at all
            self._kind.vacated(worker)
            return
        self._worker = worker
        worker.sessions[self._session] = self
        self._pump = asyncio.create_task(self._deliver(), name=f"whatsmeow-{self._tenant_id}")
        start = protocol.Start(next(_ids), self._session, self._tenant_id, credentials)
        try:
            await self._call(start, _START_TIMEOUT_S)
        except EngineError as e:
            if not self._stopping:
                self._queue.put_nowait(Disconnected(DisconnectReason.CONNECT_FAILED, e.message))

    async def send(
        self, chat: str, content: Outgoing, message_id: str, quote: Quote | None = None
    ) -> SentMessage:
        """One request to the session's worker. An attachment's file follows it in
        chunks; the worker's engine reads it whole (whatsmeow's Upload takes one buffer)."""
        worker = self._require_worker()
        file = content.data if isinstance(content, Attachment) else None
        crossing = content.media if isinstance(content, Attachment) else content
        request = protocol.Send(next(_ids), self._session, chat, crossing, message_id, quote)
        timeout_s = _MEDIA_TIMEOUT_S if file is not None else _CALL_TIMEOUT_S
        try:
            reply = await worker.request(request, timeout_s, file)
        except TimeoutError:
            raise EngineError(
                "engine_timeout", "the whatsmeow worker did not answer in time"
            ) from None
        except WorkerGone as e:
            raise EngineError("not_connected", str(e)) from None
        sent = _value(reply)
        assert isinstance(sent, SentMessage)
        return sent

    async def download_media(self, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        worker = self._require_worker()
        request = protocol.DownloadMedia(next(_ids), self._session, ref)
        try:
            async for chunk in worker.stream(request, _MEDIA_TIMEOUT_S):
                yield chunk
        except TimeoutError:
            raise EngineError(
                "engine_timeout", "the whatsmeow worker did not answer in time"
            ) from None
        except WorkerGone as e:
            raise EngineError("not_connected", str(e)) from None

    def _require_worker(self) -> WorkerProcess:
        if self._worker is None:
            raise EngineError("not_connected", "the session is not connected to WhatsApp")
        return self._worker

    # ---- chat actions: each call runs in the session's worker ------------------

    async def _by_name(self, method: str, *args: Any) -> Any:
        """One of the engine's CALL_METHODS, run in the session's worker."""
        call = protocol.Call(next(_ids), self._session, method, args)
        return await self._call(call, _CALL_TIMEOUT_S)

    async def mark_read(self, chat: str, sender: str, message_ids: list[str]) -> None:
        await self._by_name("mark_read", chat, sender, message_ids)

    async def send_chat_presence(self, chat: str, state: str) -> None:
        await self._by_name("send_chat_presence", chat, state)

    async def send_presence(self, available: bool) -> None:
        await self._by_name("send_presence", available)

    # ---- number checks, contacts, groups: each a call by name in the session's worker -

    async def check_numbers(self, phones: list[str]) -> list[NumberStatus]:
        found: list[NumberStatus] = await self._by_name("check_numbers", phones)
        return found

    async def contact_info(self, phone: str) -> Profile:
        found: Profile = await self._by_name("contact_info", phone)
        return found

    async def joined_groups(self) -> list[GroupInfo]:
        found: list[GroupInfo] = await self._by_name("joined_groups")
        return found

    async def group_info(self, group_id: str) -> GroupInfo:
        found: GroupInfo = await self._by_name("group_info", group_id)
        return found

    async def create_group(self, subject: str, participants: list[str]) -> GroupInfo:
        created: GroupInfo = await self._by_name("create_group", subject, participants)
        return created

    async def set_group_subject(self, group_id: str, subject: str) -> None:
        await self._by_name("set_group_subject", group_id, subject)

    async def set_group_description(self, group_id: str, description: str) -> None:
        await self._by_name("set_group_description", group_id, description)

    async def update_participants(
        self, group_id: str, action: str, phones: list[str]
    ) -> list[ParticipantChange]:
        changes: list[ParticipantChange] = await self._by_name(
            "update_participants", group_id, action, phones
        )
        return changes

    async def leave_group(self, group_id: str) -> None:
        await self._by_name("leave_group", group_id)

    async def group_invite_code(self, group_id: str, revoke: bool) -> str:
        code: str = await self._by_name("group_invite_code", group_id, revoke)
        return code

    async def join_group(self, code: str) -> str:
        group_id: str = await self._by_name("join_group", code)
        return group_id

    async def request_pairing_code(self, phone: str) -> str:
        if self._worker is None:
            raise EngineError("not_pairing", "the session is not pairing")
        code = await self._call(protocol.PairingCode(next(_ids), self._session, phone), 35.0)
        assert isinstance(code, str)
        return code

    async def ping(self, timeout_s: float) -> float:
        took = await self._call(protocol.Ping(next(_ids), self._session, timeout_s), timeout_s + 5)
        assert isinstance(took, float)
        return took

    async def logout(self) -> None:
        try:
            await self._call(protocol.Logout(next(_ids), self._session), _CALL_TIMEOUT_S)
        finally:
            await self.stop()

    async def stop(self) -> None:
        """Stop the session in its worker; a worker that does not confirm in time (a Go
        call stuck there) is killed. A pairing is only left: its worker ends with its
        last session."""
        self._stopping = True
        worker, self._worker = self._worker, None
        if worker is not None and not worker.gone:
            if worker.pairing:  # its Go call may never return: no Stop into it
                worker.sessions.pop(self._session, None)
                self._kind.vacated(worker)
            else:
                try:
                    await self._call(
                        protocol.Stop(next(_ids), self._session),
                        self._kind.stop_timeout_s,
                        worker,
                    )
                except EngineError as e:
                    log.warning(
                        "whatsmeow worker %s did not stop %s (%s): ending the worker",
                        worker.pid,
                        self._tenant_id,
                        e.message,
                    )
                    worker.sessions.pop(self._session, None)
                    worker.kill()
                    await worker.wait_ended()
                worker.sessions.pop(self._session, None)
                self._kind.vacated(worker)
        pump, self._pump = self._pump, None
        if pump is not None and pump is not asyncio.current_task():
            pump.cancel()
            await settle(pump)

    # ---- from the worker ----------------------------------------------------------------

    def arrived(self, event: EngineEvent) -> None:
        self._queue.put_nowait(event)

    def worker_died(self, detail: str) -> None:
        self._worker = None
        if not self._ended:  # news only to a connection still open (or opening)
            self._queue.put_nowait(Disconnected(DisconnectReason.CONNECTION_LOST, detail))

    async def _deliver(self) -> None:
        while not self._stopping:
            event = await self._queue.get()
            if self._stopping:
                return
            ended = _ends_connection(event)
            self._ended = self._ended or ended
            await self._on_event(event)
            worker = self._worker
            if worker is not None and worker.pairing and ended:
                # the pairing's connection is over (expired, failed, logged out), and
                # FetchMe may hold its Go call for ever: it leaves, and its worker ends
                # with the last of its sessions
                self._worker = None
                worker.sessions.pop(self._session, None)
                self._kind.vacated(worker)

    async def _call(
        self, request: protocol.Request, timeout_s: float, worker: WorkerProcess | None = None
    ) -> Any:
        worker = worker or self._worker
        if worker is None:
            raise EngineError("not_connected", "the session is not connected to WhatsApp")
        try:
            reply = await worker.request(request, timeout_s)
        except TimeoutError:
            raise EngineError(
                "engine_timeout", "the whatsmeow worker did not answer in time"
            ) from None
        except WorkerGone as e:
            raise EngineError("not_connected", str(e)) from None
        return _value(reply)


def _value(reply: protocol.Reply) -> Any:
    """A reply's value, or its failure raised as the EngineError it was."""
    if reply.failure is not None:
        failure = reply.failure
        raise EngineError(failure.code, failure.message, failure.retry_after_s)
    return reply.value


async def _send_file(
    writer: asyncio.StreamWriter, request: int, file: MediaBytes, answer: asyncio.Future[Any]
) -> None:
    """A file's chunks in MediaChunk frames of at most CHUNK_BYTES, the last one marked;
    stopped early if the worker answered the request already (it refused)."""
    async for chunk in file.chunks():
        if answer.done():
            return
        for start in range(0, len(chunk), CHUNK_BYTES):
            part = chunk[start : start + CHUNK_BYTES]
            await protocol.send(writer, protocol.MediaChunk(request, part))
    await protocol.send(writer, protocol.MediaChunk(request, b"", last=True))


def _ends_connection(event: EngineEvent) -> bool:
    return isinstance(event, (Disconnected, LoggedOut, PairingExpired))


class WorkerEngineKind:
    name = "whatsmeow"

    def __init__(
        self,
        database_url: str,
        schema: str,
        max_sessions: int,
        worker_sessions: int,
        stop_timeout_s: float = 5.0,  # a stop not confirmed by then ends the worker
        idle_s: float = 5.0,  # an empty worker lingers this long (for reconnects)
    ) -> None:
        self.setup = (database_url, schema)
        self.max_sessions = max_sessions
        self.worker_sessions = worker_sessions
        self.stop_timeout_s = stop_timeout_s
        self.idle_s = idle_s
        self._workers: list[WorkerProcess] = []
        self._placing = asyncio.Lock()  # one new worker at a time; the rest reuse it
        self.worker_deaths = 0

    @property
    def sessions(self) -> int:
        """Sessions placed in workers (and places promised to starts under way)."""
        return sum(len(w.sessions) + w.reserved for w in self._workers)

    @property
    def workers(self) -> int:
        return len(self._workers)

    def create(self, tenant_id: str, on_event: EventSink) -> WorkerEngine:
        return WorkerEngine(tenant_id, on_event, self)

    def new_message_id(self) -> str:
        # logged before the send like every engine's, but neonize sends under its own id,
        # which replaces this one in the message log once WhatsApp has the message
        return "3EB0" + secrets.token_hex(10).upper()

    async def place(self, pairing: bool) -> WorkerProcess:
        """A worker with room for one more session, started if none has: its place is
        reserved for the caller."""
        async with self._placing:
            if self.sessions >= self.max_sessions:
                raise EngineError(
                    "engine_full",
                    f"all {self.max_sessions} whatsmeow sessions are in use "
                    "(WAGATE_WHATSMEOW_MAX_SESSIONS)",
                )
            worker = next(
                (w for w in self._workers if w.pairing == pairing and not w.gone and w.free > 0),
                None,
            )
            if worker is None:
                worker = WorkerProcess(self, self.worker_sessions, pairing)
                self._workers.append(worker)
                try:
                    await worker.spawn()
                except BaseException:
                    self.forget(worker)
                    worker.kill()
                    raise
            worker.reserved += 1
            worker.uses += 1
            return worker

    def vacated(self, worker: WorkerProcess) -> None:
        """A session left `worker`: one still empty `idle_s` later is ended, and with it
        any Go call an ended pairing left behind."""
        if not worker.sessions and not worker.reserved:
            asyncio.get_running_loop().call_later(self.idle_s, self._end_if_idle, worker)

    def _end_if_idle(self, worker: WorkerProcess) -> None:
        if not worker.sessions and not worker.reserved and not worker.gone:
            self.forget(worker)
            worker.kill()

    def forget(self, worker: WorkerProcess) -> None:
        with contextlib.suppress(ValueError):
            self._workers.remove(worker)

    async def close(self) -> None:
        """After every session stopped: end the workers left."""
        workers, self._workers = list(self._workers), []
        for worker in workers:
            worker.kill()
        await asyncio.gather(*(w.wait_ended() for w in workers), return_exceptions=True)
