"""The host session's requests about the account itself: a call's reject, the privacy
settings, the blocklist (connector/enginehost/internal/server/accountroutes.go)."""

from __future__ import annotations

from connector.engine import EngineError
from connector.engines.host.errors import GROUP_CALL_FAILED
from connector.engines.host.jids import person, to_jid
from connector.engines.host.messages import (
    RejectCall,
    Reply,
    Request,
    SetPrivacy,
    UpdateBlocklist,
)
from connector.engines.host.queries import CALL_DEADLINE_S as _DEADLINE_S
from connector.privacy import settings_of
from wagate.bus.privacy import PRIVACY_SETTINGS, WHATSAPP_NAMES
from wagate.bus.replies import PrivacySettings


class HostAccount:
    session: str

    async def _call(self, request: Request, deadline_s: float, fallback: str = "") -> Reply:
        raise NotImplementedError

    async def reject_call(self, caller: str, call_id: str) -> None:
        request = RejectCall(session=self.session, caller=to_jid(caller), call_id=call_id)
        await self._call(request, _DEADLINE_S)

    async def privacy(self) -> PrivacySettings:
        return _privacy(
            await self._call(Request(type="get_privacy", session=self.session), _DEADLINE_S)
        )

    async def set_privacy(self, setting: str, value: str) -> PrivacySettings:
        request = SetPrivacy(session=self.session, name=WHATSAPP_NAMES[setting], value=value)
        return _privacy(await self._call(request, _DEADLINE_S))

    async def blocklist(self) -> list[str]:
        request = Request(type="get_blocklist", session=self.session)
        return _blocked(await self._call(request, _DEADLINE_S))

    async def update_blocklist(self, phone: str, block: bool) -> list[str]:
        request = UpdateBlocklist(session=self.session, jid=to_jid(phone), block=block)
        return _blocked(await self._call(request, _DEADLINE_S))


def _privacy(reply: Reply) -> PrivacySettings:
    if reply.privacy is None:
        raise EngineError(GROUP_CALL_FAILED, "the engine host answered no privacy settings")
    answered = reply.privacy
    return settings_of({s.whatsapp: answered.get(s.answered_as, "") for s in PRIVACY_SETTINGS})


def _blocked(reply: Reply) -> list[str]:
    """Numbers, and a LID's JID where WhatsApp named someone by LID alone."""
    if reply.blocked is None:
        raise EngineError(GROUP_CALL_FAILED, "the engine host answered no blocklist")
    return [person(jid)[0] or jid for jid in reply.blocked]
