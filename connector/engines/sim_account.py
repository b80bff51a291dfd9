"""The sim engine's calls, privacy settings and blocklist: the frames it sends for
them (a call_reject; query frames for the settings and the blocklist), and the engine
event it makes of a `call` frame (simnet/protocol.py)."""

from __future__ import annotations

from typing import Any

from connector.engine import CallChanged
from connector.privacy import settings_of
from simnet import protocol as p
from wagate.bus.privacy import WHATSAPP_NAMES
from wagate.bus.replies import PrivacySettings

_TIMEOUT_S = 30.0


class SimAccount:
    """Mixed into SimEngine, which provides the connection."""

    async def _request(self, frame: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        raise NotImplementedError

    async def _query(self, kind: str, **fields: Any) -> dict[str, Any]:
        raise NotImplementedError

    async def reject_call(self, caller: str, call_id: str) -> None:
        await self._request({"op": p.CALL_REJECT, "id": call_id, "from": caller}, _TIMEOUT_S)

    async def privacy(self) -> PrivacySettings:
        return settings_of((await self._query("privacy"))["privacy"])

    async def set_privacy(self, setting: str, value: str) -> PrivacySettings:
        name = WHATSAPP_NAMES[setting]
        return settings_of((await self._query("set_privacy", name=name, value=value))["privacy"])

    async def blocklist(self) -> list[str]:
        return list((await self._query("blocklist"))["blocked"])

    async def update_blocklist(self, phone: str, block: bool) -> list[str]:
        return list((await self._query("update_blocklist", phone=phone, block=block))["blocked"])

    @staticmethod
    def call_changed(frame: dict[str, Any]) -> CallChanged:
        """A terminate for a call nobody answered (reason timeout) is a missed call."""
        status = str(frame["status"])
        if status == "terminate" and frame.get("reason") == "timeout":
            status = "missed"
        group = str(frame.get("group") or "")
        return CallChanged(
            call_id=str(frame["id"]),
            caller=str(frame["from"]),
            status=status,
            video=bool(frame.get("video")),
            timestamp_ms=int(frame["timestamp"]),
            caller_lid=str(frame.get("from_lid", "")),
            group_id=group,
            group=bool(group),
        )
