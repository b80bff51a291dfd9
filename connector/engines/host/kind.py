"""The whatsmeow engine: its sessions run in engine host processes (Go, whatsmeow as a
library; docs/engine-host.md). This makes each session's engine, places it on a host,
and holds the hosts."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import asyncpg

from connector.engine import EventSink
from connector.engines.host.client import HostConnection
from connector.engines.host.engine import HostEngine
from connector.engines.host.process import HostPool, HostProcess, HostSettings
from connector.engines.host.store import ensure_schema, host_database_url
from wagate.config import ConnectorSettings
from wagate.ids import random_hex

log = logging.getLogger(__name__)

# whatsmeow's own wait for each query a send makes before it (the recipient's LID, its
# devices, their prekeys): 75 s each, not changed by the send's timeout
_LOOKUPS_S = 3 * 75.0
# an attachment's upload before it (a 100 MB file at under 3 Mbit/s)
_UPLOAD_S = 300.0
_SEND_MARGIN_S = 30.0


def host_binary(configured: str) -> str:
    """WAGATE_ENGINE_HOST_BINARY, else the one `make install` put beside Python."""
    return configured or str(Path(sys.executable).parent / "wagate-engine-host")


class HostEngineKind:
    name = "whatsmeow"

    def __init__(
        self,
        settings: HostSettings,
        *,
        database_url: str,
        schema: str,
        send_timeout_s: float = 75.0,
        mailbox_limit: int = 256,
        start_wait_s: float = 15.0,
    ) -> None:
        self.pool = HostPool(settings)
        self.mailbox_limit = mailbox_limit
        self.start_wait_s = start_wait_s
        self.media_reuploads = 0
        self.unavailable = ""  # why the last session found no host running
        # whatsmeow's wait for the ack; the host bounds the whole send (upload, lookups,
        # ack) by send_bound_s and the connector waits longer than that, so the host's
        # answer always comes while the connector waits: a send is never recorded as
        # failed while it may still go out, nor sent and left unrecorded
        self.send_timeout_s = send_timeout_s
        self.send_bound_s = send_timeout_s + _LOOKUPS_S + _UPLOAD_S
        self.send_deadline_s = self.send_bound_s + _SEND_MARGIN_S
        self._database_url, self._schema = database_url, schema
        self._schema_ready = False
        self._schema_lock = asyncio.Lock()
        self._hosts_of: dict[str, HostProcess] = {}

    @classmethod
    def from_settings(cls, settings: ConnectorSettings) -> HostEngineKind:
        hosts = HostSettings(
            binary=host_binary(settings.engine_host_binary),
            database_url=host_database_url(settings.database_url, settings.whatsmeow_schema),
            db_max_conns=settings.engine_host_db_conns,
            sessions_per_host=settings.engine_host_sessions,
            session_in_flight=settings.engine_session_in_flight,
        )
        return cls(
            hosts,
            database_url=settings.database_url,
            schema=settings.whatsmeow_schema,
            send_timeout_s=settings.engine_send_timeout_s,
        )

    def create(self, tenant_id: str, on_event: EventSink) -> HostEngine:
        return HostEngine(tenant_id, on_event, self)

    def new_message_id(self) -> str:
        return "3EB0" + random_hex(9).upper()  # whatsmeow's GenerateMessageID shape

    async def place(self, session: str) -> HostConnection | None:
        """Put a session on a host with room (starting one if none has) and wait for that
        host to be up; None when it is not (the session then reports a failed connect)."""
        if not await self._ensure_schema():
            return None
        host = self._hosts_of[session] = self.pool.place(session)
        connection = await host.ready(self.start_wait_s)
        if connection is None:
            self.unavailable = host.last_error or "the engine host did not start in time"
        return connection

    async def _ensure_schema(self) -> bool:
        # one at a time: concurrent CREATE SCHEMA IF NOT EXISTS collide in PostgreSQL
        async with self._schema_lock:
            if not self._schema_ready:
                try:
                    await ensure_schema(self._database_url, self._schema)
                except (OSError, asyncpg.PostgresError) as e:
                    log.warning("whatsmeow's schema could not be made: %s", e)
                    return False
                self._schema_ready = True
        return True

    def release(self, session: str) -> None:
        host = self._hosts_of.pop(session, None)
        if host is not None:
            host.sessions.discard(session)

    def media_dir(self, session: str) -> Path:
        return self._hosts_of[session].media_dir

    @property
    def sessions(self) -> int:
        return self.pool.sessions

    @property
    def hosts(self) -> int:
        return len(self.pool.hosts)

    @property
    def deaths(self) -> int:
        return self.pool.deaths

    async def close(self) -> None:
        """Every host ends (its sessions were stopped first)."""
        await self.pool.close()
        self._hosts_of.clear()
