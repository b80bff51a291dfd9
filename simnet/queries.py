"""A linked device's queries to the sim network: number checks, contacts and groups.

One `{"op": "query", "ref", "kind", ...}` frame each, answered `{"op": "result", "ref",
"result"}` or an error frame with a stable code (simnet/protocol.py). Each number check
is counted on the asking phone (`numberQueries` in the control API), so tests can see
that a cached check asked nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simnet import channels, profiles
from simnet.errors import SimError
from simnet.groups import PARTICIPANT_ACTIONS, Group
from simnet.network import Network

MAX_NUMBERS = 50  # a number check's batch, as the gateway caps it
_MAX_FIELD = 4096


def group_json(network: Network, group: Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "subject": group.subject,
        "description": group.description,
        "owner": group.owner,
        "owner_lid": network.phones[group.owner].lid,
        "created": group.created_ms,
        "participants": [
            {"phone": number, "lid": network.phones[number].lid, "role": role}
            for number, role in group.roles.items()
        ],
    }


def answer(network: Network, phone: str, kind: object, frame: dict[str, Any]) -> dict[str, Any]:
    """The result of one query `phone` makes (from a linked device, or a virtual phone
    acting through the control API); SimError for a refusal."""
    handler = _KINDS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        raise SimError(400, "bad_frame", f"unknown query kind {kind!r}")
    return handler(network, phone, frame)


def _text(frame: dict[str, Any], name: str) -> str:
    value = frame.get(name)
    if not isinstance(value, str) or len(value) > _MAX_FIELD:
        raise SimError(400, "bad_frame", f"{name} must be a string")
    return value


def _numbers(frame: dict[str, Any], name: str) -> list[str]:
    value = frame.get(name)
    if (
        not isinstance(value, list)
        or len(value) > MAX_NUMBERS
        or not all(isinstance(v, str) and v.isdigit() for v in value)
    ):
        raise SimError(400, "bad_frame", f"{name} must be at most {MAX_NUMBERS} numbers")
    return value


def _check_numbers(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    phones = _numbers(frame, "phones")
    network.phones[me].number_queries += 1
    found = []
    for number in phones:
        phone = network.phones.get(number)
        entry: dict[str, Any] = {"phone": number, "on_whatsapp": phone is not None}
        if phone is not None:
            entry.update(jid=f"{number}@s.whatsapp.net", lid=phone.lid)
        found.append(entry)
    return {"numbers": found}


def _profile(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    number = _text(frame, "phone")
    phone = network.phones.get(number)
    if phone is None:
        raise SimError(404, "not_on_whatsapp", f"{number} is not on WhatsApp")
    return {
        "phone": number,
        "lid": phone.lid,
        "about": phone.about,
        "picture_url": phone.picture_url,
        "business_name": phone.business_name,
    }


def _groups(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    return {"groups": [group_json(network, g) for g in network.groups.of(me)]}


def _group_info(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    return group_json(network, network.groups.get(_text(frame, "group"), me))


def _create_group(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    group, added = network.groups.create(
        me, _text(frame, "subject"), _numbers(frame, "participants")
    )
    if added is not None:  # every member hears who was added
        network.tell_group(added)
    return group_json(network, group)


def _group_subject(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    network.tell_group(
        network.groups.set_subject(_text(frame, "group"), me, _text(frame, "subject"))
    )
    return {}


def _group_description(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    change = network.groups.set_description(_text(frame, "group"), me, _text(frame, "description"))
    network.tell_group(change)
    return {}


def _group_participants(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    action = _text(frame, "action")
    if action not in PARTICIPANT_ACTIONS:
        raise SimError(400, "bad_frame", f"action must be one of {', '.join(PARTICIPANT_ACTIONS)}")
    outcomes, change = network.groups.change_participants(
        _text(frame, "group"), me, action, _numbers(frame, "participants")
    )
    if change is not None:
        network.tell_group(change)
    return {
        "changes": [
            {"phone": phone, "status": outcome, "lid": _lid_of(network, phone)}
            for phone, outcome in outcomes
        ]
    }


def _leave_group(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    network.tell_group(network.groups.leave(_text(frame, "group"), me))
    return {}


def _group_invite(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    revoke = frame.get("revoke", False)
    if not isinstance(revoke, bool):
        raise SimError(400, "bad_frame", "revoke must be true or false")
    return {"code": network.groups.invite_code(_text(frame, "group"), me, revoke)}


def _join_group(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    change = network.groups.join(_text(frame, "code"), me)
    if change.participants:
        network.tell_group(change)
    return {"group": change.group.id}


def _lid_of(network: Network, number: str) -> str:
    phone = network.phones.get(number)
    return phone.lid if phone is not None else ""


_KINDS: dict[str, Callable[[Network, str, dict[str, Any]], dict[str, Any]]] = {
    "check_numbers": _check_numbers,
    "profile": _profile,
    "groups": _groups,
    "group_info": _group_info,
    "create_group": _create_group,
    "group_subject": _group_subject,
    "group_description": _group_description,
    "group_participants": _group_participants,
    "leave_group": _leave_group,
    "group_invite": _group_invite,
    "join_group": _join_group,
    **profiles.KINDS,  # the account's profile, a business's
    **channels.KINDS,  # channels (newsletters)
}
