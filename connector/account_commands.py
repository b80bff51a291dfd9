"""The connector's handlers of the account's own commands: calls (a reject, the calls
offered lately), privacy settings and the blocklist. Registered in connector/commands.py;
refusals are EngineErrors, answered with their code."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from connector.session import Session
from wagate.bus import Command, CommandType
from wagate.bus import commands as c
from wagate.bus import replies as r

Answer = Callable[[Command, Session], Awaitable[Any]]


async def _reject_call(command: Command, session: Session) -> r.CallView:
    payload = command.body()
    assert isinstance(payload, c.RejectCall)
    return await session.calls.reject(payload.call_id)


async def _list_calls(command: Command, session: Session) -> r.CallList:
    return r.CallList(session.calls.listed())


async def _get_privacy(command: Command, session: Session) -> r.PrivacySettings:
    return await session.ask(lambda engine: engine.privacy())


async def _set_privacy(command: Command, session: Session) -> r.PrivacySettings:
    payload = command.body()
    assert isinstance(payload, c.SetPrivacy)
    return await session.ask(lambda engine: engine.set_privacy(payload.setting, payload.value))


async def _get_blocklist(command: Command, session: Session) -> r.Blocklist:
    return r.Blocklist(await session.ask(lambda engine: engine.blocklist()))


async def _update_blocklist(command: Command, session: Session) -> r.Blocklist:
    payload = command.body()
    assert isinstance(payload, c.UpdateBlocklist)
    changed = await session.ask(lambda e: e.update_blocklist(payload.phone, payload.block))
    return r.Blocklist(changed)


# each answered with the tenant's session (commands.py: none is `session_not_found`)
ANSWERS: dict[CommandType, Answer] = {
    CommandType.REJECT_CALL: _reject_call,
    CommandType.LIST_CALLS: _list_calls,
    CommandType.GET_PRIVACY: _get_privacy,
    CommandType.SET_PRIVACY: _set_privacy,
    CommandType.GET_BLOCKLIST: _get_blocklist,
    CommandType.UPDATE_BLOCKLIST: _update_blocklist,
}
