"""Stand-ins for what a connector Session talks to, so its state machine runs in-process
in milliseconds: an engine the test drives, a clock the test advances, and a store and
publisher that keep everything in memory."""

from __future__ import annotations

import asyncio
import dataclasses
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from connector.engine import (
    Attachment,
    Connected,
    EngineError,
    EngineEvent,
    EventSink,
    OldestMessage,
    Outgoing,
    OutgoingMedia,
    Paired,
    Quote,
    SentMessage,
)
from connector.events import Cause, EventPublisher
from connector.metrics import ConnectorMetrics
from connector.pacing import NEW_CHAT_LIMIT_REACHED, wait_for_start
from connector.pool import SessionPool
from connector.reconnect import Backoff
from connector.session import Session, SessionConfig
from connector.store import Dialing, LoggedSend, Store, StoredSession
from wagate.bus import BusinessProfile, ChannelInfo, ChannelPost, Event, LidPair
from wagate.bus.replies import PrivacySettings
from wagate.content import Text
from wagate.sealing import SealError
from wagate.tables.pacing import Pacing
from wagate.tables.tenant_calls import CallAnswering

WAIT_S = 2.0  # a real-time ceiling for conditions that a correct core meets at once


class FakeClock:
    """Time moves only when the test says so; `sleep` returns when it has moved enough."""

    def __init__(self) -> None:
        self._t = 1000.0
        self._epoch = datetime(2026, 1, 1, tzinfo=UTC)
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []
        self.slept: list[float] = []  # every duration asked for, in order

    def now(self) -> datetime:
        return self._epoch + timedelta(seconds=self._t)

    def monotonic(self) -> float:
        return self._t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (self._t + seconds, waiter)
        self._sleepers.append(entry)
        try:
            await waiter
        finally:
            self._sleepers.remove(entry)

    @property
    def sleeping(self) -> int:
        return sum(not w.done() for _, w in self._sleepers)

    async def advance(self, seconds: float) -> None:
        self._t += seconds
        for due, waiter in list(self._sleepers):
            if due <= self._t and not waiter.done():
                waiter.set_result(None)
        await settle()


async def settle() -> None:
    """Let every task that can run, run (a few turns of the loop)."""
    for _ in range(20):
        await asyncio.sleep(0)


class HighRandom(random.Random):
    """A random source that always draws the top of the range: delays at their bound."""

    def uniform(self, a: float, b: float) -> float:
        return b


