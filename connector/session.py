"""One tenant's WhatsApp session: an explicit state machine around one engine connection.

    stopped ─▶ starting ─▶ qr ─▶ connected ─▶ reconnecting ─▶ connected
                                     │               └──▶ failed (gave up, or replaced)
                                     └─▶ logged_out (from the phone, or by request)

Every transition is persisted with its event in one PostgreSQL transaction, in the order
it happened (connector/events.py; the relay puts it on the tenant's stream). Engine events
from a connection that has since been replaced are ignored (each connection gets a
generation number), so a late "disconnected" from an old socket can never tear down the
new one. At most one reconnect task exists at a time. What arrives over a connection
(messages, receipts, reactions, ...) is connector/ingest.py's, published under the same
emit lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import asyncpg

from connector import message_store as kept
from connector.cached_setting import CachedSetting
from connector.calls import CallDesk
from connector.clock import SYSTEM_CLOCK, Clock
from connector.engine import (
    CONTACT_BLOCKED,
    GROUP_NOT_FOUND,
    LIFECYCLE_EVENTS,
    MEDIA_CORRUPT,
    MEDIA_UPLOAD_FAILED,
    NO_RETRY,
    NOT_ON_WHATSAPP,
    RATE_OVERLIMIT,
    ChatStateChanged,
    Connected,
    Disconnected,
    DisconnectReason,
    Engine,
    EngineError,
    EngineEvent,
    EngineKind,
    LifecycleEvent,
    LoggedOut,
    Outgoing,
    Paired,
    PairingExpired,
    QrCode,
    Quote,
)
from connector.event_data import failed_body
from connector.events import Cause, EventPublisher
from connector.ingest import Ingest
from connector.lids import LidBook
from connector.media.incoming import MediaInbox
from connector.media.sending import NOT_SENT_CODES as MEDIA_NOT_SENT
from connector.metrics import ConnectorMetrics
from connector.pacing import Pacer
from connector.quarantine import Quarantine
from connector.reconnect import Backoff
from connector.restrictions import RESTRICTIONS, Restrictions
from connector.store import Dialing, Store, StoredSession
from wagate import public_events
from wagate.bus import Event, GroupInfo, HealthCheck, SessionView, SetChatState
from wagate.config import ConnectorSettings
from wagate.content import Text
from wagate.db import DB_ERRORS
from wagate.deadlines import within
from wagate.public_events import (
    Body,
    CallBody,
    ErrorBody,
    HealthCheckFailed,
    LoggedOutBody,
    QrShown,
    ReconnectFailed,
    Reconnecting,
    SessionConnected,
    SessionDisconnected,
    StateChange,
    StateChanged,
    Transition,
)
from wagate.session_states import SessionState
from wagate.storable import storable
from wagate.tables import message_store
from wagate.tables.tenant_calls import CallAnswering
from wagate.timestamps import iso_utc

log = logging.getLogger(__name__)

T = TypeVar("T")


RUNNING = frozenset(
    {SessionState.STARTING, SessionState.QR, SessionState.CONNECTED, SessionState.RECONNECTING}
)
# states in which `initialize` has an answer for the caller (a QR to show, or done)
SETTLED = frozenset(SessionState) - {SessionState.STARTING}
# states a send waits through, because they end in `connected` by themselves
PASSING = frozenset({SessionState.STARTING, SessionState.RECONNECTING})

# error codes after which the message certainly did not go out: the log entry is dropped,
# so the same command may be tried again
# an engine error with one of these codes means the message certainly did not go out,
# so the same command may be tried again (an engine refusing a message before sending it,
# e.g. a media file it cannot read, adds its code to this set)
NOT_SENT = frozenset(
    {
        RATE_OVERLIMIT,
        NOT_ON_WHATSAPP,
        "session_not_connected",
        MEDIA_UPLOAD_FAILED,
        MEDIA_CORRUPT,
        GROUP_NOT_FOUND,
        CONTACT_BLOCKED,
    }
    | MEDIA_NOT_SENT  # a media file refused before anything went out
    | RESTRICTIONS  # WhatsApp refused the account, not the message
)

# past a temporary ban's end before connecting again: clocks differ, and a connection a
# moment early meets the ban again
_AFTER_BAN_S = 1.0

# the body of a transition that says nothing more than its change (start, stop)
_PLAIN_TRANSITION = StateChanged()

# what one send sends: its content, or how to make it once the send is claimed and the
# engine ready (a media file is fetched and converted only then, so a command repeated
# after its message went out is answered from the log without touching the file)
Content = Outgoing | Callable[[], Awaitable[Outgoing]]


_MAX_READ_AT_ONCE = 500  # a read mark `up_to` a message covers at most this many

_NOT_UNLINKED = (
    "WhatsApp could not be told (the session was not connected, and a brief connection to "
    "log out failed): the device stays listed on the phone (Linked devices) until removed "
    "there; its credentials are wiped here"
)


@dataclass(frozen=True)
class SessionConfig:
    backoff: Backoff
    max_reconnect_attempts: int = 0  # 0: never give up
    send_wait_s: float = 10.0  # how long a send waits for a (re)connecting session
    overlimit_pause_s: float = 5.0  # sending pause when WhatsApp says overlimit without a time
    # a connection must stay up this long before the backoff starts again from attempt 1;
    # otherwise a connection that drops right after connecting would reconnect in a loop
    stable_after_s: float = 60.0
    store_tries: int = ConnectorSettings.event_store_tries  # tries before an event is set aside


@dataclass(frozen=True)
class Marked:
    """A state change made, its event and state row not committed yet."""

    event: Event
    cause: Callable[[asyncpg.Connection], Awaitable[bool]]


@dataclass(frozen=True)
class SendResult:
    message_id: str
    sent_at: datetime
    repeated: bool  # answered from the message log: this command had been sent before


class Session:
    def __init__(
        self,
        tenant_id: str,
        *,
        engine: EngineKind,
        store: Store,
        publisher: EventPublisher,
        metrics: ConnectorMetrics,
        config: SessionConfig,
        stored: StoredSession | None = None,
        clock: Clock = SYSTEM_CLOCK,
        media: MediaInbox | None = None,
    ) -> None:
        self.tenant_id = tenant_id
        self._kind = engine
        self._store = store
        self._metrics = metrics
        self._config = config
        self._clock = clock
        # every event is published through it: one the database refuses is set aside
        self._quarantine = Quarantine(tenant_id, publisher, store, metrics, config.store_tries)

        self._take_stored(stored, clock)
        self.reconnect_attempts = 0
        self.qr: str | None = None
        self.last_health: HealthCheck | None = None
        self._last_health_at = 0.0  # monotonic
        self._send_paused_until = 0.0  # monotonic
        self._connected_at = 0.0  # monotonic
        self._restrictions = Restrictions(clock)
        self.lids = LidBook()  # numbers and LIDs learnt (connector/lids.py)
        self._pacer = Pacer(tenant_id, store, clock)
        self._ban_until: datetime | None = None  # a temporary ban's end, while failed by it

        self._engine: Engine | None = None
        self._generation = 0
        self._reconnect_task: asyncio.Task[None] | None = None
        self._emit_lock = asyncio.Lock()
        self._changed = asyncio.Condition()
        self._store_mode = kept.store_mode(tenant_id, store, clock)
        self.calls = self._call_desk()
        # everything the engine reports besides the connection's own life
        self._ingest = Ingest(
            tenant_id,
            store,
            metrics,
            clock,
            self._quarantine,
            self._emit_lock,
            self._emit,
            self._store_mode,
            media,
            self.calls,
        )

    def _take_stored(self, stored: StoredSession | None, clock: Clock) -> None:
        """A fresh process runs nothing: a stored running state becomes stopped (the pool
        then restores what should run); logged_out and failed stay as they were."""
        stored_state = SessionState(stored.state) if stored else SessionState.STOPPED
        self.state = SessionState.STOPPED if stored_state in RUNNING else stored_state
        self.reason: str | None = stored.reason if stored else None
        if stored_state in RUNNING:
            self.reason = "connector_restarted"
        self.changed_at: datetime = stored.state_changed_at if stored else clock.now()
        self.phone: str | None = stored.phone if stored else None

    # ---- lifecycle commands -----------------------------------------------------------

    async def start(self, reason: str | None = None) -> None:
        """Start a connection unless one is already running (idempotent)."""
        if self.state in RUNNING:
            return
        await self.begin_start(reason)
        await self.connect_now()

    async def begin_start(self, reason: str | None) -> None:
        """Mark the session starting (sends wait for it) without connecting yet."""
        self.reconnect_attempts = 0
        await self._transition(SessionState.STARTING, reason)

    async def mark_starting(self, reason: str) -> Marked | None:
        """`begin_start`, its event and state row handed back rather than committed: a
        restarted connector marks every session it will restore and commits them
        together (a transaction each is a flush to disk each), then connects them one
        by one. None: it was starting already."""
        self.reconnect_attempts = 0
        return await self._change(SessionState.STARTING, reason, _PLAIN_TRANSITION, force=False)

    async def connect_now(self, dialing: Dialing | None = None) -> None:
        """Connect a starting session; `dialing`: what it connects with, if read already."""
        if self.state is SessionState.STARTING:
            await self._connect(dialing)

    async def restart(self) -> None:
        """A fresh connection, also out of `failed` (the only way back from giving up)."""
        self._cancel_reconnect()
        await self._drop_engine()
        await self.begin_start("restart_requested")
        await self.connect_now()

    async def logout(self, reason: str = "logged_out_by_request") -> None:
        """Unlink the device at WhatsApp and wipe the credentials (idempotent)."""
        self._cancel_reconnect()
        engine = self._engine
        unlinked = False
        if engine is not None and self.state is SessionState.CONNECTED:
            unlinked = await self._logout_at_network(engine)
        linked = self.phone is not None  # a paired device WhatsApp may still list
        await self._drop_engine()
        if linked and not unlinked:
            unlinked = await self._logout_briefly()
        await self._store.wipe_credentials(self.tenant_id)
        # WhatsApp closes the connection as it unlinks: the drop reported meanwhile
        # scheduled a reconnect this logout must not leave behind
        self._cancel_reconnect()
        self.phone, self.qr = None, None
        # only a live connection can unlink; else the phone keeps listing the device
        detail = _NOT_UNLINKED if linked and not unlinked else None
        await self._transition(SessionState.LOGGED_OUT, reason, LoggedOutBody(detail=detail))

    async def _logout_at_network(self, engine: Engine) -> bool:
        try:
            await engine.logout()
        except EngineError as e:  # unreachable now: the local wipe still happens
            log.warning("session %s: logout at WhatsApp failed: %s", self.tenant_id, e)
            return False
        return True

    async def _logout_briefly(self) -> bool:
        """Not connected: only a live connection can unlink the device, so connect with
        the stored credentials just long enough to log out. Its events are not the
        session's (it is logging out): the messages it may bring are not delivered."""
        credentials = await self._store.load_credentials(self.tenant_id)
        if credentials is None:
            return False
        # what the brief connection met: connected, gone (WhatsApp no longer has the
        # device, so nothing is left to unlink) or refused (a ban, the network away)
        outcome: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        async def sink(event: EngineEvent) -> None:
            if outcome.done():
                return
            if isinstance(event, Connected):
                outcome.set_result("connected")
            elif isinstance(event, LoggedOut):
                outcome.set_result("gone")
            elif isinstance(event, (Disconnected, PairingExpired)):
                outcome.set_result("refused")

        engine = self._kind.create(self.tenant_id, sink)
        try:
            await engine.start(credentials)
            try:
                met = await within(outcome, self._config.send_wait_s)
            except TimeoutError:
                met = "refused"
            if met == "connected":
                return await self._logout_at_network(engine)
            return met == "gone"
        finally:
            await engine.stop()

    async def stop(self, reason: str) -> None:
        """Close the connection without logging out; credentials stay for a later start."""
        marked = await self.stop_uncommitted(reason)
        if marked is not None:
            await self.commit(marked)

    async def stop_uncommitted(self, reason: str) -> Marked | None:
        """`stop`, its change handed back rather than committed: a stopping connector
        commits every session's together. None: it was not running."""
        self._cancel_reconnect()
        await self._drop_engine()
        if self.state not in RUNNING:
            return None
        return await self._change(SessionState.STOPPED, reason, _PLAIN_TRANSITION, force=False)

    async def wait_settled(self, timeout_s: float) -> None:
        """Wait until the session has something to tell `initialize` (a QR, or a result),
        or `timeout_s`."""
        with contextlib.suppress(TimeoutError):
            await within(self.settled(), timeout_s)

    async def settled(self) -> None:
        """`wait_settled` without a bound of its own: the caller bounds it (on its clock)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.state in SETTLED)

    async def request_pairing_code(self, phone: str) -> str:
        engine = self._engine
        if self.state is not SessionState.QR or engine is None:
            raise EngineError("not_pairing", f"the session is {self.state.value}, not pairing")
        return await engine.request_pairing_code(phone)

    # ---- sending ----------------------------------------------------------------------

    async def send_text(
        self, command_id: str, chat: str, text: str, quoted_id: str | None = None
    ) -> SendResult:
        return await self.send(command_id, chat, Text(text), quoted_id)

    async def send(
        self,
        command_id: str,
        chat: str,
        content: Content,
        quoted_id: str | None = None,
        target: Quote | None = None,
    ) -> SendResult:
        """Send one message of any kind, once per command id: the id WhatsApp will know it
        by is logged before the send, so a command re-delivered after a crash sends the
        same message again and the network drops the duplicate. `chat` is a number or a
        group id; `quoted_id` makes it a reply to a message this tenant sent or
        received; `target`: the message the content acts on (Engine.send)."""
        quote = await self._quote(quoted_id) if quoted_id is not None else None
        logged = await self._store.claim_send(
            self.tenant_id, command_id, chat, self._kind.new_message_id()
        )
        if logged.sent_at is not None:
            return SendResult(logged.message_id, logged.sent_at, repeated=True)
        try:
            engine = await self._ready_to_send()
            started = await self._pacer.start_chat(chat, command_id)
        except EngineError:
            await self._store.forget_send(command_id)  # nothing went out
            raise
        try:
            outgoing = content if not callable(content) else await content()
            async with self._pacer.paced(engine, chat, outgoing):
                sent = await engine.send(chat, outgoing, logged.message_id, quote, target)
        except EngineError as e:
            if e.code == RATE_OVERLIMIT:
                await self._pause_sending(e.retry_after_s)
            told = self._restrictions.refused(e, chat)
            if told is not None:
                await self._publish(told)
            if e.code in NOT_SENT:
                await self._store.forget_send(command_id)
                if started:
                    await self._pacer.unstart_chat(chat)
            self._metrics.errors.labels("send").inc()
            raise
        sent_at = datetime.fromtimestamp(sent.timestamp_ms / 1000, UTC)
        stored = await self._stored_send(chat, sent.message_id, sent_at, quoted_id, outgoing)
        await self._store.finish_send(command_id, sent.message_id, sent_at, stored)
        self._restrictions.sent(chat)
        self._metrics.messages_sent.inc()
        return SendResult(sent.message_id, sent_at, repeated=False)

    async def _stored_send(
        self,
        chat: str,
        message_id: str,
        sent_at: datetime,
        quoted_id: str | None,
        content: Outgoing,
    ) -> message_store.Change | None:
        """What the message store keeps of a message that went out (None: nothing)."""
        sent = kept.Sent(self.tenant_id, chat, message_id, sent_at, quoted_id, self.phone or "")
        return kept.outgoing(sent, content, await self._store_mode.get())

    def download_media(self, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        """An incoming attachment's bytes, through this session's connection."""
        engine = self._engine
        if self.state is not SessionState.CONNECTED or engine is None:
            raise EngineError(
                "session_not_connected", f"the session is {self.state.value}, not connected"
            )
        return engine.download_media(ref)

    async def _quote(self, message_id: str) -> Quote:
        found = await self._store.find_message(self.tenant_id, message_id)
        if found is None:
            raise EngineError(
                "quoted_message_not_found",
                f"no message {message_id} was sent or received by this session",
            )
        direction, peer = found
        # an incoming message was written by its peer; one of ours, by our own number
        return Quote(message_id, peer if direction == "in" else (self.phone or ""))

    async def _connected_engine(self) -> Engine:
        """The engine of a connected session; a starting or reconnecting one is waited for."""
        if self.state in PASSING:
            await self._wait_for(lambda: self.state not in PASSING, self._config.send_wait_s)
        engine = self._engine
        if self.state is not SessionState.CONNECTED or engine is None:
            raise EngineError(
                "session_not_connected", f"the session is {self.state.value}, not connected"
            )
        return engine

    async def _ready_to_send(self) -> Engine:
        engine = await self._connected_engine()
        paused_for = self._send_paused_until - self._clock.monotonic()
        if paused_for > 0:
            raise EngineError(
                RATE_OVERLIMIT, "WhatsApp asked this number to slow down", retry_after_s=paused_for
            )
        self._restrictions.check()
        return engine

    async def _pause_sending(self, retry_after_s: float | None) -> None:
        """Overlimit backs off sending only: the socket stays up, receiving goes on."""
        pause = retry_after_s if retry_after_s is not None else self._config.overlimit_pause_s
        self._send_paused_until = max(self._send_paused_until, self._clock.monotonic() + pause)
        await self._publish(
            ErrorBody(
                code=RATE_OVERLIMIT,
                retry_after_seconds=round(pause, 3),
                message="WhatsApp asked this number to slow down; sends pause meanwhile",
            )
        )

    async def ask(self, call: Callable[[Engine], Awaitable[T]]) -> T:
        """A query or change that sends no message (a number check, a group change, a
        presence): made once the session is connected, as a send is (a sending pause
        does not apply). The answer is WhatsApp's text (names, subjects), made storable
        as its events are: a lone surrogate in it could not even be sent as JSON."""
        return storable(await call(await self._connected_engine()))

    # ---- health -----------------------------------------------------------------------

    async def check_health(self, timeout_s: float) -> HealthCheck:
        """A round trip through the engine, not just a flag."""
        checked_at = iso_utc(self._clock.now())
        engine = self._engine
        if self.state is not SessionState.CONNECTED or engine is None:
            result = HealthCheck(False, checked_at, problem=f"session is {self.state.value}")
        else:
            try:
                latency = await engine.ping(timeout_s)
            except EngineError as e:
                result = HealthCheck(False, checked_at, problem=e.message)
                self._metrics.errors.labels("health_check").inc()
            else:
                result = HealthCheck(True, checked_at, latency_ms=round(latency * 1000, 2))
        self.last_health, self._last_health_at = result, self._clock.monotonic()
        return result

    def health_report(self, max_age_s: float) -> HealthCheck | None:
        """The last check with its age, or None when there is none this recent, or when
        the session has left `connected` since (a check of a gone connection says
        nothing: the caller checks again, which answers from the state at once)."""
        age = self._clock.monotonic() - self._last_health_at
        stale = age > max_age_s or self.state is not SessionState.CONNECTED
        if self.last_health is None or stale:
            return None
        return dataclasses.replace(self.last_health, age_s=round(age, 3))

    async def health_failed(self, reason: str) -> None:
        """The monitor found the socket dead although it looks open: say so, reconnect."""
        if self.state is not SessionState.CONNECTED:
            return
        self._metrics.health_check_failures.inc()
        await self._publish(HealthCheckFailed(reason=reason))
        self._schedule_reconnect(DisconnectReason.HEALTH_CHECK_FAILED.value, reason)

    # ---- what the API shows -------------------------------------------------------------

    def snapshot(self) -> SessionView:
        restriction = self._restrictions.current()
        banned = self.state is SessionState.FAILED and self._ban_until is not None
        return SessionView(
            tenant_id=self.tenant_id,
            state=self.state.value,
            phone=self.phone,
            reason=self.reason,
            since=iso_utc(self.changed_at),
            reconnect_attempts=self.reconnect_attempts,
            qr=self.qr if self.state is SessionState.QR else None,
            engine=self._kind.name,
            until=iso_utc(self._ban_until) if banned and self._ban_until else None,
            restriction=restriction.code if restriction else None,
            restricted_until=iso_utc(restriction.until)
            if restriction and restriction.until
            else None,
        )

    # ---- engine events ----------------------------------------------------------------

    async def _connect(self, dialing: Dialing | None = None) -> None:
        await self._drop_engine()
        self._generation += 1
        generation = self._generation

        async def sink(event: EngineEvent) -> None:
            if generation == self._generation:
                # what WhatsApp sent, with nothing PostgreSQL refuses (wagate/storable.py)
                await self._on_event(storable(event))

        engine = self._kind.create(self.tenant_id, sink)
        self._engine = engine
        # read now, unless a restore read it with many others' (Store.dialings)
        dial = dialing or await self._store.dialing(self.tenant_id)
        if dial.proxy_unreadable is not None:  # never a direct connection in its place
            await sink(Disconnected(DisconnectReason.PROXY_UNREADABLE, dial.proxy_unreadable))
            return
        if generation != self._generation:
            return  # dropped while its settings were read (a logout, a stop): never started
        await engine.start(
            dial.credentials, available=dial.online, history_sync=dial.history, proxy=dial.proxy
        )

    async def _on_event(self, event: EngineEvent) -> None:
        if isinstance(event, LIFECYCLE_EVENTS):
            await self._on_lifecycle(event)
        else:
            self.lids.heard(event)
            await self._ingest.on_event(event)

    async def _on_lifecycle(self, event: LifecycleEvent) -> None:
        """The connection's own life: pairing, connecting, dropping, being unlinked."""
        match event:
            case QrCode(code):
                self.qr = code
                self._metrics.qr_codes.inc()
                await self._transition(SessionState.QR, None, QrShown(qr=code), force=True)
            case Paired(phone, credentials):
                self._restrictions.lifted()  # another account, maybe
                await self._store.save_credentials(self.tenant_id, self._kind.name, credentials)
                self.phone = phone
            case Connected(phone):
                self.phone, self.qr = phone, None
                self._connected_at = self._clock.monotonic()
                self.last_health = None  # a check of the previous connection says nothing now
                await self._transition(SessionState.CONNECTED, None, SessionConnected(phone=phone))
            case PairingExpired():
                self.qr = None
                await self._drop_engine()
                await self._transition(SessionState.STOPPED, "qr_expired")
            case LoggedOut(reason):
                # the phone unlinked this device: reconnecting cannot work, and must not try
                self._cancel_reconnect()
                await self._store.wipe_credentials(self.tenant_id)
                await self._drop_engine()
                self.phone = None
                await self._transition(SessionState.LOGGED_OUT, reason, LoggedOutBody())
            case Disconnected(reason) if reason in NO_RETRY:
                # replaced: another client took the device, and reconnecting would start a
                # takeover war; banned or outdated: WhatsApp would refuse again
                self._cancel_reconnect()
                await self._drop_engine()
                self._metrics.errors.labels(reason.value).inc()
                self.qr = None
                await self._transition(SessionState.FAILED, reason.value, failed_body(event))
                self._wait_out_ban(event)
            case Disconnected(reason, detail):
                self._metrics.errors.labels(reason.value).inc()
                immediate = reason is DisconnectReason.RESTART_REQUIRED
                self._schedule_reconnect(reason.value, detail, immediate=immediate)

    # ---- messaging ---------------------------------------------------------

    async def message_ref(self, message_id: str, chat: str) -> tuple[Quote, str, datetime | None]:
        """A message of `chat` this session sent or received: (who wrote it, direction,
        when it was sent); EngineError message_not_found when the log has none."""
        found = await self._store.logged_message(self.tenant_id, message_id)
        if found is None or found.peer != chat:
            raise EngineError(
                "message_not_found", f"no message {message_id} was sent or received in {chat}"
            )
        author = found.author if found.direction == "in" else (self.phone or "")
        return Quote(message_id, author), found.direction, found.sent_at

    async def remember_poll(self, poll_id: str, options: list[str]) -> None:
        """A poll this session sent: its votes name options by hash, mapped back here."""
        await self._store.save_poll(self.tenant_id, poll_id, options)

    async def mark_read(self, chat: str, message_ids: list[str], up_to: str | None) -> list[str]:
        """Read receipts for incoming messages of `chat`: the given ones, or every one up
        to `up_to` not marked yet (the newest _MAX_READ_AT_ONCE); returns those marked."""
        if up_to is not None:
            found = await self._store.unread_up_to(self.tenant_id, chat, up_to, _MAX_READ_AT_ONCE)
            if found is None:
                raise EngineError("message_not_found", f"no message {up_to} came in {chat}")
            wanted = found
        else:
            wanted = await self._store.incoming_of(self.tenant_id, chat, message_ids)
            unknown = sorted(set(message_ids) - {message_id for message_id, _ in wanted})
            if unknown:
                raise EngineError(
                    "message_not_found", f"no message {', '.join(unknown)} came in {chat}"
                )
        ids = [message_id for message_id, _ in wanted]
        if ids:
            engine = await self._ready_to_send()
            # a receipt names the writer: in a group, each member their own messages
            by_writer: dict[str, list[str]] = {}
            for message_id, writer in wanted:
                by_writer.setdefault(writer, []).append(message_id)
            for writer, theirs in by_writer.items():
                await engine.mark_read(chat, writer, theirs)
            await self._store.mark_read(self.tenant_id, chat, ids)
        return ids

    async def groups_seen(self, groups: list[GroupInfo]) -> None:
        """Groups as WhatsApp just described them: each subject names the group's chat
        (kept beside the store, under its setting)."""
        mode = await self._store_mode.get()
        for group in groups:
            named = kept.group_named(self.tenant_id, group.group_id, group.subject, mode)
            if named is not None:
                await self._store.group_named_now(named)

    async def set_chat_state(self, change: SetChatState) -> None:
        """Through WhatsApp's app state, then on the stored chat (which the gateway
        checked exists; one purged meanwhile is simply not there to change)."""
        await self.ask(lambda engine: engine.set_chat_state(change))
        shown = ChatStateChanged(change.chat, change.state, change.on, change.muted_until_ms)
        await self._store.set_chat_state(self.tenant_id, shown)

    def _call_desk(self) -> CallDesk:
        """The calls offered lately; a reject goes out as any query does, a reply to an
        auto-rejected call as any text message (once per call: its command id)."""

        async def reject(caller: str, call_id: str) -> None:
            await self.ask(lambda engine: engine.reject_call(caller, call_id))

        async def send_text(command_id: str, chat: str, text: str) -> SendResult:
            return await self.send(command_id, chat, Text(text))

        async def publish(body: CallBody) -> None:
            await self._publish(body)

        answering = CachedSetting(
            lambda: self._store.call_answering(self.tenant_id), self._clock, CallAnswering()
        )
        return CallDesk(self.tenant_id, self._clock, answering, reject, send_text, publish)

    # ---- reconnecting -----------------------------------------------------------------

    def _schedule_reconnect(self, reason: str, detail: str, *, immediate: bool = False) -> None:
        # only a running session reconnects: a verdict that arrives after a logout or a
        # stop (a health failure still being committed) must not bring the session back
        if self.state not in RUNNING:
            return
        if self._reconnect_task is not None and not self._reconnect_task.done():
            return
        self._reconnect_task = asyncio.create_task(
            self._reconnect(reason, detail, immediate), name=f"reconnect-{self.tenant_id}"
        )

    async def _reconnect(self, reason: str, detail: str, immediate: bool) -> None:
        await self._drop_engine()
        if self.state not in RUNNING:  # logged out or stopped while the engine closed
            return
        stable = self._clock.monotonic() - self._connected_at >= self._config.stable_after_s
        if self.state is SessionState.CONNECTED and stable:
            self.reconnect_attempts = 0
        if self.state is not SessionState.RECONNECTING:
            await self._transition(
                SessionState.RECONNECTING, reason, SessionDisconnected(detail=detail)
            )
        limit = self._config.max_reconnect_attempts
        if limit and self.reconnect_attempts >= limit:
            gave_up = ReconnectFailed(attempts=self.reconnect_attempts, last_reason=reason)
            await self._transition(SessionState.FAILED, "reconnect_failed", gave_up)
            return
        self.reconnect_attempts += 1
        delay = 0.0 if immediate else self._config.backoff.delay(self.reconnect_attempts)
        self._metrics.reconnects.inc()
        attempt = Reconnecting(
            attempt=self.reconnect_attempts, delay_seconds=round(delay, 3), detail=detail
        )
        await self._transition(SessionState.RECONNECTING, reason, attempt, force=True)
        await self._clock.sleep(delay)
        self._reconnect_task = None  # from here on, a new drop schedules a fresh task
        await self._connect()

    def _wait_out_ban(self, event: Disconnected) -> None:
        """A temporary ban with an end: connect once when it lifts (reconnecting before
        would meet the same refusal, and can lengthen the ban). A restart, stop or logout
        before then cancels the wait."""
        if event.reason is not DisconnectReason.TEMPORARY_BAN or event.until_ms is None:
            self._ban_until = None
            return
        self._ban_until = datetime.fromtimestamp(event.until_ms / 1000, UTC)
        left = (self._ban_until - self._clock.now()).total_seconds() + _AFTER_BAN_S
        self._reconnect_task = asyncio.create_task(
            self._connect_after(max(left, 0.0)), name=f"after-ban-{self.tenant_id}"
        )

    async def _connect_after(self, seconds: float) -> None:
        await self._clock.sleep(seconds)
        if self.state is SessionState.FAILED and self._ban_until is not None:
            self._reconnect_task = None
            self._ban_until = None
            await self.begin_start("ban_lifted")
            await self.connect_now()

    def _cancel_reconnect(self) -> None:
        self._ban_until = None
        task, self._reconnect_task = self._reconnect_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def _drop_engine(self) -> None:
        engine, self._engine = self._engine, None
        self._generation += 1
        if engine is not None:
            await engine.stop()

    # ---- transitions ------------------------------------------------------------------

    async def _wait_for(self, predicate: Callable[[], bool], timeout_s: float) -> None:
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await within(self._changed.wait_for(predicate), timeout_s)

    async def _transition(
        self,
        state: SessionState,
        reason: str | None,
        details: Transition = _PLAIN_TRANSITION,
        *,
        force: bool = False,
    ) -> None:
        """Move to `state` and publish it with its row; `details` is the event's body
        (its kind too), the change filled in here."""
        marked = await self._change(state, reason, details, force=force)
        if marked is not None:
            await self.commit(marked)

    async def _change(
        self, state: SessionState, reason: str | None, details: Transition, *, force: bool
    ) -> Marked | None:
        """Move to `state`; its event and state row, still to be committed (None: no
        change to tell)."""
        previous = self.state
        if previous is state and not force:
            return None
        self.state, self.reason, self.changed_at = state, reason, self._clock.now()
        if previous is not state:
            log.info(
                "session %s: %s -> %s (%s)",
                self.tenant_id,
                previous,
                state,
                reason or "-",
                extra={
                    "tenant_id": self.tenant_id,
                    "state": state.value,
                    "previous": previous.value,
                    "reason": reason,
                },
            )
        row = (state.value, reason, self.changed_at, self.phone, self.reconnect_attempts)
        async with self._changed:
            self._changed.notify_all()
        change = StateChange(state=state.value, previous=previous.value, reason=reason)
        event = public_events.event(self.tenant_id, dataclasses.replace(details, change=change))

        async def save(conn: asyncpg.Connection) -> bool:
            await self._store.save_state(conn, self.tenant_id, *row)
            return True

        return Marked(event, save)

    async def commit(self, marked: Marked) -> None:
        """Publish a change handed back uncommitted, on its own."""
        await self._emit(marked.event, marked.cause)

    def emitting(self) -> asyncio.Lock:
        """Held while one of the session's events is committed, so they commit in the
        order they happened: whoever commits its changes with others' holds it too."""
        return self._emit_lock

    async def _publish(self, body: Body) -> None:
        await self._emit(public_events.event(self.tenant_id, body))

    async def _emit(self, event: Event, cause: Cause | None = None) -> None:
        """Publish a session event. A session goes on whatever happens to its events: a
        failure here (PostgreSQL away) is logged, never raised into the reader, the
        reconnect task or a command, which must keep the session trying."""
        try:
            async with self._emit_lock:
                await self._quarantine.publish(event, cause)
        except DB_ERRORS as e:
            self._metrics.errors.labels("event_log").inc()
            log.warning(
                "session %s: %s event not recorded: %s",
                self.tenant_id,
                event.type.value,
                e,
                extra={"tenant_id": self.tenant_id},
            )
