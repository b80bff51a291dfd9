"""Groups: the ones the session is in, one group's info, and changes to them.

Reads need the `read` scope; changes (create, subject and description, participants,
leave, revoke the invite link, join, settings, picture, join requests answered) act in
WhatsApp as the session's number, as a send does, so they need `send` (`manage` is the
session's own lifecycle), and count against the tenant's group-change limit
(WAGATE_GROUP_CHANGE_RATE_PER_MINUTE: WhatsApp bans numbers that change groups in bulk).
A group the session is not in is `404 group_not_found`, whatever the reason (WhatsApp
tells them apart no better). Sending to a group is the message routes' business (`to`:
the group id).
"""

from __future__ import annotations

import base64
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.access import tenant_for
from gateway.answers import tenant_ok
from gateway.bus_client import BusClient, tenant_call
from gateway.errors import ApiError
from gateway.group_pictures import jpeg_for_whatsapp, read_picture
from gateway.group_schemas import (
    GroupCreate,
    GroupJoin,
    GroupSettingsChange,
    GroupUpdate,
    JoinRequestsAnswer,
    ParticipantsChange,
    group_id_param,
)
from gateway.idempotent_calls import once
from gateway.principal import Scope
from gateway.ratelimit import RateLimiter
from gateway.routing import route
from gateway.schemas import Model, read_body
from gateway.services import services
from wagate import bus
from wagate.bus import Command, CommandPayload
from wagate.config import GatewaySettings
from wagate.public_events import GroupSettingsRef, render

T = TypeVar("T")


def _person(phone: str | None, lid: str) -> dict[str, Any]:
    return {"phone": phone, "lid": lid or None}


def group_json(group: bus.GroupInfo) -> dict[str, Any]:
    owner = _person(group.owner, group.owner_lid) if group.owner or group.owner_lid else None
    return {
        "groupId": group.group_id,
        "subject": group.subject,
        "description": group.description,
        "owner": owner,
        "createdAt": group.created_at,
        "size": len(group.participants),
        "participants": [{**_person(p.phone, p.lid), "role": p.role} for p in group.participants],
        "settings": render(GroupSettingsRef.of(group.settings or bus.GroupSettings())),
        "pictureId": group.picture_id or None,
    }


async def _changer(request: Request) -> str:
    """The tenant making a group change, if its group-change limit has room: 429
    group_rate_limited (with Retry-After) when not, before anything is read or sent."""
    _, tenant_id = await tenant_for(request, Scope.SEND)
    settings: GatewaySettings = services(request).settings
    limiter: RateLimiter = services(request).limiter
    limit = settings.group_change_rate_per_minute
    decision = await limiter.hit("group_change", tenant_id, limit)
    if not decision.allowed:
        raise ApiError(
            "group_rate_limited",
            f"at most {limit} group changes a minute for this tenant; retry later",
            headers=decision.headers(),
        )
    return tenant_id


async def _body(request: Request, model: type[Model]) -> Model:
    settings: GatewaySettings = services(request).settings
    return await read_body(request, model, settings.max_body_bytes)


async def _changed_group(request: Request, tenant_id: str, payload: CommandPayload) -> Response:
    """A change answered by the group as it is after it."""
    changed = await tenant_call(request, tenant_id, payload, bus.GroupInfo)
    return tenant_ok(tenant_id, {"group": group_json(changed)})


