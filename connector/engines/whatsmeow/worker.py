"""A whatsmeow worker process: neonize (and the Go runtime inside it) for a few sessions.

The connector starts it (`workers.py`) with one end of a socketpair as its argument, and
it runs the in-process engine (`engine.py`) for each session the connector places here,
answering requests and forwarding events as `protocol` messages. It exits when the
connector closes the socket; the connector kills it when a Go call will not return, which
no Python code inside could end.

    python -m connector.engines.whatsmeow.worker FD
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys

from connector.engine import (
    Attachment,
    EngineError,
    EngineEvent,
    EventSink,
    OutgoingMedia,
    SentMessage,
)
from connector.engines.whatsmeow import protocol
from connector.engines.whatsmeow.engine import WhatsmeowEngine, WhatsmeowEngineKind
from connector.engines.whatsmeow.media_bytes import PipedBytes

log = logging.getLogger("connector.engines.whatsmeow.worker")


class Worker:
    def __init__(self, kind: WhatsmeowEngineKind, writer: asyncio.StreamWriter) -> None:
        self._kind = kind
        self._writer = writer
        self._write = asyncio.Lock()  # one frame at a time on the socket
        self._engines: dict[int, WhatsmeowEngine] = {}
        # a session's start and stop in the order they came: a stop that arrives while
        # its start is under way waits for it, so no client is made after its stop
        self._turns: dict[int, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._uploads: dict[int, PipedBytes] = {}  # media sends whose chunks are arriving

    async def serve(self, reader: asyncio.StreamReader) -> None:
        while True:
            try:
                request = await protocol.receive(reader, protocol.Request | protocol.MediaChunk)
            except (asyncio.IncompleteReadError, ConnectionError):
                return  # the connector is gone (or closed us): so are our sessions
            if isinstance(request, protocol.MediaChunk):
                upload = self._uploads.get(request.request)
                if upload is not None:  # else its send already failed: dropped
                    upload.put(request.data)
                    if request.last:
                        upload.put(None)
                continue
            if isinstance(request, protocol.Send) and isinstance(request.content, OutgoingMedia):
                # before its first chunk is read
                self._uploads[request.request] = PipedBytes(request.content.size_bytes)
            if isinstance(request, protocol.Start):  # before any later frame is read
                sink = self._sink(request.session)
                self._engines[request.session] = self._kind.create(request.tenant_id, sink)
                self._turns[request.session] = asyncio.Lock()
            task = asyncio.create_task(self._answer(request))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _answer(self, request: protocol.Request) -> None:
        try:
            reply = protocol.Reply(request.request, await self._run(request))
        except EngineError as e:
            failure = protocol.Failure(e.code, e.message, e.retry_after_s)
            reply = protocol.Reply(request.request, failure=failure)
        except Exception as e:  # answered, so the connector's caller is not left waiting
            log.exception("whatsmeow worker: %s failed", type(request).__name__)
            failure = protocol.Failure("engine_error", str(e) or type(e).__name__)
            reply = protocol.Reply(request.request, failure=failure)
        finally:
            self._uploads.pop(request.request, None)
        await self._send(reply)

    async def _run(
        self, request: protocol.Request
    ) -> SentMessage | str | float | None | protocol.CallAnswer:
        match request:
            case protocol.Start(_, session, _, credentials):
                engine, turn = self._engines.get(session), self._turns.get(session)
                if engine is not None and turn is not None:
                    async with turn:
                        await engine.start(credentials)
                return None
            case protocol.Stop(_, session):
                stopped, turn = self._engines.pop(session, None), self._turns.pop(session, None)
                if stopped is not None and turn is not None:
                    async with turn:
                        await stopped.stop()
                return None
        running = self._engines.get(request.session)
        if running is None:
            raise EngineError("not_connected", "the session is not connected to WhatsApp")
        match request:
            case protocol.Send(request_id, _, chat, content, message_id, quote):
                if isinstance(content, OutgoingMedia):
                    content = Attachment(content, self._uploads[request_id])
                return await running.send(chat, content, message_id, quote)
            case protocol.PairingCode(_, _, phone):
                return await running.request_pairing_code(phone)
            case protocol.Ping(_, _, timeout_s):
                return await running.ping(timeout_s)
            case protocol.DownloadMedia(request_id, _, ref):
                async for chunk in running.download_media(ref):
                    await self._send(protocol.MediaChunk(request_id, chunk))
                return None
            case protocol.Call(_, _, method, args) if method in protocol.CALL_METHODS:
                answer: SentMessage | protocol.CallAnswer | str | None = await getattr(
                    running, method
                )(*args)
                return answer
            case protocol.Logout():
                self._engines.pop(request.session, None)
                self._turns.pop(request.session, None)
                await running.logout()
                return None
        raise AssertionError(f"unhandled {request!r}")

    def _sink(self, session: int) -> EventSink:
        async def forward(event: EngineEvent) -> None:
            await self._send(protocol.Event(session, event))

        return forward

    async def _send(self, message: protocol.ToConnector) -> None:
        async with self._write:
            await protocol.send(self._writer, message)


async def main(fd: int) -> None:
    sock = socket.socket(fileno=fd)
    reader, writer = await asyncio.open_unix_connection(sock=sock)
    setup = await protocol.receive(reader, protocol.Setup)
    kind = WhatsmeowEngineKind(setup.database_url, setup.schema, setup.max_sessions)
    await kind.open()
    await Worker(kind, writer).serve(reader)
    # The connector is gone: nothing here is wanted any more, and a Go call that does
    # not return must not hold the exit (the engine's threads are daemons, but neonize's
    # clients can still be mid-call): leave at once, the OS closes every socket.
    os._exit(0)


if __name__ == "__main__":
    logging.basicConfig(
        level=logging.WARNING, format="whatsmeow-worker %(process)d %(levelname)s %(message)s"
    )
    asyncio.run(main(int(sys.argv[1])))
