"""What the connector does with each bus command, answered as a Reply."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Awaitable, Callable

from connector.engine import ENGINE_UNAVAILABLE, RATE_OVERLIMIT, EngineError
from connector.health import HealthMonitor
from connector.metrics import ConnectorMetrics
from connector.pool import SessionPool
from connector.session import RUNNING, Session
from wagate.bus import Command, CommandType, Reply
from wagate.db import OUTAGE_ERRORS
from wagate.timestamps import iso_utc

log = logging.getLogger(__name__)

# Engine error codes a tenant can act on, with the HTTP status the gateway should return.
_ENGINE_ERROR_STATUS = {
    "session_not_connected": 409,
    "not_connected": 409,
    "not_pairing": 409,
    "not_on_whatsapp": 422,
    "quoted_message_not_found": 422,
    "phone_not_found": 422,
    RATE_OVERLIMIT: 429,
    "engine_timeout": 504,
    ENGINE_UNAVAILABLE: 503,
}


def _not_found(company_id: str | None) -> Reply:
    return Reply.failure(404, "session_not_found", f"no session for company {company_id}")


def _engine_failure(e: EngineError) -> Reply:
    reply = Reply.failure(_ENGINE_ERROR_STATUS.get(e.code, 502), e.code, e.message)
    if e.retry_after_s is not None:
        return Reply(
            False, reply.status, {"retryAfter": math.ceil(e.retry_after_s)}, reply.code, reply.error
        )
    return reply


class CommandHandler:
    def __init__(
        self,
        pool: SessionPool,
        metrics: ConnectorMetrics,
        health: HealthMonitor,
        initialize_wait_s: float,
    ) -> None:
        self._pool = pool
        self._metrics = metrics
        self._health = health
        self._initialize_wait_s = initialize_wait_s
        self._routes: dict[CommandType, Callable[[Command], Awaitable[Reply]]] = {
            CommandType.INITIALIZE: self._initialize,
            CommandType.SEND: self._with_session(self._send),
            CommandType.STATUS: self._with_session(self._status),
            CommandType.HEALTH: self._with_session(self._check_health),
            CommandType.LIST: self._list,
            CommandType.METRICS: self._metrics_snapshot,
            CommandType.LOGOUT: self._logout,
            CommandType.RESTART: self._restart,
            CommandType.DELETE: self._delete,
            CommandType.PAIRING_CODE: self._pairing_code,
            CommandType.STOP: self._stop,
        }

    async def handle(self, command: Command) -> Reply:
        route = self._routes.get(command.type)
        if route is None:
            return Reply.failure(400, "unknown_command", f"unknown command {command.type}")
        try:
            return await route(command)
        except EngineError as e:
            return _engine_failure(e)
        except OUTAGE_ERRORS as e:  # PostgreSQL away: say so, as the gateway does
            log.warning("command %s (%s): PostgreSQL unreachable: %r", command.id, command.type, e)
            return Reply.failure(503, "database_unavailable", "the database is unreachable")
        except Exception:
            log.exception("command %s (%s) failed", command.id, command.type)
            self._metrics.errors.labels("command").inc()
            return Reply.failure(500, "internal_error", "the connector failed to run the command")

    def _with_session(
        self, answer: Callable[[Command, Session], Awaitable[Reply]]
    ) -> Callable[[Command], Awaitable[Reply]]:
        async def route(command: Command) -> Reply:
            session = self._pool.get(command.company_id or "")
            return (
                _not_found(command.company_id)
                if session is None
                else await answer(command, session)
            )

        return route

    async def _status(self, command: Command, session: Session) -> Reply:
        return Reply(True, data=session.snapshot())

    async def _list(self, command: Command) -> Reply:
        # a tenant's command names its company: it lists only its own session
        wanted = command.company_id
        sessions = [s.snapshot() for s in self._pool if wanted in (None, s.company_id)]
        return Reply(True, data={"sessions": sessions})

    async def _metrics_snapshot(self, command: Command) -> Reply:
        return Reply(
            True,
            data={
                "summary": self._metrics.summary(),
                "prometheus": self._metrics.prometheus_text(),
            },
        )

    async def _initialize(self, command: Command) -> Reply:
        assert command.company_id
        session = await self._pool.initialize(command.company_id)
        await session.wait_settled(self._initialize_wait_s)
        return Reply(True, data=session.snapshot())

    async def _check_health(self, command: Command, session: Session) -> Reply:
        # the monitor's last check, if recent; otherwise (just connected, or the monitor
        # is behind) a check now
        report = session.health_report(max_age_s=2 * self._health.interval_s)
        if report is None:
            report = {**await session.check_health(self._health.timeout_s), "ageSeconds": 0.0}
        return Reply(True, data={**session.snapshot(), **report})

    async def _send(self, command: Command, session: Session) -> Reply:
        started = time.perf_counter()
        to, text = str(command.payload["phone"]), str(command.payload["message"])
        quoted = command.payload.get("quotedMessageId")
        sent = await session.send_text(
            command.id, to, text, str(quoted) if quoted is not None else None
        )
        self._metrics.send_latency.observe(time.perf_counter() - started)
        return Reply(True, data={"messageId": sent.message_id, "timestamp": iso_utc(sent.sent_at)})

    async def _logout(self, command: Command) -> Reply:
        session = await self._pool.logout(command.company_id or "")
        return (
            _not_found(command.company_id)
            if session is None
            else Reply(True, data=session.snapshot())
        )

    async def _restart(self, command: Command) -> Reply:
        session = await self._pool.restart(command.company_id or "")
        if session is None:
            return _not_found(command.company_id)
        await session.wait_settled(self._initialize_wait_s)
        return Reply(True, data=session.snapshot())

    async def _stop(self, command: Command) -> Reply:
        reason = str(command.payload.get("reason") or "stopped")
        session = await self._pool.stop(command.company_id or "", reason)
        return Reply(True, data={"companyId": command.company_id, "stopped": session is not None})

    async def _delete(self, command: Command) -> Reply:
        deleted = await self._pool.delete(command.company_id or "")
        return Reply(True, data={"companyId": command.company_id, "deleted": deleted})

    async def _pairing_code(self, command: Command) -> Reply:
        assert command.company_id
        existing = self._pool.get(command.company_id)
        was_running = existing is not None and existing.state in RUNNING
        session = await self._pool.initialize(command.company_id)
        await session.wait_settled(self._initialize_wait_s)
        try:
            code = await session.request_pairing_code(str(command.payload["phone"]))
        except EngineError:
            if not was_running:  # started only for this code: leave nothing running
                await self._pool.stop(command.company_id, "pairing_failed")
            raise
        return Reply(True, data={**session.snapshot(), "pairingCode": code})
