"""The connector's handlers of the account's own profile (push name, about, picture) and
of a business's profile: each asks the tenant's engine (Session.ask) and answers a typed
result. Registered in connector/commands.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from connector.engine import EngineError
from connector.session import Session
from wagate import bus
from wagate.bus import Command, CommandType
from wagate.picture import PictureRefused, checked_size

if TYPE_CHECKING:
    from connector.media.sending import MediaSending

Answer = Callable[[Command, Session], Awaitable[Any]]


class ProfileCommands:
    def __init__(self, media_sending: MediaSending | None) -> None:
        self._media = media_sending

    async def set_profile(self, command: Command, session: Session) -> bus.Done:
        p = command.body()
        assert isinstance(p, bus.SetProfile)
        if p.push_name is not None:
            name = p.push_name
            await session.ask(lambda engine: engine.set_push_name(name))
        if p.about is not None:
            about = p.about
            await session.ask(lambda engine: engine.set_about(about))
        return bus.Done()

    async def profile_picture(self, command: Command, session: Session) -> bus.Done:
        """The upload's bytes, checked again (the bus is a border), then to WhatsApp."""
        p = command.body()
        assert isinstance(p, bus.SetProfilePicture)
        jpeg = None
        if p.sha256 is not None:
            if self._media is None:
                raise EngineError("media_not_stored", "this connector keeps no media")
            jpeg = await self._media.upload_bytes(command.tenant, p.sha256, "image")
            try:
                checked_size(jpeg)
            except PictureRefused as e:
                raise EngineError("picture_invalid", str(e)) from None
        await session.ask(lambda engine: engine.set_profile_picture(jpeg))
        return bus.Done()

    async def business_profile(self, command: Command, session: Session) -> bus.BusinessProfile:
        p = command.body()
        assert isinstance(p, bus.BusinessProfileQuery)
        return await session.ask(lambda engine: engine.business_profile(p.phone))

    def answers(self) -> dict[CommandType, Answer]:
        return {
            CommandType.SET_PROFILE: self.set_profile,
            CommandType.PROFILE_PICTURE: self.profile_picture,
            CommandType.BUSINESS_PROFILE: self.business_profile,
        }
