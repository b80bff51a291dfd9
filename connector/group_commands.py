"""The connector's handlers of the number-check, contact and group commands: each asks the
tenant's engine once (Session.ask: connected, or waited for) and answers a typed result.
Registered in connector/commands.py; refusals are EngineErrors, answered with their code."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from typing import Any

from connector import lids
from connector.engine import INVALID_IMAGE, PARTICIPANT_ACTIONS, EngineError
from connector.session import Session
from wagate import bus
from wagate.bus import Command, CommandType

Answer = Callable[[Command, Session], Awaitable[Any]]

INVITE_LINK_PREFIX = "https://chat.whatsapp.com/"


async def _check_numbers(command: Command, session: Session) -> bus.NumberChecks:
    payload = command.body()
    assert isinstance(payload, bus.CheckNumbers)
    found = await session.ask(lambda engine: engine.check_numbers(payload.phones))
    return bus.NumberChecks(found)


async def _contact_info(command: Command, session: Session) -> bus.Profile:
    payload = command.body()
    assert isinstance(payload, bus.ContactInfo)
    return await session.ask(lambda engine: engine.contact_info(payload.phone))


async def _lookup_lids(command: Command, session: Session) -> bus.LidPairs:
    payload = command.body()
    assert isinstance(payload, bus.LookupLids)
    return bus.LidPairs(await lids.look_up(session, payload.addresses))


async def _list_groups(command: Command, session: Session) -> bus.GroupList:
    groups = await session.ask(lambda engine: engine.joined_groups())
    await session.groups_seen(groups)
    return bus.GroupList(groups)


async def _group_info(command: Command, session: Session) -> bus.GroupInfo:
    payload = command.body()
    assert isinstance(payload, bus.GroupInfoQuery)
    return await _seen(session, session.ask(lambda e: e.group_info(payload.group_id)))


async def _create_group(command: Command, session: Session) -> bus.GroupInfo:
    payload = command.body()
    assert isinstance(payload, bus.CreateGroup)
    return await _seen(
        session,
        session.ask(
            lambda engine: engine.create_group(payload.subject, payload.participants, command.id)
        ),
    )


async def _seen(session: Session, asked: Awaitable[bus.GroupInfo]) -> bus.GroupInfo:
    """The group WhatsApp described, its subject kept as its chat's name."""
    group = await asked
    await session.groups_seen([group])
    return group


async def _update_group(command: Command, session: Session) -> bus.GroupInfo:
    """Subject and/or description, then the group as it is now."""
    payload = command.body()
    assert isinstance(payload, bus.UpdateGroup)
    group_id, subject, description = payload.group_id, payload.subject, payload.description
    if subject is not None:
        await session.ask(lambda engine: engine.set_group_subject(group_id, subject))
    if description is not None:
        await session.ask(lambda engine: engine.set_group_description(group_id, description))
    return await _seen(session, session.ask(lambda engine: engine.group_info(group_id)))


async def _participants(command: Command, session: Session) -> bus.ParticipantChanges:
    payload = command.body()
    assert isinstance(payload, bus.GroupParticipants)
    if payload.action not in PARTICIPANT_ACTIONS:  # the gateway checked; a bus is a border
        raise EngineError("validation_failed", f"no participant action {payload.action!r}")
    changes = await session.ask(
        lambda engine: engine.update_participants(
            payload.group_id, payload.action, payload.participants
        )
    )
    return bus.ParticipantChanges(payload.group_id, payload.action, changes)


async def _leave_group(command: Command, session: Session) -> bus.GroupDone:
    payload = command.body()
    assert isinstance(payload, bus.LeaveGroup)
    await session.ask(lambda engine: engine.leave_group(payload.group_id))
    return bus.GroupDone(payload.group_id)


async def _group_invite(command: Command, session: Session) -> bus.GroupInviteLink:
    payload = command.body()
    assert isinstance(payload, bus.GroupInviteQuery)
    code = await session.ask(
        lambda engine: engine.group_invite_code(payload.group_id, payload.revoke)
    )
    return bus.GroupInviteLink(payload.group_id, code, INVITE_LINK_PREFIX + code)


async def _join_group(command: Command, session: Session) -> bus.GroupDone:
    payload = command.body()
    assert isinstance(payload, bus.JoinGroup)
    return bus.GroupDone(await session.ask(lambda engine: engine.join_group(payload.code)))


async def _group_settings(command: Command, session: Session) -> bus.GroupInfo:
    """The settings given, then the group as it is now."""
    payload = command.body()
    assert isinstance(payload, bus.SetGroupSettings)
    group_id = payload.group_id
    await session.ask(lambda engine: engine.set_group_settings(group_id, payload.settings))
    return await _seen(session, session.ask(lambda engine: engine.group_info(group_id)))


async def _group_picture(command: Command, session: Session) -> bus.GroupPicture:
    payload = command.body()
    assert isinstance(payload, bus.SetGroupPicture)
    try:
        jpeg = base64.b64decode(payload.jpeg, validate=True) if payload.jpeg is not None else None
    except binascii.Error:  # the gateway sends base64; a bus is a border
        raise EngineError(INVALID_IMAGE, "the picture is not base64") from None
    picture_id = await session.ask(lambda e: e.set_group_picture(payload.group_id, jpeg))
    return bus.GroupPicture(payload.group_id, picture_id)


async def _group_requests(command: Command, session: Session) -> bus.JoinRequests:
    payload = command.body()
    assert isinstance(payload, bus.GroupRequestsQuery)
    found = await session.ask(lambda engine: engine.group_join_requests(payload.group_id))
    return bus.JoinRequests(payload.group_id, found)


async def _answer_requests(command: Command, session: Session) -> bus.ParticipantChanges:
    payload = command.body()
    assert isinstance(payload, bus.AnswerGroupRequests)
    if payload.action not in bus.REQUEST_ACTIONS:  # the gateway checked; a bus is a border
        raise EngineError("validation_failed", f"no join request action {payload.action!r}")
    changes = await session.ask(
        lambda engine: engine.answer_join_requests(
            payload.group_id, payload.action, payload.participants
        )
    )
    return bus.ParticipantChanges(payload.group_id, payload.action, changes)


# each answered with the tenant's session (commands.py: none is `session_not_found`)
ANSWERS: dict[CommandType, Answer] = {
    CommandType.CHECK_NUMBERS: _check_numbers,
    CommandType.CONTACT_INFO: _contact_info,
    CommandType.LOOKUP_LIDS: _lookup_lids,
    CommandType.LIST_GROUPS: _list_groups,
    CommandType.GROUP_INFO: _group_info,
    CommandType.CREATE_GROUP: _create_group,
    CommandType.UPDATE_GROUP: _update_group,
    CommandType.GROUP_PARTICIPANTS: _participants,
    CommandType.LEAVE_GROUP: _leave_group,
    CommandType.GROUP_INVITE: _group_invite,
    CommandType.JOIN_GROUP: _join_group,
    CommandType.GROUP_SETTINGS: _group_settings,
    CommandType.GROUP_PICTURE: _group_picture,
    CommandType.GROUP_REQUESTS: _group_requests,
    CommandType.ANSWER_GROUP_REQUESTS: _answer_requests,
}
