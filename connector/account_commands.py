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


# each answered with the tenant's session (commands.py: none is `session_not_found`)
ANSWERS: dict[CommandType, Answer] = {
    CommandType.REJECT_CALL: _reject_call,
    CommandType.LIST_CALLS: _list_calls,
}
