"""One tenant's WhatsApp session: an explicit state machine around one engine connection.

Every transition is persisted (PostgreSQL) and published (the tenant's event stream) in
the order it happened. Engine events from a connection that has since been replaced are
ignored (each connection gets a generation number), so a late "disconnected" from an old
socket can never tear down the new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from connector.engine import (
    Connected,
    Disconnected,
    DisconnectReason,
    Engine,
    EngineError,
    EngineEvent,
    EngineFactory,
    IncomingMessage,
    LoggedOut,
    Paired,
    PairingExpired,
    QrCode,
    Receipt,
)
from connector.events import EventPublisher
from connector.metrics import ConnectorMetrics
from connector.reconnect import Backoff
from connector.store import Store, StoredSession
from wagate.bus import Event, EventType

log = logging.getLogger(__name__)


class SessionState(StrEnum):
    STOPPED = "stopped"
    STARTING = "starting"
    QR = "qr"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    LOGGED_OUT = "logged_out"
    FAILED = "failed"


RUNNING = frozenset(
    {SessionState.STARTING, SessionState.QR, SessionState.CONNECTED, SessionState.RECONNECTING}
)
# states in which `initialize` has an answer for the caller (a QR to show, or done)
SETTLED = frozenset(SessionState) - {SessionState.STARTING}

_EVENT_FOR_STATE = {
    SessionState.QR: EventType.QR,
    SessionState.CONNECTED: EventType.CONNECTED,
    SessionState.RECONNECTING: EventType.DISCONNECTED,
    SessionState.LOGGED_OUT: EventType.LOGOUT,
}


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(ts: datetime | None) -> str | None:
    return None if ts is None else ts.isoformat().replace("+00:00", "Z")


class Session:
    def __init__(
        self,
        company_id: str,
        *,
        engine_name: str,
        engine_factory: EngineFactory,
        store: Store,
        publisher: EventPublisher,
        metrics: ConnectorMetrics,
        backoff: Backoff,
        max_reconnect_attempts: int = 0,
        stored: StoredSession | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.company_id = company_id
        self._engine_name = engine_name
        self._engine_factory = engine_factory
        self._store = store
        self._publisher = publisher
        self._metrics = metrics
        self._backoff = backoff
        self._max_reconnect_attempts = max_reconnect_attempts
        self._clock = clock

        self.state = SessionState(stored.state) if stored else SessionState.STOPPED
        self.reason: str | None = stored.reason if stored else None
        self.changed_at: datetime = stored.state_changed_at if stored else clock()
        self.phone: str | None = stored.phone if stored else None
        self.reconnect_attempts = stored.reconnect_attempts if stored else 0
        self.qr: str | None = None
        self.last_health: dict[str, Any] | None = None

        self._engine: Engine | None = None
        self._generation = 0
        self._reconnect_task: asyncio.Task[None] | None = None
        self._emit_lock = asyncio.Lock()
        self._changed = asyncio.Condition()

    # ---- commands ---------------------------------------------------------------------

    async def start(self) -> None:
        """Start a connection unless one is already running (idempotent)."""
        if self.state in RUNNING:
            return
        self.reconnect_attempts = 0
        await self._transition(SessionState.STARTING, None)
        await self._connect()

    async def wait_settled(self, timeout_s: float) -> None:
        """Wait until the session has something to tell `initialize` (a QR, or a result)."""
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: self.state in SETTLED), timeout_s
                )

    async def send_text(self, to: str, text: str) -> dict[str, Any]:
        engine = self._engine
        if self.state is not SessionState.CONNECTED or engine is None:
            raise EngineError(
                "session_not_connected", f"the session is {self.state.value}, not connected"
            )
        sent = await engine.send_text(to, text)
        self._metrics.messages_sent.inc()
        return {"messageId": sent.message_id, "timestampMs": sent.timestamp_ms}

    async def check_health(self, timeout_s: float) -> dict[str, Any]:
        """A round trip through the engine, not just a flag."""
        checked_at = self._clock()
        engine = self._engine
        result: dict[str, Any] = {"healthy": False, "checkedAt": _iso(checked_at)}
        if self.state is not SessionState.CONNECTED or engine is None:
            result["reason"] = f"session is {self.state.value}"
        else:
            try:
                latency = await engine.ping(timeout_s)
            except EngineError as e:
                result["reason"] = e.message
                self._metrics.errors.labels("health_check").inc()
            else:
                result.update(healthy=True, latencyMs=round(latency * 1000, 2))
        self.last_health = result
        return result

    async def stop(self, reason: str) -> None:
        """Close the connection without logging out; credentials stay for a later start."""
        self._cancel_reconnect()
        await self._drop_engine()
        if self.state in RUNNING:
            await self._transition(SessionState.STOPPED, reason)

    def snapshot(self) -> dict[str, Any]:
        return {
            "companyId": self.company_id,
            "status": self.state.value,
            "connected": self.state is SessionState.CONNECTED,
            "phone": self.phone,
            "reason": self.reason,
            "since": _iso(self.changed_at),
            "reconnectAttempts": self.reconnect_attempts,
            "qr": self.qr if self.state is SessionState.QR else None,
            "engine": self._engine_name,
        }

    # ---- engine events ----------------------------------------------------------------

    async def _connect(self) -> None:
        await self._drop_engine()
        self._generation += 1
        generation = self._generation

        async def sink(event: EngineEvent) -> None:
            if generation == self._generation:
                await self._on_event(event)

        engine = self._engine_factory(self.company_id, sink)
        self._engine = engine
        credentials = await self._store.load_credentials(self.company_id)
        await engine.start(credentials)

    async def _on_event(self, event: EngineEvent) -> None:
        match event:
            case QrCode(code):
                self.qr = code
                await self._transition(SessionState.QR, None, {"qr": code}, force=True)
            case Paired(phone, credentials):
                await self._store.save_credentials(self.company_id, self._engine_name, credentials)
                self.phone = phone
            case Connected(phone):
                self.phone = phone
                self.qr = None
                self.reconnect_attempts = 0
                await self._transition(SessionState.CONNECTED, None, {"phone": phone})
            case PairingExpired():
                self.qr = None
                await self._drop_engine()
                await self._transition(SessionState.STOPPED, "qr_expired")
            case LoggedOut(reason):
                await self._store.wipe_credentials(self.company_id)
                await self._drop_engine()
                self.phone = None
                await self._transition(SessionState.LOGGED_OUT, reason)
            case Disconnected(DisconnectReason.REPLACED, detail):
                await self._drop_engine()
                await self._transition(
                    SessionState.FAILED, DisconnectReason.REPLACED.value, {"detail": detail}
                )
            case Disconnected(reason, detail):
                self._metrics.errors.labels(reason.value).inc()
                self._schedule_reconnect(reason.value, detail)
            case IncomingMessage(message_id, sender, text, timestamp_ms):
                at = datetime.fromtimestamp(timestamp_ms / 1000, UTC)
                if await self._store.log_incoming(self.company_id, message_id, sender, at):
                    await self._publish(
                        EventType.MESSAGE,
                        {
                            "messageId": message_id,
                            "from": sender,
                            "text": text,
                            "timestamp": timestamp_ms,
                        },
                    )
                    self._metrics.messages_received.inc()
            case Receipt(message_id, peer, status):
                await self._publish(
                    EventType.RECEIPT, {"messageId": message_id, "to": peer, "status": status}
                )

    def _schedule_reconnect(self, reason: str, detail: str) -> None:
        if self._reconnect_task is not None and not self._reconnect_task.done():
            return
        self._reconnect_task = asyncio.create_task(
            self._reconnect(reason, detail), name=f"reconnect-{self.company_id}"
        )

    async def _reconnect(self, reason: str, detail: str) -> None:
        await self._drop_engine()
        if self.state is not SessionState.RECONNECTING:
            await self._transition(SessionState.RECONNECTING, reason, {"detail": detail})
        if self._max_reconnect_attempts and self.reconnect_attempts >= self._max_reconnect_attempts:
            await self._transition(
                SessionState.FAILED, "reconnect_failed", event_type=EventType.RECONNECT_FAILED
            )
            return
        self.reconnect_attempts += 1
        delay = self._backoff.delay(self.reconnect_attempts)
        self._metrics.reconnects.inc()
        await self._publish(
            EventType.RECONNECTING,
            {
                "attempt": self.reconnect_attempts,
                "delaySeconds": round(delay, 3),
                "reason": reason,
            },
        )
        await asyncio.sleep(delay)
        self._reconnect_task = None  # the next drop schedules a fresh task
        await self._connect()

    def _cancel_reconnect(self) -> None:
        task, self._reconnect_task = self._reconnect_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def _drop_engine(self) -> None:
        engine, self._engine = self._engine, None
        self._generation += 1
        if engine is not None:
            await engine.stop()

    # ---- transitions ------------------------------------------------------------------

    async def _transition(
        self,
        state: SessionState,
        reason: str | None,
        extra: dict[str, Any] | None = None,
        *,
        force: bool = False,
        event_type: EventType | None = None,
    ) -> None:
        previous = self.state
        if previous is state and not force:
            return
        self.state, self.reason, self.changed_at = state, reason, self._clock()
        if previous is not state:
            log.info("session %s: %s -> %s (%s)", self.company_id, previous, state, reason or "-")
        snapshot = (self.state, self.reason, self.changed_at, self.phone, self.reconnect_attempts)
        async with self._changed:
            self._changed.notify_all()
        data = {"state": state.value, "previous": previous.value, "reason": reason, **(extra or {})}
        async with self._emit_lock:
            await self._store.save_state(self.company_id, snapshot[0].value, *snapshot[1:])
            await self._publisher.publish(
                Event(
                    event_type or _EVENT_FOR_STATE.get(state, EventType.STATE),
                    self.company_id,
                    data,
                )
            )

    async def _publish(self, event_type: EventType, data: dict[str, Any]) -> None:
        async with self._emit_lock:
            await self._publisher.publish(Event(event_type, self.company_id, data))
