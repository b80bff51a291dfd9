"""The sim engine's profile calls: the account's push name, about and picture, and a
business's profile, each one query frame (simnet/profiles.py answers them)."""

from __future__ import annotations

import base64
from typing import Any

from wagate.bus import BusinessHours, BusinessProfile


class SimProfile:
    async def _query(self, kind: str, **fields: Any) -> dict[str, Any]:
        raise NotImplementedError

    async def set_push_name(self, name: str) -> None:
        await self._query("set_push_name", name=name)

    async def set_about(self, about: str) -> None:
        await self._query("set_about", about=about)

    async def set_profile_picture(self, jpeg: bytes | None) -> None:
        # as WhatsApp's picture call carries them: the bytes in the request itself
        data = base64.b64encode(jpeg).decode() if jpeg is not None else None
        await self._query("set_picture", data=data)

    async def business_profile(self, phone: str) -> BusinessProfile:
        found = await self._query("business_profile", phone=phone)
        return BusinessProfile(
            phone=str(found["phone"]),
            address=str(found.get("address", "")),
            email=str(found.get("email", "")),
            categories=[str(c) for c in found.get("categories", [])],
            hours_time_zone=str(found.get("hours_time_zone", "")),
            hours=[
                BusinessHours(
                    str(h["day_of_week"]),
                    str(h["mode"]),
                    str(h.get("open_time", "")),
                    str(h.get("close_time", "")),
                )
                for h in found.get("hours", [])
            ],
        )
