"""What the connector does with each bus command, answered as a Reply."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from connector.engine import EngineError
from connector.metrics import ConnectorMetrics
from connector.pool import SessionPool
from connector.session import Session
from connector.store import Store
from wagate.bus import Command, CommandType, Reply

log = logging.getLogger(__name__)

_HEALTH_TIMEOUT_S = 5.0

# Engine error codes a tenant can act on, with the HTTP status the gateway should return.
_ENGINE_ERROR_STATUS = {
    "session_not_connected": 409,
    "not_connected": 409,
    "not_on_whatsapp": 422,
    "engine_timeout": 504,
}


def _iso_ms(ms: int) -> str:
    return (
        datetime.fromtimestamp(ms / 1000, UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def _not_found(company_id: str | None) -> Reply:
    return Reply.failure(404, "session_not_found", f"no session for company {company_id}")


class CommandHandler:
    def __init__(
        self, pool: SessionPool, store: Store, metrics: ConnectorMetrics, initialize_wait_s: float
    ) -> None:
        self._pool = pool
        self._store = store
        self._metrics = metrics
        self._initialize_wait_s = initialize_wait_s

    async def handle(self, command: Command) -> Reply:
        try:
            match command.type:
                case CommandType.INITIALIZE:
                    return await self._initialize(command)
                case CommandType.SEND:
                    return await self._send(command)
                case CommandType.STATUS:
                    return self._with_session(command, lambda s: Reply(True, data=s.snapshot()))
                case CommandType.LIST:
                    # a tenant's command names its company: it lists only its own session
                    wanted = command.company_id
                    return Reply(
                        True,
                        data={
                            "sessions": [
                                s.snapshot() for s in self._pool if wanted in (None, s.company_id)
                            ]
                        },
                    )
                case CommandType.METRICS:
                    return Reply(
                        True,
                        data={
                            "summary": self._metrics.summary(),
                            "prometheus": self._metrics.prometheus_text(),
                        },
                    )
                case CommandType.HEALTH:
                    return await self._health(command)
        except Exception:
            log.exception("command %s (%s) failed", command.id, command.type)
            self._metrics.errors.labels("command").inc()
            return Reply.failure(500, "internal_error", "the connector failed to run the command")
        return Reply.failure(400, "unknown_command", f"unknown command {command.type}")

    def _with_session(self, command: Command, answer: Callable[[Session], Reply]) -> Reply:
        session = self._pool.get(command.company_id or "")
        return _not_found(command.company_id) if session is None else answer(session)

    async def _initialize(self, command: Command) -> Reply:
        assert command.company_id
        session = await self._pool.initialize(command.company_id)
        await session.wait_settled(self._initialize_wait_s)
        return Reply(True, data=session.snapshot())

    async def _health(self, command: Command) -> Reply:
        session = self._pool.get(command.company_id or "")
        if session is None:
            return _not_found(command.company_id)
        health = await session.check_health(_HEALTH_TIMEOUT_S)
        return Reply(True, data={**session.snapshot(), **health})

    async def _send(self, command: Command) -> Reply:
        session = self._pool.get(command.company_id or "")
        if session is None:
            return _not_found(command.company_id)
        to, text = str(command.payload["phone"]), str(command.payload["message"])
        earlier = await self._store.begin_send(session.company_id, command.id, to)
        if earlier is not None:
            # re-delivered after a crash: answer from the log, never send twice
            if earlier.status == "sent" and earlier.message_id and earlier.sent_at:
                return Reply(
                    True,
                    data={
                        "messageId": earlier.message_id,
                        "timestamp": earlier.sent_at.isoformat(timespec="milliseconds").replace(
                            "+00:00", "Z"
                        ),
                    },
                )
            return Reply.failure(
                409,
                "send_outcome_unknown",
                "this send was interrupted by a connector restart; "
                "check the recipient before retrying",
            )
        started = time.perf_counter()
        try:
            sent = await session.send_text(to, text)
        except EngineError as e:
            await self._store.fail_send(command.id)
            self._metrics.errors.labels("send").inc()
            return Reply.failure(_ENGINE_ERROR_STATUS.get(e.code, 502), e.code, e.message)
        self._metrics.send_latency.observe(time.perf_counter() - started)
        sent_at = datetime.fromtimestamp(sent["timestampMs"] / 1000, UTC)
        await self._store.finish_send(command.id, sent["messageId"], sent_at)
        return Reply(
            True, data={"messageId": sent["messageId"], "timestamp": _iso_ms(sent["timestampMs"])}
        )
