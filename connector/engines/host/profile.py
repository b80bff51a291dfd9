"""The account's own profile (push name, about, picture) and a business's, on an engine
host: one request each (internal/wa/profile.go). A picture crosses as a file in the
host's directory, as media does (frames never carry bytes), deleted once answered."""

from __future__ import annotations

from pathlib import Path

from connector.engine import EngineError
from connector.engines.host import media
from connector.engines.host.errors import GROUP_CALL_FAILED
from connector.engines.host.jids import to_jid
from connector.engines.host.messages import (
    BusinessProfileRequest,
    Reply,
    Request,
    SetAbout,
    SetPicture,
    SetPushName,
)
from wagate.bus import BusinessHours, BusinessProfile

# whatsmeow's own wait for an answer (75 s), and some margin past it
PROFILE_DEADLINE_S = 75.0 + 15.0


class HostProfile:
    session: str

    async def _call(self, request: Request, deadline_s: float, fallback: str = "") -> Reply:
        raise NotImplementedError

    def _files(self) -> Path:
        """The host's directory for this session's files."""
        raise NotImplementedError

    async def set_push_name(self, name: str) -> None:
        await self._call(SetPushName(session=self.session, name=name), PROFILE_DEADLINE_S)

    async def set_about(self, about: str) -> None:
        await self._call(SetAbout(session=self.session, about=about), PROFILE_DEADLINE_S)

    async def set_profile_picture(self, jpeg: bytes | None) -> None:
        if jpeg is None:
            await self._call(SetPicture(session=self.session), PROFILE_DEADLINE_S)
            return
        path = media.new_path(self._files())
        try:
            path.write_bytes(jpeg)
            await self._call(SetPicture(session=self.session, path=str(path)), PROFILE_DEADLINE_S)
        finally:
            path.unlink(missing_ok=True)

    async def business_profile(self, phone: str) -> BusinessProfile:
        request = BusinessProfileRequest(session=self.session, jid=to_jid(phone))
        found = (await self._call(request, PROFILE_DEADLINE_S, GROUP_CALL_FAILED)).business
        if found is None:
            raise EngineError(GROUP_CALL_FAILED, "the engine host answered no business profile")
        return BusinessProfile(
            phone=phone,
            address=found.address,
            email=found.email,
            categories=found.categories,
            hours_time_zone=found.hours_time_zone,
            hours=[
                BusinessHours(h.day_of_week, h.mode, h.open_time, h.close_time) for h in found.hours
            ],
        )
