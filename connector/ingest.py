"""What arrives over a session's connection: messages, receipts, reactions, edits,
revokes, poll votes, presence and group changes, as the tenant's events.

The session's state machine (connector/session.py) handles the connection's own life;
everything else an engine reports comes here. Events go out under the session's emit
lock, so they keep the order they happened in among the session's transitions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg

from connector import message_store as stored
from connector.cached_setting import CachedSetting
from connector.calls import CallDesk
from connector.clock import Clock
from connector.engine import (
    CallChanged,
    ChatStateChanged,
    ContactNamed,
    GroupUpdate,
    HistoryBatch,
    IncomingMessage,
    IncomingMessages,
    IngestEvent,
    MessageEdited,
    MessageRevoked,
    PollVoteReceived,
    PresenceChanged,
    ReactionReceived,
    Receipt,
)
from connector.event_data import group_update_body, message_body, receipt_body, status_body
from connector.events import Cause
from connector.history import HistoryProgress
from connector.media.incoming import MediaInbox
from connector.message_store import StoredAction, StoreMode
from connector.messaging_events import IncomingAction, incoming_action, presence_event
from connector.metrics import ConnectorMetrics
from connector.quarantine import UNREACHABLE, Quarantine
from connector.store import Store
from wagate import public_events
from wagate.bus import Event, stable_event_id
from wagate.content import STATUS_CHAT
from wagate.public_events import Body
from wagate.tables import contacts
from wagate.tables import media as media_rows
from wagate.tables.message_store import NewMessage, Receipted, receipted


@dataclass(frozen=True)
class Arrival:
    """An incoming message as what its transaction writes."""

    event: Event
    message_id: str
    peer: str  # the chat
    author: str | None  # a group's member who wrote it (None in a 1:1 chat)
    at: datetime
    attachment: media_rows.MediaRow | None
    kept: NewMessage | None  # its row in the tenant's message store
    writer_seen: contacts.Seen | None


@dataclass
class Ingest:
    tenant_id: str
    store: Store
    metrics: ConnectorMetrics
    clock: Clock
    quarantine: Quarantine  # publishes; an event the database refuses is set aside
    lock: asyncio.Lock  # the session's emit lock
    # the session's publish of an event nothing depends on (with what it records in the
    # event's transaction): a failure is logged, not raised
    emit: Callable[[Event, Cause | None], Awaitable[None]]
    store_mode: StoreMode  # what the tenant's message store keeps
    media: MediaInbox | None = None  # incoming attachments: their rows and downloads
    calls: CallDesk | None = None  # calls offered: kept, published, auto-rejected
    # presence is opt-in per tenant (it is chatty)
    _presence_wanted: CachedSetting[bool] = field(init=False)
    _history: HistoryProgress = field(init=False, default_factory=HistoryProgress)

    def __post_init__(self) -> None:
        wants = self.store.wants_presence
        self._presence_wanted = CachedSetting(lambda: wants(self.tenant_id), self.clock, False)

    async def on_event(self, event: IngestEvent) -> None:
        match event:
            case IncomingMessage():
                await self._message(event)
            case IncomingMessages(messages):
                await self._messages(messages)
            case Receipt():
                await self._receipt(event)
            case PollVoteReceived(poll_id):
                options = await self.store.poll_options(self.tenant_id, poll_id)
                await self._action(event, incoming_action(self.tenant_id, event, options))
            case ReactionReceived() | MessageEdited() | MessageRevoked():
                await self._action(event, incoming_action(self.tenant_id, event))
            case PresenceChanged():
                if await self._presence_wanted.get():
                    await self.emit(presence_event(self.tenant_id, event), None)
            case GroupUpdate():
                await self._group_update(event)
            case HistoryBatch():
                await self._history_batch(event)
            case ChatStateChanged():  # the phone archived, pinned, muted, marked unread
                await self.store.set_chat_state(self.tenant_id, event)
            case ContactNamed():  # kept beside the store, under its setting
                if await self.store_mode.get() != "off":
                    await self.store.contact_named(self.tenant_id, event)
            case CallChanged():
                if self.calls is not None:
                    await self.calls.seen(event)

    def _arrival(self, message: IncomingMessage, mode: str) -> Arrival:
        message_id = message.message_id
        writer = message.sender or message.sender_lid  # a LID only when no number is known
        # the chat: a group's id, or the writer's own 1:1 chat
        peer, author = (message.chat, writer) if message.chat else (writer, None)
        attachment = (
            self.media.row_for(self.tenant_id, message_id, message.media)
            if self.media is not None and message.media is not None
            else None
        )
        media_id = attachment.id if attachment else None
        # a contact's status update is a message to the status broadcast: its own event
        body = (status_body if message.chat == STATUS_CHAT else message_body)(message, media_id)
        event = public_events.event(
            self.tenant_id,
            body,
            # one id however often the network re-sends it: one webhook-id
            id=stable_event_id(self.tenant_id, "message", message_id),
        )
        return Arrival(
            event,
            message_id,
            peer,
            author,
            datetime.fromtimestamp(message.timestamp_ms / 1000, UTC),
            attachment,
            stored.incoming(self.tenant_id, message, media_id, mode),
            stored.contact_seen(self.tenant_id, message, mode),
        )

    async def _message(self, message: IncomingMessage) -> None:
        """Seen and published in one transaction; if PostgreSQL is away, this raises, the
        network is not told the message arrived, and it sends it again (one the database
        refuses is set aside, and confirmed)."""
        arrival = self._arrival(message, await self.store_mode.get())

        async def first_seen(conn: asyncpg.Connection) -> bool:
            a = arrival
            seen = await self.store.log_incoming(
                conn, self.tenant_id, a.message_id, a.peer, a.at, a.author
            )
            if seen:
                await self._record([a], conn)
            return seen

        async with self.lock:
            if await self.quarantine.publish(arrival.event, first_seen):
                self._arrived([arrival])

    async def _messages(self, messages: tuple[IncomingMessage, ...]) -> None:
        """Messages that waited together: seen and published in one transaction, in a few
        round trips whatever their number. If the database refuses it, each goes on its
        own (which sets aside the one refused); if PostgreSQL is away, this raises and
        none is confirmed."""
        mode = await self.store_mode.get()
        arrivals = [self._arrival(m, mode) for m in messages]

        async def first_seen(conn: asyncpg.Connection) -> list[bool]:
            logged = [(a.message_id, a.peer, a.at, a.author) for a in arrivals]
            new = await self.store.log_incoming_all(conn, self.tenant_id, logged)
            fresh = []
            for a in arrivals:  # a message twice in the batch is new the first time only
                fresh.append(a.message_id in new)
                new.discard(a.message_id)
            await self._record([a for a, f in zip(arrivals, fresh, strict=True) if f], conn)
            return fresh

        async with self.lock:
            try:
                fresh = await self.quarantine.publisher.publish_all(
                    [a.event for a in arrivals], first_seen
                )
            except UNREACHABLE:
                raise
            except Exception:  # whatever the database refused: one by one, below
                pass
            else:
                self._arrived([a for a, f in zip(arrivals, fresh, strict=True) if f])
                return
        for message in messages:
            await self._message(message)

    async def _record(self, arrivals: list[Arrival], conn: asyncpg.Connection) -> None:
        """What new messages bring besides their events, in their transaction (before the
        events: an event never names a missing media row)."""
        for a in arrivals:
            if a.attachment is not None:
                await media_rows.add(conn, a.attachment)
        kept = [a.kept for a in arrivals if a.kept is not None]
        if kept:
            await self.store.store_new(conn, kept)
        seen = [a.writer_seen for a in arrivals if a.writer_seen is not None]
        if seen:
            await self.store.contacts_seen(conn, seen)

    def _arrived(self, arrivals: list[Arrival]) -> None:
        self.metrics.messages_received.inc(len(arrivals))
        for a in arrivals:
            if a.attachment is not None and self.media is not None:
                self.media.arrived(self.tenant_id, a.attachment.id)

    async def _history_batch(self, batch: HistoryBatch) -> None:
        """Stored in one transaction of its own, before the engine confirms it; if
        PostgreSQL is away this raises and nothing is confirmed. Its messages are not
        published: they are old, already read on the phone, and a tenant's bot must not
        answer them. A message that also came live is stored once (the store's key)."""
        opened = self._history.before(batch)
        if opened is not None:
            await self._publish(opened)
        mode = await self.store_mode.get()
        rows = [stored.from_history(self.tenant_id, m, mode) for m in batch.messages]
        kept = [row for row in rows if row is not None]
        added = await self.store.store_messages(kept) if kept else 0
        course = self._history.after(batch, added)
        if course is not None:
            await self._publish(course)

    async def _action(self, source: StoredAction, action: IncomingAction) -> None:
        """A reaction, edit, revoke or vote: a message of its own at WhatsApp, so it is
        logged and published in one transaction, once however often it arrives; the
        message it names changes in the store in that transaction too."""
        mode = await self.store_mode.get()
        change = stored.incoming_action(self.tenant_id, source, action.chosen, mode)

        async def store_it(conn: asyncpg.Connection) -> bool:
            if change is not None:
                await self.store.store_change(conn, change)
            return True

        if not action.message_id:  # nothing to de-duplicate on
            await self.emit(action.event, store_it if change is not None else None)
            return
        at = datetime.fromtimestamp(action.timestamp_ms / 1000, UTC)

        async def first_seen(conn: asyncpg.Connection) -> bool:
            seen = await self.store.log_incoming_action(
                conn, self.tenant_id, action.message_id, action.peer, at
            )
            return seen and await store_it(conn)

        async with self.lock:
            await self.quarantine.publish(action.event, first_seen)

    async def _receipt(self, receipt: Receipt) -> None:
        """Published with the message's status history in the store."""
        event = public_events.event(self.tenant_id, receipt_body(receipt))
        if await self.store_mode.get() == "off":
            await self.emit(event, None)
            return
        change = Receipted(self.tenant_id, receipt.message_id, receipt.status, self.clock.now())
        await self.emit(event, receipted(change))

    async def _publish(self, body: Body) -> None:
        await self.emit(public_events.event(self.tenant_id, body), None)

    async def _group_update(self, update: GroupUpdate) -> None:
        """Published; a new subject names the group's chat, in the same transaction."""
        mode = await self.store_mode.get()
        named = stored.group_named(self.tenant_id, update.group_id, update.subject, mode)
        event = public_events.event(self.tenant_id, group_update_body(update))
        if named is None:
            await self.emit(event, None)
            return

        async def name_it(conn: asyncpg.Connection) -> bool:
            await self.store.group_named(conn, named)
            return True

        await self.emit(event, name_it)
