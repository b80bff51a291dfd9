"""What the connector does with each bus command, answered as a Reply: a typed result or
a stable error code. HTTP statuses are the gateway's business (wagate/errors.py)."""

from __future__ import annotations

import heapq
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from connector import account_commands, channel_commands, group_commands
from connector.engine import EngineError, Quote
from connector.health import HealthMonitor
from connector.media.incoming import MediaInbox
from connector.media.sending import MediaSending
from connector.message_sending import MessageSending
from connector.messaging_commands import MessagingCommands
from connector.metrics import ConnectorMetrics
from connector.pool import SessionPool
from connector.profile_commands import ProfileCommands
from connector.session import RUNNING, Content, Session
from wagate import bus
from wagate.blobs import BlobUnavailable
from wagate.bus import Command, CommandScope, CommandType, Reply
from wagate.db import OUTAGE_ERRORS
from wagate.timestamps import iso_utc

log = logging.getLogger(__name__)

Handler = Callable[[Command], Awaitable[Reply]]


def _not_found(tenant_id: str) -> Reply:
    return Reply.failure("session_not_found", f"no session for company {tenant_id}")


class CommandHandler:
    def __init__(
        self,
        pool: SessionPool,
        metrics: ConnectorMetrics,
        health: HealthMonitor,
        initialize_wait_s: float,
        media_sending: MediaSending | None = None,
        media_inbox: MediaInbox | None = None,
    ) -> None:
        self._media_sending = media_sending
        self._media_inbox = media_inbox
        self._pool = pool
        self._metrics = metrics
        self._health = health
        self._initialize_wait_s = initialize_wait_s
        self._routes: dict[CommandType, Handler] = {
            CommandType.INITIALIZE: self._initialize,
            CommandType.SEND_MESSAGE: self.with_session(MessageSending(self, media_sending).answer),
            CommandType.STATUS: self.with_session(self._status),
            CommandType.HEALTH: self.with_session(self._check_health),
            CommandType.LIST: self._list,
            CommandType.METRICS: self._metrics_snapshot,
            CommandType.LOGOUT: self._logout,
            CommandType.RESTART: self._restart,
            CommandType.DELETE: self._delete,
            CommandType.PAIRING_CODE: self._pairing_code,
            CommandType.STOP: self._stop,
            CommandType.FETCH_MEDIA: self._fetch_media,
            # read marks and presence (connector/messaging_commands.py)
            **{kind: self.with_session(a) for kind, a in MessagingCommands(self).answers().items()},
            # number checks, contacts, groups (connector/group_commands.py)
            **{kind: self.with_session(answer) for kind, answer in group_commands.ANSWERS.items()},
            # calls, privacy, the blocklist (connector/account_commands.py)
            **{kind: self.with_session(a) for kind, a in account_commands.ANSWERS.items()},
            # channels (connector/channel_commands.py)
            **{kind: self.with_session(a) for kind, a in channel_commands.ANSWERS.items()},
            # the account's profile, a business's (connector/profile_commands.py)
            **{
                kind: self.with_session(a)
                for kind, a in ProfileCommands(media_sending).answers().items()
            },
        }

    async def handle(self, command: Command) -> Reply:
        route = self._routes.get(command.type)
        if route is None:
            return Reply.failure("unknown_command", f"unknown command {command.type}")
        try:
            return await route(command)
        except EngineError as e:
            return Reply.failure(e.code, e.message, e.retry_after_s)
        except BlobUnavailable as e:  # S3 or the media directory failing: say so, retry
            log.warning("command %s (%s): blob store unavailable: %s", command.id, command.type, e)
            return Reply.failure("blob_store_unavailable", "the media store is unreachable")
        except OUTAGE_ERRORS as e:  # PostgreSQL away: say so, as the gateway does
            log.warning("command %s (%s): PostgreSQL unreachable: %r", command.id, command.type, e)
            return Reply.failure("database_unavailable", "the database is unreachable")
        except Exception:
            log.exception("command %s (%s) failed", command.id, command.type)
            self._metrics.errors.labels("command").inc()
            return Reply.failure("internal_error", "the connector failed to run the command")

    def with_session(self, answer: Callable[[Command, Session], Awaitable[Any]]) -> Handler:
        async def route(command: Command) -> Reply:
            session = self._pool.get(command.tenant)
            if session is None:
                return _not_found(command.tenant)
            await self._pool.hurry(command.tenant)  # still queued for restore: now
            return Reply.success(await answer(command, session))

        return route

    async def _status(self, command: Command, session: Session) -> bus.SessionView:
        return session.snapshot()

    async def _list(self, command: Command) -> Reply:
        # every session for an operator's command (said so, never inferred from a missing
        # tenant); a tenant's own session only for a tenant's
        everyone = command.scope is CommandScope.OPERATOR
        asked = command.body()
        assert isinstance(asked, bus.ListSessions)
        found = (
            s
            for s in self._pool
            if (everyone or s.tenant_id == command.tenant) and asked.lists(s.tenant_id, s.state)
        )
        # a page of 10,000 sessions: the page's own, not a sort of them all
        listed = (
            sorted(found, key=_tenant_of)
            if asked.limit is None
            else heapq.nsmallest(asked.limit + 1, found, key=_tenant_of)
        )
        return Reply.success(bus.SessionList([s.snapshot() for s in listed]))

    async def _metrics_snapshot(self, command: Command) -> Reply:
        return Reply.success(
            bus.MetricsView(self._metrics.summary(), self._metrics.prometheus_text())
        )

    async def _initialize(self, command: Command) -> Reply:
        session = await self._pool.initialize(command.tenant)
        await session.wait_settled(self._initialize_wait_s)
        return Reply.success(session.snapshot())

    async def _check_health(self, command: Command, session: Session) -> bus.SessionHealth:
        # the monitor's last check, if recent; otherwise (just connected, or the monitor
        # is behind) a check now
        report = session.health_report(max_age_s=2 * self._health.interval_s)
        if report is None:
            report = await session.check_health(self._health.timeout_s)
        return bus.SessionHealth(session.snapshot(), report)

    async def _fetch_media(self, command: Command) -> Reply:
        payload = command.body()
        assert isinstance(payload, bus.FetchMedia)
        if self._media_inbox is None:
            return Reply.failure("media_not_stored", "this connector keeps no media")
        return Reply.success(await self._media_inbox.fetch(command.tenant, payload.media_id))

    async def send_message(
        self,
        command: Command,
        session: Session,
        chat: str,
        content: Content,
        quoted_id: str | None = None,
        target: Quote | None = None,
    ) -> bus.Sent:
        """Every send command's handler ends here: one message, sent once per command
        (see Session.send), timed and answered the same way whatever its kind."""
        started = time.perf_counter()
        sent = await session.send(command.id, chat, content, quoted_id, target)
        self._metrics.send_latency.observe(time.perf_counter() - started)
        return bus.Sent(sent.message_id, iso_utc(sent.sent_at))

    async def _logout(self, command: Command) -> Reply:
        session = await self._pool.logout(command.tenant)
        if session is None:
            return _not_found(command.tenant)
        return Reply.success(session.snapshot())

    async def _restart(self, command: Command) -> Reply:
        session = await self._pool.restart(command.tenant)
        if session is None:
            return _not_found(command.tenant)
        await session.wait_settled(self._initialize_wait_s)
        return Reply.success(session.snapshot())

    async def _stop(self, command: Command) -> Reply:
        payload = command.body()
        assert isinstance(payload, bus.Stop)
        session = await self._pool.stop(command.tenant, payload.reason)
        return Reply.success(bus.Stopped(session is not None))

    async def _delete(self, command: Command) -> Reply:
        payload = command.body()
        assert isinstance(payload, bus.Delete)
        deleted = await self._pool.delete(command.tenant, keep_device=bool(payload.keep_device))
        return Reply.success(bus.Deleted(deleted))

    async def _pairing_code(self, command: Command) -> Reply:
        payload = command.body()
        assert isinstance(payload, bus.PairingCode)
        existing = self._pool.get(command.tenant)
        was_running = existing is not None and existing.state in RUNNING
        session = await self._pool.initialize(command.tenant)
        await session.wait_settled(self._initialize_wait_s)
        try:
            code = await session.request_pairing_code(payload.phone)
        except EngineError:
            if not was_running:  # started only for this code: leave nothing running
                await self._pool.stop(command.tenant, "pairing_failed")
            raise
        return Reply.success(bus.PairingCodeIssued(session.snapshot(), code))


def _tenant_of(session: Session) -> str:
    return session.tenant_id
