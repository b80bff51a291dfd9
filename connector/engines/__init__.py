"""The engines a connector runs sessions on, each made when a session first needs it.

Which engine a session uses is fixed when it is created: the tenant's own choice
(`tenants.engine`) or else WAGATE_ENGINE. The whatsmeow engine loads a Go library and
opens its own database pool, so a connector whose tenants all use the sim never loads it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from connector.engine import ENGINE_UNAVAILABLE, EngineError, EngineKind
from connector.engines.sim import SimEngineKind
from wagate.config import Settings

if TYPE_CHECKING:  # importing it loads the Go library: only when a session needs it
    from connector.engines.whatsmeow.engine import WhatsmeowEngineKind


class EngineKinds:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._kinds: dict[str, EngineKind] = {}
        self._whatsmeow: WhatsmeowEngineKind | None = None  # also in _kinds, once made
        self._lock = asyncio.Lock()

    @property
    def default(self) -> str:
        return self._settings.engine

    def whatsmeow_threads_busy(self) -> int:
        return self._whatsmeow.threads.live if self._whatsmeow is not None else 0

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
            try:
                from connector.engines.whatsmeow.engine import WhatsmeowEngineKind
            except ImportError as e:
                raise EngineError(
                    ENGINE_UNAVAILABLE,
                    f"the whatsmeow engine is not installed here ({e}); "
                    "install wagate with its `whatsmeow` extra",
                ) from None
            whatsmeow = WhatsmeowEngineKind(
                settings.database_url, settings.whatsmeow_schema, settings.whatsmeow_max_sessions
            )
            await whatsmeow.open()
            self._whatsmeow = whatsmeow
            return whatsmeow
        raise EngineError(ENGINE_UNAVAILABLE, f"no engine named {name!r}")

    async def close(self) -> None:
        """After every session stopped: release each engine's threads and pools."""
        for kind in self._kinds.values():
            await kind.close()
        self._kinds.clear()
        self._whatsmeow = None
