"""The engines a connector runs sessions on, each made when a session first needs it.

Which engine a session uses is fixed when it is created: the tenant's own choice
(`tenants.engine`) or else WAGATE_ENGINE. The whatsmeow engine runs its sessions in
engine host processes (Go, connector/enginehost/), which it starts and supervises; the
connector itself never loads whatsmeow.
"""

from __future__ import annotations

import asyncio

from connector.engine import ENGINE_UNAVAILABLE, EngineError, EngineKind
from connector.engines.host import HostEngineKind
from connector.engines.sim import SimEngineKind
from wagate.config import ConnectorSettings


class InstalledEngines:
    """The registry of engine kinds this connector can run, by name. (An `Engine` is one
    session's link to WhatsApp; an `EngineKind` makes the engines of one kind for every
    session; this holds the kinds, each made on first use.)"""

    def __init__(self, settings: ConnectorSettings) -> None:
        self._settings = settings
        self._kinds: dict[str, EngineKind] = {}
        self._whatsmeow: HostEngineKind | None = None  # also in _kinds, once made
        self._lock = asyncio.Lock()

    @property
    def default(self) -> str:
        return self._settings.engine

    def whatsmeow_sessions(self) -> int:
        return self._whatsmeow.sessions if self._whatsmeow is not None else 0

    def engine_hosts(self) -> int:
        return self._whatsmeow.hosts if self._whatsmeow is not None else 0

    def engine_host_deaths(self) -> int:
        return self._whatsmeow.deaths if self._whatsmeow is not None else 0

    async def get(self, name: str) -> EngineKind:
        async with self._lock:
            kind = self._kinds.get(name)
            if kind is None:
                kind = self._kinds[name] = await self._make(name)
            return kind

    async def _make(self, name: str) -> EngineKind:
        settings = self._settings
        if name == "sim":
            return SimEngineKind(settings.sim_url)
        if name == "whatsmeow":
            whatsmeow = HostEngineKind.from_settings(settings)
            self._whatsmeow = whatsmeow
            return whatsmeow
        raise EngineError(ENGINE_UNAVAILABLE, f"no engine named {name!r}")

    async def close(self) -> None:
        """After every session stopped: release each engine's threads and pools."""
        for kind in self._kinds.values():
            await kind.close()
        self._kinds.clear()
        self._whatsmeow = None