class FakeEngine:
    def __init__(self, kind: FakeKind, tenant_id: str, sink: EventSink) -> None:
        self.kind = kind
        self.tenant_id = tenant_id
        self._sink = sink
        self.credentials: dict[str, Any] | None = None
        self.started = False
        self.available = True  # what the last start was told of the tenant's markOnline
        self.stopped = False
        self.logged_out = False
        # every send: (chat, content, message_id, quote); texts and media also below
        # (chat, content, message id, quote, target)
        self.messages: list[tuple[str, Outgoing, str, Quote | None, Quote | None]] = []
        self.sent: list[tuple[str, str, str, Quote | None]] = []
        # media sends: (to, descriptor, the bytes read, message id, quote)
        self.sent_media: list[tuple[str, OutgoingMedia, bytes, str, Quote | None]] = []
        # what download_media(ref) yields, by ref["id"]; a missing id is media_expired
        self.downloads: dict[str, bytes] = {}
        self.send_error: EngineError | None = None
        self.ping_error: EngineError | None = None
        self.pings = 0  # health checks answered or refused
        self.history_requests: list[tuple[str, OldestMessage, int]] = []
        self.history_sync = ""  # what `start` was asked to take at pairing
        self.proxy: str | None = None  # the proxy `start` was given
        self.rejected_calls: list[tuple[str, str]] = []  # (caller, call id)
        self.blocked: set[str] = set()
        self.privacy_settings = dict.fromkeys(
            ("last_seen", "online", "picture", "about", "groups", "read_receipts", "calls"), "all"
        )
        # chat presences and sends in the order they went: ("typing", chat), ("send", chat)
        self.timeline: list[tuple[str, str]] = []
        # the account's own profile as set through the engine (picture: its bytes)
        self.profile: dict[str, Any] = {}
        # business profiles the fake network knows, by number
        self.businesses: dict[str, BusinessProfile] = {}
        # channels the fake network knows, by id, and the posts each has (newest last)
        self.channels: dict[str, ChannelInfo] = {}
        self.channel_posts_: dict[str, list[ChannelPost]] = {}

    async def emit(self, event: EngineEvent) -> None:
        await self._sink(event)

    async def lid_pairs(self, addresses: list[str]) -> list[LidPair]:
        self.kind.lid_lookups.append(addresses)
        by_lid = {lid: phone for phone, lid in self.kind.lids.items()}
        pairs = []
        for address in addresses:
            lid = address.removesuffix("@lid")
            phone = by_lid.get(lid) if address.endswith("@lid") else address
            if phone is not None and phone in self.kind.lids:
                pairs.append(LidPair(phone, self.kind.lids[phone]))
        return pairs

    async def send_chat_presence(self, chat: str, state: str) -> None:
        self.timeline.append((state, chat))

    async def request_history(self, chat: str, oldest: OldestMessage, count: int) -> None:
        self.history_requests.append((chat, oldest, count))

    async def start(
        self,
        credentials: dict[str, Any] | None,
        available: bool = True,
        history_sync: str = "all",
        proxy: str | None = None,
    ) -> None:
        self.credentials, self.started = credentials, True
        self.available, self.history_sync, self.proxy = available, history_sync, proxy
        if self.kind.on_start is not None:
            await self.kind.on_start(self)

    async def send(
        self,
        chat: str,
        content: Outgoing,
        message_id: str,
        quote: Quote | None = None,
        target: Quote | None = None,
    ) -> SentMessage:
        if self.send_error is not None:
            raise self.send_error
        if chat.endswith("@newsletter") and self._known_channel(chat).role not in (
            "owner",
            "admin",
        ):  # as WhatsApp refuses a post from anyone else
            raise EngineError("not_channel_admin", f"not an admin of {chat}")
        if isinstance(content, Attachment):  # read as the network would read it
            body = b"".join([chunk async for chunk in content.data.chunks()])
            self.sent_media.append((chat, content.media, body, message_id, quote))
        elif isinstance(content, Text):
            self.sent.append((chat, content.text, message_id, quote))
        self.messages.append((chat, content, message_id, quote, target))
        self.timeline.append(("send", chat))
        return SentMessage(message_id, 1_767_225_600_000 + len(self.messages))

    async def download_media(self, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        body = self.downloads.get(str(ref.get("id")))
        if body is None:
            raise EngineError("media_expired", "the fake network has no such media")
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    async def request_pairing_code(self, phone: str) -> str:
        return f"CODE-{phone[-4:]}"

    async def reject_call(self, caller: str, call_id: str) -> None:
        self.rejected_calls.append((caller, call_id))

    async def privacy(self) -> PrivacySettings:
        return PrivacySettings(**self.privacy_settings)

    async def set_privacy(self, setting: str, value: str) -> PrivacySettings:
        field = {"lastSeen": "last_seen", "readReceipts": "read_receipts"}.get(setting, setting)
        self.privacy_settings[field] = value
        return await self.privacy()

    async def blocklist(self) -> list[str]:
        return sorted(self.blocked)

    async def update_blocklist(self, phone: str, block: bool) -> list[str]:
        (self.blocked.add if block else self.blocked.discard)(phone)
        return sorted(self.blocked)

    async def set_push_name(self, name: str) -> None:
        self.profile["push_name"] = name

    async def set_about(self, about: str) -> None:
        self.profile["about"] = about

    async def set_profile_picture(self, jpeg: bytes | None) -> None:
        self.profile["picture"] = jpeg

    def _known_channel(self, channel_id: str) -> ChannelInfo:
        found = self.channels.get(channel_id)
        if found is None:
            raise EngineError("channel_not_found", f"no channel {channel_id} on the fake network")
        return found

    async def followed_channels(self) -> list[ChannelInfo]:
        return [c for c in self.channels.values() if c.role != "guest"]

    async def channel_info(self, channel_id: str) -> ChannelInfo:
        return self._known_channel(channel_id)

    async def follow_channel(self, channel_id: str, follow: bool) -> None:
        found = self._known_channel(channel_id)
        role = "subscriber" if follow else "guest"
        self.channels[channel_id] = dataclasses.replace(found, role=role)

    async def channel_posts(
        self, channel_id: str, count: int, before: int | None
    ) -> list[ChannelPost]:
        self._known_channel(channel_id)
        posts = self.channel_posts_.get(channel_id, [])
        older = [p for p in posts if before is None or p.server_id < before]
        return list(reversed(older[-count:]))

    async def business_profile(self, phone: str) -> BusinessProfile:
        found = self.businesses.get(phone)
        if found is None:
            raise EngineError("not_a_business", f"{phone} is no business on the fake network")
        return found

    async def ping(self, timeout_s: float) -> float:
        self.pings += 1
        if self.ping_error is not None:
            raise self.ping_error
        return 0.012

    async def logout(self) -> None:
        self.logged_out = True
        if self.kind.on_logout is not None:
            await self.kind.on_logout(self)

    async def stop(self) -> None:
        self.stopped = True


class FakeKind:
    name = "fake"

    def __init__(self) -> None:
        self.engines: list[FakeEngine] = []
        self._ids = 0
        # run by every engine's start(): a test scripts what the network answers
        self.on_start: Callable[[FakeEngine], Any] | None = None
        self.on_logout: Callable[[FakeEngine], Any] | None = None
        self.lids: dict[str, str] = {}  # the network's numbers and their LIDs (digits)
        self.lid_lookups: list[list[str]] = []  # every lid_pairs asked, in order

    def create(self, tenant_id: str, on_event: EventSink) -> FakeEngine:
        engine = FakeEngine(self, tenant_id, on_event)
        self.engines.append(engine)
        return engine

    def new_message_id(self) -> str:
        self._ids += 1
        return f"3EB0{self._ids:08d}"

    async def close(self) -> None:
        pass

    @property
    def latest(self) -> FakeEngine:
        return self.engines[-1]


@dataclass
class LogEntry:
    tenant_id: str
    peer: str
    message_id: str
    sent_at: datetime | None = None


class FakeStore(Store):
    """The connector's tables as dicts."""

    def __init__(self, stored: list[StoredSession] | None = None) -> None:
        self.stored = stored or []
        self.rows: dict[str, tuple[Any, ...]] = {}
        self.wanted: dict[str, bool] = {}
        self.credentials: dict[str, dict[str, Any]] = {}
        self.hold_credentials: asyncio.Event | None = None
        self.sends: dict[str, LogEntry] = {}
        self.offline: set[str] = set()  # tenants whose markOnline is false
        self.proxies: dict[str, str] = {}  # tenants' proxy URLs, as opened
        self.unreadable_proxies: set[str] = set()  # tenants whose sealed proxy no key opens
        self.answering: dict[str, CallAnswering] = {}  # tenants' call settings
        self.incoming: set[tuple[str, str]] = set()
        # events set aside: event id -> (the event, the last error, tries)
        self.quarantined: dict[str, tuple[Event, str, int]] = {}
        self.heard_from: set[tuple[str, str]] = set()  # (tenant, peer) of incoming messages
        self.pacings: dict[str, Pacing] = {}
        self.chat_starts: dict[tuple[str, str], datetime] = {}  # (tenant, chat) -> when
        # each read of what connections need: the tenants it was for
        self.dialing_reads: list[tuple[str, ...]] = []

    async def ensure_session(self, tenant_id: str, default_engine: str) -> str:
        self.wanted[tenant_id] = True
        return default_engine

    async def save_state(self, conn: Any, tenant_id: str, *row: Any) -> None:
        self.rows[tenant_id] = row

    async def load_sessions(self) -> list[StoredSession]:
        return list(self.stored)

    async def load_credentials(self, tenant_id: str) -> dict[str, Any] | None:
        # a test holds the next read of credentials until it sets the event
        hold, self.hold_credentials = self.hold_credentials, None
        if hold is not None:
            await hold.wait()
        return self.credentials.get(tenant_id)

    async def save_credentials(
        self, tenant_id: str, engine: str, credentials: dict[str, Any]
    ) -> None:
        self.credentials[tenant_id] = credentials

    async def set_wanted(self, tenant_id: str, wanted: bool) -> None:
        self.wanted[tenant_id] = wanted

    async def delete_session(self, tenant_id: str) -> None:
        self.credentials.pop(tenant_id, None)
        self.rows.pop(tenant_id, None)

    async def wipe_credentials(self, tenant_id: str) -> None:
        self.credentials.pop(tenant_id, None)

    async def claim_send(
        self, tenant_id: str, command_id: str, chat: str, message_id: str
    ) -> LoggedSend:
        entry = self.sends.setdefault(command_id, LogEntry(tenant_id, chat, message_id))
        return LoggedSend(entry.message_id, entry.sent_at)

    async def finish_send(
        self, command_id: str, message_id: str, sent_at: datetime, stored: Any = None
    ) -> None:
        entry = self.sends[command_id]
        entry.message_id, entry.sent_at = message_id, sent_at

    async def marks_online(self, tenant_id: str) -> bool:
        return tenant_id not in self.offline

    async def call_answering(self, tenant_id: str) -> CallAnswering:
        return self.answering.get(tenant_id, CallAnswering())

    async def pacing_of(self, tenant_id: str) -> Pacing:
        return self.pacings.get(tenant_id, Pacing())

    async def start_chat(
        self, tenant_id: str, chat: str, command_id: str, now: datetime, caps: Pacing
    ) -> bool:
        written = any(
            (e.tenant_id, e.peer) == (tenant_id, chat) and c != command_id
            for c, e in self.sends.items()
        )
        if written or (tenant_id, chat) in self.heard_from | set(self.chat_starts):
            return False
        starts = sorted(at for (t, _), at in self.chat_starts.items() if t == tenant_id)
        wait = wait_for_start(caps, starts, now)
        if wait is not None:
            raise EngineError(NEW_CHAT_LIMIT_REACHED, "over the caps", wait)
        self.chat_starts[(tenant_id, chat)] = now
        return True

    async def unstart_chat(self, tenant_id: str, chat: str) -> None:
        self.chat_starts.pop((tenant_id, chat), None)

    async def history_sync(self, tenant_id: str) -> str:
        return "all"

    async def proxy(self, tenant_id: str) -> str | None:
        if tenant_id in self.unreadable_proxies:
            raise SealError("a stored secret cannot be opened with any key")
        return self.proxies.get(tenant_id)

    async def dialing(self, tenant_id: str) -> Dialing:
        self.dialing_reads.append((tenant_id,))
        return await self._dialing(tenant_id)

    async def dialings(self, tenant_ids: list[str]) -> dict[str, Dialing]:
        self.dialing_reads.append(tuple(tenant_ids))
        return {t: await self._dialing(t) for t in tenant_ids if t in self.credentials}

    async def _dialing(self, tenant_id: str) -> Dialing:
        return await Store.dialing(self, tenant_id)

    async def message_store_mode(self, tenant_id: str) -> str:
        return "off"  # the store's tables are PostgreSQL's: tests of it use a real one

    async def forget_send(self, command_id: str) -> None:
        if command_id in self.sends and self.sends[command_id].sent_at is None:
            del self.sends[command_id]

    async def find_message(self, tenant_id: str, message_id: str) -> tuple[str, str] | None:
        for entry in self.sends.values():
            if (entry.tenant_id, entry.message_id) == (tenant_id, message_id) and entry.sent_at:
                return "out", entry.peer
        return None

    async def log_incoming(
        self,
        conn: Any,
        tenant_id: str,
        message_id: str,
        peer: str,
        at: datetime,
        author: str | None = None,
    ) -> bool:
        key = (tenant_id, message_id)
        first = key not in self.incoming
        self.incoming.add(key)
        self.heard_from.add((tenant_id, peer))
        return first

    async def log_incoming_all(
        self, conn: Any, tenant_id: str, messages: list[tuple[str, str, datetime, str | None]]
    ) -> set[str]:
        new = {m[0] for m in messages if (tenant_id, m[0]) not in self.incoming}
        for message_id, peer, _, _ in messages:
            self.incoming.add((tenant_id, message_id))
            self.heard_from.add((tenant_id, peer))
        return new

    async def set_aside(self, conn: Any, event: Event, error: str, tries: int) -> bool:
        first = event.id not in self.quarantined
        self.quarantined.setdefault(event.id, (event, error, tries))
        return first


class FakePublisher(EventPublisher):
    """Commits in memory: the cause runs, then the event is kept, in order."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._changed = asyncio.Condition()
        # a test's stand-in for PostgreSQL refusing (or failing) an event: the error to
        # raise for it, or None to commit it; every call is counted in `tries`
        self.refuse: Callable[[Event], Exception | None] = lambda event: None
        self.tries: list[Event] = []
        # event types whose commit waits until the test sets their gate (a slow database)
        self.hold: dict[str, asyncio.Event] = {}
        self.transactions = 0  # commits: one a publish, one for events published together

    async def publish(self, event: Event, cause: Cause | None = None) -> bool:
        self.transactions += 1
        return await self._publish(event, cause)

    async def publish_together(
        self, events: Sequence[tuple[Event, Callable[[Any], Awaitable[bool]]]]
    ) -> None:
        self.transactions += 1
        for event, _ in events:  # all or none
            refusal = self.refuse(event)
            if refusal is not None:
                self.tries.append(event)
                raise refusal
        for event, cause in events:
            await self._publish(event, cause)

    async def _publish(self, event: Event, cause: Cause | None) -> bool:
        self.tries.append(event)
        gate = self.hold.get(event.type)
        if gate is not None:
            await gate.wait()
        refusal = self.refuse(event)
        if refusal is not None:
            raise refusal
        if cause is not None and not await cause(None):  # type: ignore[arg-type]
            return False
        self.events.append(event)
        async with self._changed:
            self._changed.notify_all()
        return True

    async def publish_all(
        self, events: list[Event], cause: Callable[[Any], Awaitable[list[bool]]]
    ) -> list[bool]:
        """All or nothing, as one transaction: any refusal refuses them all."""
        self.tries += events
        refusal = next((r for r in map(self.refuse, events) if r is not None), None)
        if refusal is not None:
            raise refusal
        chosen = await cause(None)
        self.events += [e for e, c in zip(events, chosen, strict=True) if c]
        async with self._changed:
            self._changed.notify_all()
        return chosen

    def of(self, tenant_id: str) -> list[Event]:
        return [e for e in self.events if e.tenant_id == tenant_id]

    def types(self, tenant_id: str) -> list[str]:
        return [e.type.value for e in self.of(tenant_id)]

    async def wait_for(self, predicate: Callable[[], bool]) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), WAIT_S)


@dataclass
class Core:
    """One connector core in memory: sessions made on the fake engine."""

    clock: FakeClock = field(default_factory=FakeClock)
    kind: FakeKind = field(default_factory=FakeKind)
    store: FakeStore = field(default_factory=FakeStore)
    publisher: FakePublisher = field(default_factory=FakePublisher)
    metrics: ConnectorMetrics = field(default_factory=ConnectorMetrics)
    config: SessionConfig = field(
        default_factory=lambda: SessionConfig(
            backoff=Backoff(1.0, 10.0, rng=HighRandom()),
            max_reconnect_attempts=0,
            send_wait_s=WAIT_S,
            overlimit_pause_s=5.0,
            stable_after_s=60.0,
        )
    )

    def session(self, tenant_id: str, stored: StoredSession | None = None) -> Session:
        return Session(
            tenant_id,
            engine=self.kind,
            store=self.store,
            publisher=self.publisher,
            metrics=self.metrics,
            config=self.config,
            stored=stored,
            clock=self.clock,
        )

    def pool(self) -> SessionPool:
        async def make(tenant_id: str, engine: str, stored: StoredSession | None) -> Session:
            return self.session(tenant_id, stored)

        return SessionPool(
            self.store, make, self.kind.name, clock=self.clock, publisher=self.publisher
        )

    async def connected(self, tenant_id: str, phone: str = "79001234567") -> Session:
        """A session paired and connected, as a tenant's first initialize leaves it."""
        session = self.session(tenant_id)
        await session.start()
        await self.kind.latest.emit(Paired(phone, {"keys": tenant_id}))
        await self.kind.latest.emit(Connected(phone))
        return session
