"""The whatsmeow engine: one neonize client per connection attempt.

Like every engine it makes one attempt per `start()` and reports what happens; the
session decides whether to try again. whatsmeow would otherwise reconnect by itself
after a drop, so a dropped connection is stopped here and reported, and the session's
backoff (the same for every engine) brings it back.

Go delivers events on its own threads. neonize hands each one to the event loop with
`run_coroutine_threadsafe` (built on `call_soon_threadsafe`), where the handlers below
only queue it; one task per connection passes the queue to the session in order, so a
`connected` can never overtake the `paired` before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import asyncpg
from google.protobuf.message import Message as Proto
from neonize.aioze import events as neonize_events
from neonize.aioze.client import NewAClient
from neonize.aioze.events import (
    ChatPresenceEv,
    ClientOutdatedEv,
    ConnectedEv,
    ConnectFailureEv,
    DisconnectedEv,
    GroupInfoEv,
    JoinedGroupEv,
    LoggedOutEv,
    MessageEv,
    PairStatusEv,
    PresenceEv,
    ReceiptEv,
    StreamErrorEv,
    StreamReplacedEv,
    TemporaryBanEv,
)
from neonize.exc import NeonizeError
from neonize.utils.enum import ParticipantChange as NeonizeParticipantChange
from neonize.utils.jid import build_jid

from connector.engine import (
    INVITE_NOT_FOUND,
    MEDIA_UPLOAD_FAILED,
    MESSAGING_EVENTS,
    NOT_ON_WHATSAPP,
    Attachment,
    Connected,
    Disconnected,
    DisconnectReason,
    EngineError,
    EngineEvent,
    EventSink,
    GroupUpdate,
    IncomingMessage,
    LoggedOut,
    MessageEdited,
    MessageRevoked,
    Outgoing,
    Paired,
    Person,
    PollVoteReceived,
    PresenceChanged,
    Quote,
    ReactionReceived,
    Receipt,
    SentMessage,
)
from connector.engines.whatsmeow import go_environment, group_mapping, mapping, media_bytes
from connector.engines.whatsmeow import messaging_mapping as mm
from connector.engines.whatsmeow.devices import APPLICATION_PREFIX, DeviceStore, whatsmeow_dsn
from connector.engines.whatsmeow.media import (
    UPLOAD_TYPE,
    download_args,
    download_error,
    media_message,
)
from connector.engines.whatsmeow.messaging import WhatsmeowMessaging, chat_jid
from connector.engines.whatsmeow.threads import GoCalls, GoThreads
from wagate.bus import GroupInfo, NumberStatus, ParticipantChange, Profile
from wagate.deadlines import settle, within

log = logging.getLogger(__name__)

_STOP_WAIT_S = 10.0
_CALL_TIMEOUT_S = 30.0
# A send waits for whatsmeow's own answer: it gives up by itself (75 s for the server's
# ack, and 75 s for each query before it: the recipient's LID, devices, prekeys). A
# shorter wait here would report a failure for a message that may still go out, and a
# client's retry would then send it twice; this bound is only a safety net.
WHATSMEOW_REQUEST_TIMEOUT_S = 75.0
SEND_WAIT_S = 4 * WHATSMEOW_REQUEST_TIMEOUT_S + 30.0
_LID_LOOKUP_TIMEOUT_S = 5.0
_connections = itertools.count(1)
T = TypeVar("T")

# event message type -> mapping; each neonize event is one of these
_MAPPINGS: dict[type[Proto], Callable[[Any], EngineEvent]] = {
    PairStatusEv: mapping.pair_status,
    LoggedOutEv: mapping.logged_out,
    TemporaryBanEv: lambda event: mapping.temporary_ban(event, int(time.time() * 1000)),
    ClientOutdatedEv: mapping.client_outdated,
    ConnectFailureEv: mapping.connect_failure,
    StreamErrorEv: mapping.stream_error,
    StreamReplacedEv: mapping.stream_replaced,
    DisconnectedEv: mapping.disconnected,
    PresenceEv: mm.presence,
    ChatPresenceEv: mm.chat_presence,
}


class WhatsmeowEngine(WhatsmeowMessaging):
    SEND_WAIT_S = SEND_WAIT_S

    def __init__(self, tenant_id: str, on_event: EventSink, kind: WhatsmeowEngineKind) -> None:
        self._tenant_id = tenant_id
        self._on_event = on_event
        self._kind = kind
        self._client: NewAClient | None = None
        self._go: GoCalls | None = None
        self._uuid = b""
        self._phone = ""
        self._queue: asyncio.Queue[EngineEvent] = asyncio.Queue()
        self._pump: asyncio.Task[None] | None = None
        self._session_call: asyncio.Future[Any] | None = None
        self._stopping = False  # stop() was called: report nothing more
        self._ended = False  # this connection's end was reported: report nothing more
        self._connected = False
        self._qr_loop_open = False  # neonize is waiting on whatsmeow's QR channel
        self._stop_after_qr: GoCalls | None = None

    # ---- Engine -------------------------------------------------------------------------

    async def start(self, credentials: dict[str, Any] | None) -> None:
        self._stopping = False
        jid = mapping.jid_of(credentials) if credentials else None
        if jid is not None and not await self._kind.devices.has_device(mapping.store_key(jid)):
            # whatsmeow deletes a device when WhatsApp logs it out, also while wagate was
            # not running: there is nothing to resume, only pairing again. Checked here
            # because whatsmeow, handed a device it cannot find, crashes the whole process
            # (a nil-pointer panic in Go) and with it every other tenant's session
            await self._on_event(LoggedOut("device_missing"))
            return
        if not self._kind.threads.reserve():
            await self._on_event(
                Disconnected(
                    DisconnectReason.CONNECT_FAILED,
                    f"all {self._kind.threads.max_sessions} whatsmeow session threads are in "
                    "use (WAGATE_WHATSMEOW_MAX_SESSIONS)",
                )
            )
            return
        self._phone = jid.User if jid is not None else ""
        self._ended = False
        self._qr_loop_open = jid is None  # a new device: the Go call waits on the QR loop
        try:
            client, self._go = self._kind.new_client(self._tenant_id, jid)
            self.listen(client)
        except BaseException:
            self._kind.threads.release()
            raise
        try:
            call = await client.connect()
        except Exception as e:  # neonize checks its arguments before the Go call
            self._kind.threads.release()
            self._queue.put_nowait(Disconnected(DisconnectReason.CONNECT_FAILED, str(e)))
            return
        self._session_call = call
        call.add_done_callback(self._session_ended)

    async def send(
        self, chat: str, content: Outgoing, message_id: str, quote: Quote | None = None
    ) -> SentMessage:
        if isinstance(content, Attachment):
            return await self._send(chat, await self._attachment_message(content, quote))
        return await self._send(chat, self.message_of(chat, content, quote))

    async def _attachment_message(self, attachment: Attachment, quote: Quote | None) -> Proto:
        """whatsmeow's Upload takes the whole file: it is read into memory here (one
        copy, plus whatsmeow's encrypted one in Go), uploaded, then the message is built
        here (neonize's builders would probe the file with ffmpeg and libmagic; wagate
        already knows its type, size and dimensions)."""
        client = self._require_connected()
        media = attachment.media
        body = await media_bytes.read_whole(media, attachment.data)
        thumbnail = await media_bytes.thumbnail(media, body)
        try:
            upload = await within(client.upload(body, UPLOAD_TYPE[media.kind]), SEND_WAIT_S)
        except TimeoutError:
            raise EngineError("engine_timeout", "WhatsApp's media host did not answer") from None
        except NeonizeError as e:
            raise EngineError(MEDIA_UPLOAD_FAILED, f"the upload failed: {e}") from None
        del body
        return media_message(media, upload, quote, int(time.time()), thumbnail)

    async def download_media(self, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        """neonize answers a download with the whole file (checked and decrypted by
        whatsmeow): it is handed on in chunks."""
        client = self._require_connected()
        args = download_args(ref)
        try:
            body = await within(client.download_media_with_path(*args), SEND_WAIT_S)
        except TimeoutError:
            raise EngineError("engine_timeout", "WhatsApp's media host did not answer") from None
        except NeonizeError as e:
            raise download_error(str(e)) from None
        for start in range(0, len(body), media_bytes.CHUNK_BYTES):
            yield body[start : start + media_bytes.CHUNK_BYTES]

    # ---- number checks, contacts, groups (group_mapping.py reads the answers) ---------

    async def check_numbers(self, phones: list[str]) -> list[NumberStatus]:
        client = self._require_connected()
        # whatsmeow wants numbers in international form with their +
        answers = await _answer(
            client.is_on_whatsapp(*(f"+{phone}" for phone in phones)),
            _CALL_TIMEOUT_S,
            "number_check_failed",
        )
        return group_mapping.number_statuses(phones, answers)

    async def contact_info(self, phone: str) -> Profile:
        client = self._require_connected()
        jid = build_jid(phone)
        found = await _answer(client.get_user_info(jid), _CALL_TIMEOUT_S, "contact_info_failed")
        if not found:
            raise EngineError(NOT_ON_WHATSAPP, f"{phone} is not on WhatsApp")
        try:  # no picture, or one hidden by the contact's privacy settings: none to show
            picture = await within(client.get_profile_picture(jid), _CALL_TIMEOUT_S)
        except (TimeoutError, NeonizeError):
            picture = None
        lid = ""
        with contextlib.suppress(TimeoutError, NeonizeError):
            lid_jid = await within(client.get_lid_from_pn(jid), _LID_LOOKUP_TIMEOUT_S)
            lid = lid_jid.User if lid_jid.Server == "lid" else ""
        return group_mapping.profile(phone, found[0], picture, lid)

    async def joined_groups(self) -> list[GroupInfo]:
        client = self._require_connected()
        found = await self._group_call(client.get_joined_groups())
        return [group_mapping.group_info(g) for g in found]

    async def group_info(self, group_id: str) -> GroupInfo:
        client = self._require_connected()
        found = await self._group_call(client.get_group_info(chat_jid(group_id)))
        return group_mapping.group_info(found)

    async def create_group(self, subject: str, participants: list[str]) -> GroupInfo:
        client = self._require_connected()
        members = [build_jid(phone) for phone in participants]
        created = await self._group_call(client.create_group(subject, members))
        return group_mapping.group_info(created)

    async def set_group_subject(self, group_id: str, subject: str) -> None:
        client = self._require_connected()
        await self._group_call(client.set_group_name(chat_jid(group_id), subject))

    async def set_group_description(self, group_id: str, description: str) -> None:
        client = self._require_connected()
        group = chat_jid(group_id)
        # WhatsApp chains descriptions: the new one names the id of the one it replaces
        current = await self._group_call(client.get_group_info(group))
        previous = current.GroupTopic.TopicID
        await self._group_call(client.set_group_topic(group, previous, "", description))

    async def update_participants(
        self, group_id: str, action: str, phones: list[str]
    ) -> list[ParticipantChange]:
        client = self._require_connected()
        members = [build_jid(phone) for phone in phones]
        results = await self._group_call(
            client.update_group_participants(
                chat_jid(group_id), members, NeonizeParticipantChange(action)
            )
        )
        return group_mapping.participant_changes(action, results)

    async def leave_group(self, group_id: str) -> None:
        client = self._require_connected()
        await self._group_call(client.leave_group(chat_jid(group_id)))

    async def group_invite_code(self, group_id: str, revoke: bool) -> str:
        client = self._require_connected()
        link: str = await self._group_call(client.get_group_invite_link(chat_jid(group_id), revoke))
        return link.rsplit("/", 1)[-1]

    async def join_group(self, code: str) -> str:
        client = self._require_connected()
        joined = await self._group_call(client.join_group_with_link(code), INVITE_NOT_FOUND)
        return group_mapping.group_id_of(joined)

    async def _group_call(self, call: Awaitable[T], fallback: str = "group_call_failed") -> T:
        try:
            return await within(call, _CALL_TIMEOUT_S)
        except TimeoutError:
            raise EngineError("engine_timeout", "WhatsApp did not answer in time") from None
        except NeonizeError as e:
            raise group_mapping.group_error(str(e), fallback) from None

    async def request_pairing_code(self, phone: str) -> str:
        client = self._client
        if client is None:
            raise EngineError("not_pairing", "the session is not pairing")
        code: str = await _answer(
            client.PairPhone(phone, show_push_notification=True),
            _CALL_TIMEOUT_S,
            "pairing_code_failed",
        )
        return code

    async def ping(self, timeout_s: float) -> float:
        """A usync query for our own number: answered by WhatsApp's servers, not locally."""
        client = self._require_connected()
        started = time.perf_counter()
        await _answer(client.is_on_whatsapp(self._phone), timeout_s, "health_check_failed")
        return time.perf_counter() - started

    async def logout(self) -> None:
        client = self._require_connected()
        try:
            await _answer(client.logout(), _CALL_TIMEOUT_S, "logout_failed")
        finally:
            await self.stop()

    async def stop(self) -> None:
        """Cancel the client's Go context, which returns its session call and frees the
        thread; waits for that, so a stopped session holds no thread.

        Except while a QR is shown: neonize then waits for whatsmeow's QR channel, which
        a stop never closes (whatsmeow's QR emitter quits on an expected disconnect
        without closing it), so stopping now would strand the thread for good, and let a
        tenant who starts and stops pairings use up every thread. The stop waits for the
        QR loop's end instead (the last code's expiry, at most a few minutes, or a scan),
        which the login-status callback reports; the thread is counted until then."""
        self._stopping = True
        self._connected = False
        go, call, pump = self._go, self._session_call, self._pump
        self._client = self._go = self._session_call = self._pump = None
        if go is not None and self._qr_loop_open and call is not None and not call.done():
            go.abandon()
            self._stop_after_qr = go
            call = None  # returns after the QR loop ends; nothing to wait for now
        elif go is not None:
            await go.stop(self._uuid)
        if call is not None:
            with contextlib.suppress(Exception):
                await within(asyncio.shield(call), _STOP_WAIT_S)
            if not call.done():
                log.warning("whatsmeow session %s did not return its thread", self._tenant_id)
        if pump is not None and pump is not asyncio.current_task():
            pump.cancel()
            await settle(pump)

    # ---- from Go ------------------------------------------------------------------------

    def listen(self, client: NewAClient) -> None:
        """Take `client`'s events: neonize's handlers queue them (on the loop), one task
        hands them to the session in order. Separate from `start` for the tests, which
        drive neonize's own dispatch from a foreign thread as Go does."""
        self._client, self._uuid = client, client.uuid
        self._subscribe(client)
        self._pump = asyncio.create_task(self._deliver(), name=f"whatsmeow-{self._tenant_id}")

    def _subscribe(self, client: NewAClient) -> None:
        """Handlers run on the event loop (neonize schedules them there) and only queue."""

        def handler(mapper: Callable[[Any], EngineEvent]) -> Callable[..., Awaitable[None]]:
            async def queue(_: NewAClient, event: Any) -> None:
                self._queue.put_nowait(mapper(event))

            return queue

        for event_type, mapper in _MAPPINGS.items():
            client.event(event_type)(handler(mapper))

        async def on_connected(_: NewAClient, __: ConnectedEv) -> None:
            # the number is filled in on delivery: a `paired` queued before it sets it
            self._queue.put_nowait(Connected(""))

        async def on_message(client: NewAClient, event: MessageEv) -> None:
            if mm.is_poll_vote(event):  # decrypted with the poll's secret whatsmeow kept
                try:
                    vote = await within(client.decrypt_poll_vote(event), _CALL_TIMEOUT_S)
                except (TimeoutError, NeonizeError) as e:
                    log.info("whatsmeow: a poll vote for %s not read: %s", self._tenant_id, e)
                    return
                self._queue.put_nowait(mm.poll_vote(event, vote))
                return
            message = mm.incoming_event(event)
            if message is not None:
                self._queue.put_nowait(message)

        async def on_receipt(_: NewAClient, event: ReceiptEv) -> None:
            for receipt in mapping.receipts(event):
                self._queue.put_nowait(receipt)

        async def on_qr(_: NewAClient, code: bytes) -> None:
            self._queue.put_nowait(mapping.qr_code(code))

        async def on_group_info(_: NewAClient, event: GroupInfoEv) -> None:
            for update in group_mapping.group_updates(event):
                self._queue.put_nowait(update)

        async def on_joined_group(_: NewAClient, event: JoinedGroupEv) -> None:
            own = Person(self._phone or None)
            now_ms = int(time.time() * 1000)
            self._queue.put_nowait(group_mapping.joined_group(event, own, now_ms))

        client.event(GroupInfoEv)(on_group_info)
        client.event(JoinedGroupEv)(on_joined_group)
        client.event(ConnectedEv)(on_connected)
        client.event(MessageEv)(on_message)
        client.event(ReceiptEv)(on_receipt)
        client.qr(on_qr)

        loop = asyncio.get_running_loop()

        def on_login_status(_: int, status: bytes) -> None:  # a Go thread: hand over only
            loop.call_soon_threadsafe(self._qr_loop_ended, status.decode())

        client._NewAClient__onLoginStatus = on_login_status

    def _qr_loop_ended(self, status: str) -> None:
        """An outcome of whatsmeow's QR loop. Once the loop is over (expired, scanned,
        failed) a stop can act; some outcomes leave it running, the QR still valid."""
        if mapping.qr_loop_ends(status):
            self._qr_loop_open = False
            go, self._stop_after_qr = self._stop_after_qr, None
            if go is not None:
                self._kind.in_background(go.stop(self._uuid), "stop after the QR loop")
                return
        elif status != "code":
            log.info("whatsmeow pairing for %s: %s (the QR stays valid)", self._tenant_id, status)
        event = mapping.login_status(status)
        if event is not None and not self._stopping:
            self._queue.put_nowait(event)

    def _session_ended(self, call: asyncio.Future[Any]) -> None:
        """The Go call returned (its thread is free again): at once when it could not
        connect, otherwise when the client was stopped."""
        self._kind.threads.release()
        self._kind.attempt_over(self._uuid.decode())
        go, self._stop_after_qr = self._stop_after_qr, None
        if go is not None:  # a stop waited for the call: it can clean up now
            self._kind.in_background(go.stop(self._uuid), "stop after the call returned")
        if self._stopping or self._ended or call.cancelled():
            return
        error = call.exception()
        if error is not None:
            self._queue.put_nowait(mapping.session_error(str(error) or type(error).__name__))
        else:
            self._queue.put_nowait(Disconnected(DisconnectReason.CONNECTION_LOST))

    async def _deliver(self) -> None:
        # ends when stopped: also when the session stops the engine from inside a handler
        # (a logout), where stop() cannot cancel the task it runs in
        while not self._stopping:
            event = await self._queue.get()
            if self._go is not None:  # Go got far enough to send an event: past its writes
                self._go.heard()
            if self._ended and not isinstance(event, (IncomingMessage, Receipt, *MESSAGING_EVENTS)):
                continue  # whatsmeow can report one end twice (an event, then the call)
            # but a message after the end is still delivered: whatsmeow reconnects by
            # itself before the stop below reaches it (neonize cannot turn that off),
            # and has confirmed to WhatsApp what that connection received
            if isinstance(event, Paired):
                self._phone = event.phone
            elif isinstance(event, Connected):
                self._connected = True
                event = mapping.connected(self._phone)
            elif isinstance(event, IncomingMessage) and event.sender is None:
                event = dataclasses.replace(event, sender=await self._phone_of(event.sender_lid))
            elif isinstance(event, Receipt) and event.peer is None:
                event = dataclasses.replace(event, peer=await self._phone_of(event.peer_lid))
            elif isinstance(event, MESSAGING_EVENTS):
                event = await self._with_number(event)
            elif isinstance(event, GroupUpdate):
                event = await self._with_numbers(event)
            if isinstance(event, (Disconnected, LoggedOut)):
                self._ended = True
                self._connected = False
                go, self._go = self._go, None
                if go is not None:  # whatsmeow would reconnect by itself: the session decides
                    await go.stop(self._uuid)
            await self._on_event(event)

    async def _with_number(self, event: EngineEvent) -> EngineEvent:
        """A messaging event that names its person by LID alone, with the number filled
        in when whatsmeow's store knows it."""
        match event:
            case ReactionReceived(sender=None) | MessageEdited(sender=None):
                return dataclasses.replace(event, sender=await self._phone_of(event.sender_lid))
            case MessageRevoked(sender=None):
                return dataclasses.replace(event, sender=await self._phone_of(event.sender_lid))
            case PollVoteReceived(voter=None):
                return dataclasses.replace(event, voter=await self._phone_of(event.voter_lid))
            case PresenceChanged(peer=None):
                return dataclasses.replace(event, peer=await self._phone_of(event.peer_lid))
        return event

    async def _with_numbers(self, update: GroupUpdate) -> GroupUpdate:
        """The people a group update names by LID alone, with their numbers where known."""

        async def known(who: Person) -> Person:
            if who.phone is not None:
                return who
            return Person(await self._phone_of(who.lid), who.lid)

        by = await known(update.by) if update.by is not None else None
        participants = tuple([await known(p) for p in update.participants])
        return dataclasses.replace(update, by=by, participants=participants)

    async def _phone_of(self, lid: str) -> str | None:
        """The number behind a LID, from whatsmeow's store (it learns each pair from the
        messages and contact queries that carry both); None when it knows none."""
        client = self._client
        if client is None or not lid:
            return None
        try:
            found = await within(
                client.get_pn_from_lid(build_jid(lid, "lid")), _LID_LOOKUP_TIMEOUT_S
            )
        except (TimeoutError, NeonizeError) as e:
            log.info("whatsmeow: no number for a LID of %s: %s", self._tenant_id, e)
            return None
        phone, _ = mapping.person(found)
        return phone

    def _require_connected(self) -> NewAClient:
        client = self._client
        if client is None or not self._connected:
            raise EngineError("not_connected", "the session is not connected to WhatsApp")
        return client


