"""One session on an engine host: `start` there, its events to the session's sink, its
requests to the host. The host's session is named `<tenant>#<n>`, a new name for each
start, so a late event of an earlier connection can never reach a later one."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connector.engine import (
    Attachment,
    Disconnected,
    DisconnectReason,
    EngineError,
    EngineEvent,
    EventSink,
    Outgoing,
    Quote,
    SentMessage,
)
from connector.engines.host import media
from connector.engines.host.account import HostAccount
from connector.engines.host.channels import HostChannels
from connector.engines.host.client import NOT_CONNECTED, HostConnection, HostLost, Routed
from connector.engines.host.content import content_of, target_of
from connector.engines.host.errors import DOWNLOAD_FAILED, SEND_FAILED, check
from connector.engines.host.jids import device_jid_of, to_jid
from connector.engines.host.mailbox import Mailbox
from connector.engines.host.messages import FINAL_EVENTS, Download, Reply, Request, Send, Start
from connector.engines.host.profile import HostProfile
from connector.engines.host.queries import HostQueries
from connector.engines.host.routing import route
from wagate.deadlines import settle, within

if TYPE_CHECKING:
    from connector.engines.host.kind import HostEngineKind

log = logging.getLogger(__name__)

_names = itertools.count(1)
START_DEADLINE_S = 30.0  # the host answers once the session's goroutine runs
STOP_DEADLINE_S = 35.0  # the host's own stop wait (30 s) and some margin
LOGOUT_DEADLINE_S = 90.0  # whatsmeow's 75 s for WhatsApp's answer, and some margin
DOWNLOAD_DEADLINE_S = 600.0  # a large file through WhatsApp's media host
PAIR_CODE_WAIT_S = 30.0


class HostEngine(HostQueries, HostAccount, HostProfile, HostChannels):
    def __init__(self, tenant_id: str, on_event: EventSink, kind: HostEngineKind) -> None:
        self._tenant_id = tenant_id
        self._on_event = on_event
        self._kind = kind
        self.session = ""
        self._connection: HostConnection | None = None
        self._pump: asyncio.Task[None] | None = None
        self._mailbox: Mailbox[Routed] | None = None
        self._stopping = False
        self._pair_code: asyncio.Future[str] | None = None
        self._starting = asyncio.Lock()  # held while a start awaits the host's answer
        self._available = True  # the tenant's markOnline, kept for a pairing code's start
        self._proxy: str | None = None  # the tenant's proxy URL, likewise

    # ---- lifecycle --------------------------------------------------------------------

    async def start(
        self,
        credentials: dict[str, Any] | None,
        available: bool = True,
        history_sync: str = "all",
        proxy: str | None = None,
    ) -> None:
        # `history_sync` is not passed on: whatsmeow sets it in the pairing payload, which
        # the host would have to build per client (docs/engine-host.md, History)
        self._stopping = False
        self._available, self._proxy = available, proxy
        device = device_jid_of(credentials) if credentials else None
        await self._open(device_jid=device)

    async def _open(self, **start: Any) -> None:
        """Place a new host session and start it; a failure is the session's event."""
        self.session = f"{self._tenant_id}#{next(_names)}"
        connection = await self._kind.place(self.session)
        if self._stopping:  # stopped while it waited for a host: start nothing there
            self._kind.release(self.session)
            return
        if connection is None:
            self._kind.release(self.session)
            why = f"no engine host runs: {self._kind.unavailable}"
            await self._emit(Disconnected(DisconnectReason.CONNECT_FAILED, why))
            return
        mailbox: Mailbox[Routed] = Mailbox(self._kind.mailbox_limit)
        connection.routes[self.session] = mailbox
        self._connection, self._mailbox = connection, mailbox
        self._pump = asyncio.create_task(
            self._drain(connection, mailbox), name=f"engine-host-session-{self.session}"
        )
        try:
            async with self._starting:  # a stop meanwhile waits for this answer
                request = Start(
                    session=self.session,
                    available_on_connect=self._available,
                    proxy=self._proxy,
                    **start,
                )
                check(await connection.request(request, START_DEADLINE_S))
        except EngineError as e:
            await self._close_route()
            await self._emit(Disconnected(DisconnectReason.CONNECT_FAILED, e.message))

    async def stop(self) -> None:
        """End the host's session without logging out; no event follows."""
        self._stopping = True
        connection, running = self._connection, self._mailbox is not None
        pump = self._pump
        await self._close_route()
        # the host handles requests concurrently: a stop sent while the start is still
        # unanswered could be handled first, find nothing, and leave the session running
        async with self._starting:
            pass
        if connection is not None and running and not connection.closed:
            try:
                check(
                    await connection.request(
                        Request(type="stop", session=self.session), STOP_DEADLINE_S
                    )
                )
            except EngineError as e:  # gone already (not_running) or the host is: stopped
                log.info("engine host session %s: stop: %s", self.session, e.message)
        if pump is not None and pump is not asyncio.current_task():
            pump.cancel()
            await settle(pump)
        self._no_pair_code("the session stopped")

    async def _close_route(self) -> None:
        """This engine no longer hears from the host's session (it ended, or is ending)."""
        connection, mailbox = self._connection, self._mailbox
        self._mailbox = None
        if mailbox is None:
            return
        await mailbox.close()
        if connection is not None and connection.routes.get(self.session) is mailbox:
            del connection.routes[self.session]
        self._kind.release(self.session)

    async def logout(self) -> None:
        self._stopping = True  # the logout ends the session: its events are not news
        await self._call(Request(type="logout", session=self.session), LOGOUT_DEADLINE_S)
        await self.stop()

    async def request_pairing_code(self, phone: str) -> str:
        """Pairing by code is its own start (`pair_phone`): the QR pairing stops first."""
        await self.stop()
        self._stopping = False
        self._pair_code = asyncio.get_running_loop().create_future()
        await self._open(pair_phone=phone)
        try:
            return await within(self._pair_code, PAIR_CODE_WAIT_S)
        except TimeoutError:
            raise EngineError("engine_timeout", "WhatsApp gave no pairing code in time") from None

    # ---- events -----------------------------------------------------------------------

    async def _drain(self, connection: HostConnection, mailbox: Mailbox[Routed]) -> None:
        while (item := await mailbox.get()) is not None:
            if isinstance(item, HostLost):
                await self._close_route()
                self._no_pair_code("the engine host ended")
                lost = Disconnected(DisconnectReason.CONNECTION_LOST, "the engine host ended")
                await self._emit(lost)
                return
            final = item.type in FINAL_EVENTS
            if final:
                await self._close_route()
                self._no_pair_code(f"the session ended ({item.type})")
            try:
                await route(item, self._emit, connection, self._kind, self._pair_code)
            except Exception:  # a sink's failure is not the pump's: the next event comes
                log.exception("engine host session %s: event %s failed", self.session, item.type)
            if final:
                return

    def _no_pair_code(self, why: str) -> None:
        """A pairing code asked for will not come: its waiter hears why at once."""
        if self._pair_code is not None and not self._pair_code.done():
            self._pair_code.set_exception(EngineError(NOT_CONNECTED, why))

    async def _emit(self, event: EngineEvent) -> bool:
        """Whether the session's sink took it (a stopping engine tells it nothing)."""
        if self._stopping:
            return False
        await self._on_event(event)
        return True

    # ---- requests ---------------------------------------------------------------------

    def _files(self) -> Path:
        return self._kind.media_dir(self.session)

    def _live(self) -> HostConnection:
        connection = self._connection
        if connection is None or connection.closed or self._mailbox is None:
            raise EngineError(NOT_CONNECTED, "the session is not running on an engine host")
        return connection

    async def _call(self, request: Request, deadline_s: float, fallback: str = "") -> Reply:
        reply = await self._live().request(request, deadline_s)
        return check(reply, fallback) if fallback else check(reply)

    async def send(
        self,
        chat: str,
        content: Outgoing,
        message_id: str,
        quote: Quote | None = None,
        target: Quote | None = None,
    ) -> SentMessage:
        """One message of any kind under wagate's id (whatsmeow's SendRequestExtra.ID),
        so a repeat after a crash is dropped by WhatsApp as a duplicate."""
        connection = self._live()
        path = (
            media.new_path(self._kind.media_dir(self.session))
            if isinstance(content, Attachment)
            else None
        )
        try:
            if isinstance(content, Attachment) and path is not None:
                await media.write_attachment(content, path)
            request = Send(
                session=self.session,
                chat=to_jid(chat),
                message_id=message_id,
                content=content_of(content, str(path) if path else None),
                quote=target_of(quote) if quote is not None else None,
                target=target_of(target) if target is not None else None,
                timeout_ms=int(self._kind.send_timeout_s * 1000),
                deadline_ms=int(self._kind.send_bound_s * 1000),
            )
            reply = check(
                await connection.request(request, self._kind.send_deadline_s), SEND_FAILED
            )
        finally:
            if path is not None:
                path.unlink(missing_ok=True)
        if reply.sent is None:
            raise EngineError(SEND_FAILED, "the engine host answered no sent message")
        return SentMessage(reply.sent.message_id, reply.sent.timestamp_ms)

    async def download_media(self, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        """The attachment into a file of the host's directory, streamed back, deleted."""
        kind, media_ref, size = media.download_ref(ref)
        connection = self._live()
        path = media.new_path(self._kind.media_dir(self.session))
        try:
            request = Download(
                session=self.session, kind=kind, ref=media_ref, size_bytes=size, path=str(path)
            )
            check(await connection.request(request, DOWNLOAD_DEADLINE_S), DOWNLOAD_FAILED)
            async for chunk in media.read_chunks(path):
                yield chunk
        finally:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
