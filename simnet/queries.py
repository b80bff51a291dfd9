"""A linked device's queries to the sim network: number checks, contacts and groups.

One `{"op": "query", "ref", "kind", ...}` frame each, answered `{"op": "result", "ref",
"result"}` or an error frame with a stable code (simnet/protocol.py). Each number check
is counted on the asking phone (`numberQueries` in the control API), so tests can see
that a cached check asked nothing.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from simnet import account, channels, profiles
from simnet.errors import SimError
from simnet.group_settings import MAX_PICTURE_BYTES
from simnet.groups import PARTICIPANT_ACTIONS, REQUEST_ACTIONS, Group
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
        "settings": group.settings.public(),
        "picture_id": group.picture_id,
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


def _lid_lookup(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    """Each account's number and LID, named by either (`digits` or `digits@lid`); one
    not on the network is left out. WhatsApp tells a client the pair through usync and
    in messages; the sim tells any device every pair."""
    addresses = frame.get("addresses")
    if not isinstance(addresses, list) or len(addresses) > MAX_NUMBERS:
        raise SimError(400, "bad_frame", f"addresses must be at most {MAX_NUMBERS} strings")
    pairs = []
    for address in addresses:
        if not isinstance(address, str):
            raise SimError(400, "bad_frame", "each address is a number or digits@lid")
        lid, is_lid = address.removesuffix("@lid"), address.endswith("@lid")
        phone = network.phone_by_lid(lid) if is_lid else network.phones.get(address)
        if phone is not None:
            pairs.append({"phone": phone.number, "lid": phone.lid})
    return {"pairs": pairs}


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
    return _changes(network, outcomes)


def _leave_group(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    network.tell_group(network.groups.leave(_text(frame, "group"), me))
    return {}


def _group_invite(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    revoke = frame.get("revoke", False)
    if not isinstance(revoke, bool):
        raise SimError(400, "bad_frame", "revoke must be true or false")
    return {"code": network.groups.invite_code(_text(frame, "group"), me, revoke)}


def _join_group(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    """Joined, or with join approval on, asked to join (`pending`: the admins hear it)."""
    change = network.groups.join(_text(frame, "code"), me)
    if change.participants:
        network.tell_group(change)
    return {"group": change.group.id, "pending": change.action == "join_request"}


def _group_setting(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    group = _text(frame, "group")
    network.tell_group(
        network.groups.set_setting(group, me, frame.get("setting"), frame.get("value"))
    )
    return {}


def _group_picture(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    """`jpeg`: base64 of the picture, or null to remove it; answers its new id."""
    encoded = frame.get("jpeg")
    jpeg = None
    if encoded is not None:
        if not isinstance(encoded, str) or len(encoded) > MAX_PICTURE_BYTES * 4 // 3 + 4:
            raise SimError(400, "bad_frame", "jpeg must be base64 of at most 1 MiB, or null")
        try:
            jpeg = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise SimError(400, "bad_frame", "jpeg is not base64") from None
    change = network.groups.set_picture(_text(frame, "group"), me, jpeg)
    network.tell_group(change)
    return {"picture_id": change.picture_id}


def _group_requests(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    asked = network.groups.join_requests(_text(frame, "group"), me)
    return {
        "requests": [
            {"phone": number, "lid": _lid_of(network, number), "requested": at}
            for number, at in asked.items()
        ]
    }


def _group_requests_action(network: Network, me: str, frame: dict[str, Any]) -> dict[str, Any]:
    action = _text(frame, "action")
    if action not in REQUEST_ACTIONS:
        raise SimError(400, "bad_frame", f"action must be one of {', '.join(REQUEST_ACTIONS)}")
    outcomes, change = network.groups.answer_requests(
        _text(frame, "group"), me, action, _numbers(frame, "participants")
    )
    if change is not None:
        network.tell_group(change)
    return _changes(network, outcomes)


def _changes(network: Network, outcomes: list[tuple[str, str]]) -> dict[str, Any]:
    """One outcome per participant, as WhatsApp answers a change to several."""
    return {
        "changes": [
            {"phone": phone, "status": outcome, "lid": _lid_of(network, phone)}
            for phone, outcome in outcomes
        ]
    }


def _lid_of(network: Network, number: str) -> str:
    phone = network.phones.get(number)
    return phone.lid if phone is not None else ""


_KINDS: dict[str, Callable[[Network, str, dict[str, Any]], dict[str, Any]]] = {
    "check_numbers": _check_numbers,
    "profile": _profile,
    "lid_lookup": _lid_lookup,
    "groups": _groups,
    "group_info": _group_info,
    "create_group": _create_group,
    "group_subject": _group_subject,
    "group_description": _group_description,
    "group_participants": _group_participants,
    "leave_group": _leave_group,
    "group_invite": _group_invite,
    "join_group": _join_group,
    "group_setting": _group_setting,
    "group_picture": _group_picture,
    "group_requests": _group_requests,
    "group_requests_action": _group_requests_action,
    **account.QUERY_KINDS,  # privacy settings, the blocklist
    **profiles.KINDS,  # the account's profile, a business's
    **channels.KINDS,  # channels (newsletters)
}