class WhatsmeowEngineKind:
    name = "whatsmeow"

    def __init__(self, database_url: str, schema: str, max_sessions: int) -> None:
        # neonize warns at every connect that media sends need ffmpeg; wagate builds its
        # media messages itself and needs none
        logging.getLogger("neonize.utils.ffmpeg").setLevel(logging.ERROR)
        self.threads = GoThreads(max_sessions)
        self._database_url = database_url
        self._schema = schema
        self._pg: asyncpg.Pool | None = None
        self.devices: DeviceStore
        self._cleanups: set[asyncio.Task[None]] = set()

    async def open(self) -> None:
        unseen = go_environment.missing()
        if unseen:  # `wagate connector` sees to it; another host process must too
            log.error(
                "neonize's Go code does not see %s (it reads only the environment this "
                "process started with): every message sent is labelled as a bot's",
                ", ".join(f"{name}={value}" for name, value in unseen.items()),
            )
        self._pg = await asyncpg.create_pool(self._database_url, min_size=1, max_size=4)
        self.devices = DeviceStore(self._pg, self._schema)
        await self.devices.ensure_schema()

    def create(self, tenant_id: str, on_event: EventSink) -> WhatsmeowEngine:
        return WhatsmeowEngine(tenant_id, on_event, self)

    def new_client(self, tenant_id: str, jid: Any) -> tuple[NewAClient, GoCalls]:
        _events_on(asyncio.get_running_loop())
        # a name of its own per connection: neonize keys its Go-side client by it (an old
        # connection's leftovers can then never stop a newer one of the same tenant), and
        # its database connections carry it (PostgreSQL's limit: 63 bytes)
        name = f"{APPLICATION_PREFIX}:{next(_connections)}:{tenant_id}"[:63]
        dsn = whatsmeow_dsn(self._database_url, self._schema, name)
        client = NewAClient(dsn, jid=jid, new_device=jid is None)
        client.uuid = name.encode()
        client._stop_finalizer.detach()  # stopped explicitly, never by the GC
        go = self.threads.go()
        client._NewAClient__client = go
        return client, go

    def attempt_over(self, name: str) -> None:
        """A connection attempt's Go call returned: close what neonize left open for it."""
        self.in_background(self.devices.close_connections(name), f"closing {name}'s connections")

    def in_background(self, work: Awaitable[Any], what: str) -> None:
        """Run `work` without a caller waiting for it; kept, so close() can finish it."""

        async def run() -> None:
            try:
                await work
            except Exception as e:  # costs at most what it would have freed
                log.warning("whatsmeow: %s failed: %s", what, e)

        task = asyncio.get_running_loop().create_task(run())
        self._cleanups.add(task)
        task.add_done_callback(self._cleanups.discard)

    async def close(self) -> None:
        await asyncio.gather(*self._cleanups, return_exceptions=True)
        self.threads.shutdown()
        if self._pg is not None:
            await self._pg.close()


async def _answer(call: Awaitable[Any], timeout_s: float, code: str) -> Any:
    """A command's answer from WhatsApp, its failures as the engine errors the session
    and the API know: no answer in time, or WhatsApp's refusal under `code`."""
    try:
        return await within(call, timeout_s)
    except TimeoutError:
        raise EngineError("engine_timeout", "WhatsApp did not answer in time") from None
    except NeonizeError as e:
        raise EngineError(code, str(e)) from None


def _events_on(loop: asyncio.AbstractEventLoop) -> None:
    """neonize dispatches every Go event to one module-wide loop, set once; the
    connector has one loop, but a process that ran an earlier one (tests) must move it."""
    current = neonize_events.event_global_loop
    if current is None or current.is_closed():
        neonize_events.event_global_loop = loop
    elif current is not loop:
        raise RuntimeError("neonize is already bound to another running event loop")