async def list_groups(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    found = await tenant_call(request, tenant_id, bus.ListGroups(), bus.GroupList)
    groups = [group_json(g) for g in found.groups]
    return tenant_ok(tenant_id, {"groups": groups, "total": len(groups)})


async def create_group(request: Request) -> Response:
    """With an Idempotency-Key, a retried create answers the first group, never a second."""
    tenant_id = await _changer(request)
    body = await _body(request, GroupCreate)

    async def create(command: Command) -> tuple[int, dict[str, Any]]:
        client: BusClient = services(request).bus
        created = await client.call_ok(command, bus.GroupInfo)
        return 201, {"success": True, "companyId": tenant_id, "group": group_json(created)}

    command = Command.of(tenant_id, bus.CreateGroup(body.subject, body.participants))
    return await once(request, command, create)


async def get_group(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    group_id = group_id_param(request.path_params["groupId"])
    found = await tenant_call(request, tenant_id, bus.GroupInfoQuery(group_id), bus.GroupInfo)
    return tenant_ok(tenant_id, {"group": group_json(found)})


async def update_group(request: Request) -> Response:
    tenant_id = await _changer(request)
    group_id = group_id_param(request.path_params["groupId"])
    body = await _body(request, GroupUpdate)
    payload = bus.UpdateGroup(group_id, body.subject, body.description)
    return await _changed_group(request, tenant_id, payload)


async def change_participants(request: Request) -> Response:
    tenant_id = await _changer(request)
    group_id = group_id_param(request.path_params["groupId"])
    body = await _body(request, ParticipantsChange)
    payload = bus.GroupParticipants(group_id, body.action, body.participants)
    return _changes(
        tenant_id, await tenant_call(request, tenant_id, payload, bus.ParticipantChanges)
    )


def _changes(tenant_id: str, done: bus.ParticipantChanges) -> JSONResponse:
    changes = [{**_person(c.phone, c.lid), "status": c.status} for c in done.changes]
    return tenant_ok(
        tenant_id, {"groupId": done.group_id, "action": done.action, "participants": changes}
    )


async def leave_group(request: Request) -> Response:
    tenant_id = await _changer(request)
    group_id = group_id_param(request.path_params["groupId"])
    await tenant_call(request, tenant_id, bus.LeaveGroup(group_id), bus.GroupDone)
    return tenant_ok(tenant_id, {"groupId": group_id})


async def _invite(request: Request, revoke: bool) -> Response:
    tenant_id = await _changer(request) if revoke else (await tenant_for(request, Scope.READ))[1]
    group_id = group_id_param(request.path_params["groupId"])
    link = await tenant_call(
        request, tenant_id, bus.GroupInviteQuery(group_id, revoke), bus.GroupInviteLink
    )
    return tenant_ok(tenant_id, {"groupId": group_id, "code": link.code, "link": link.link})


async def get_invite(request: Request) -> Response:
    return await _invite(request, revoke=False)


async def revoke_invite(request: Request) -> Response:
    return await _invite(request, revoke=True)


async def join_group(request: Request) -> Response:
    tenant_id = await _changer(request)
    body = await _body(request, GroupJoin)
    joined = await tenant_call(request, tenant_id, bus.JoinGroup(body.invite_code()), bus.GroupDone)
    return tenant_ok(tenant_id, {"groupId": joined.group_id})


async def change_settings(request: Request) -> Response:
    tenant_id = await _changer(request)
    group_id = group_id_param(request.path_params["groupId"])
    body = await _body(request, GroupSettingsChange)
    payload = bus.SetGroupSettings(group_id, body.settings())
    return await _changed_group(request, tenant_id, payload)


async def set_picture(request: Request) -> Response:
    """A multipart `file` (JPEG, PNG or WebP); WhatsApp gets a square JPEG."""
    tenant_id = await _changer(request)
    group_id = group_id_param(request.path_params["groupId"])
    jpeg = await jpeg_for_whatsapp(await read_picture(request))
    payload = bus.SetGroupPicture(group_id, base64.b64encode(jpeg).decode())
    done = await tenant_call(request, tenant_id, payload, bus.GroupPicture)
    return tenant_ok(tenant_id, {"groupId": group_id, "pictureId": done.picture_id})


async def remove_picture(request: Request) -> Response:
    tenant_id = await _changer(request)
    group_id = group_id_param(request.path_params["groupId"])
    await tenant_call(request, tenant_id, bus.SetGroupPicture(group_id, None), bus.GroupPicture)
    return tenant_ok(tenant_id, {"groupId": group_id, "pictureId": None})


async def list_requests(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    group_id = group_id_param(request.path_params["groupId"])
    found = await tenant_call(
        request, tenant_id, bus.GroupRequestsQuery(group_id), bus.JoinRequests
    )
    requests = [{**_person(r.phone, r.lid), "requestedAt": r.requested_at} for r in found.requests]
    return tenant_ok(tenant_id, {"groupId": group_id, "requests": requests, "total": len(requests)})


async def answer_requests(request: Request) -> Response:
    """Approve (they join: members see them added) or reject; an outcome per number."""
    tenant_id = await _changer(request)
    group_id = group_id_param(request.path_params["groupId"])
    body = await _body(request, JoinRequestsAnswer)
    payload = bus.AnswerGroupRequests(group_id, body.action, body.participants)
    return _changes(
        tenant_id, await tenant_call(request, tenant_id, payload, bus.ParticipantChanges)
    )


routes = [
    route("/sessions/{companyId}/groups", GET=list_groups, POST=create_group),
    route("/sessions/{companyId}/groups/join", POST=join_group),
    route("/sessions/{companyId}/groups/{groupId}", GET=get_group, PATCH=update_group),
    route("/sessions/{companyId}/groups/{groupId}/participants", POST=change_participants),
    route("/sessions/{companyId}/groups/{groupId}/leave", POST=leave_group),
    route("/sessions/{companyId}/groups/{groupId}/invite", GET=get_invite, DELETE=revoke_invite),
    route("/sessions/{companyId}/groups/{groupId}/settings", PATCH=change_settings),
    route("/sessions/{companyId}/groups/{groupId}/picture", PUT=set_picture, DELETE=remove_picture),
    route(
        "/sessions/{companyId}/groups/{groupId}/requests", GET=list_requests, POST=answer_requests
    ),
]
