"""The host's answers about numbers, contacts and groups, as the bus's result types."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from connector.engines.host.jids import lid_of, person, to_jid
from connector.engines.host.messages import (
    Group,
    HostGroupSettings,
    JoinRequestInfo,
    NumberInfo,
    ParticipantResult,
    ProfileInfo,
)
from wagate.bus import (
    GroupInfo,
    GroupSettings,
    JoinRequest,
    NumberStatus,
    Participant,
    ParticipantChange,
    Profile,
)
from wagate.timestamps import iso_utc

# a participant's error code in WhatsApp's answer to a change (absent: done)
_FORBIDDEN = frozenset({401, 403, 408})


def numbers(asked: list[str], found: list[NumberInfo]) -> list[NumberStatus]:
    """One status per number asked, in order; one the host left out is not on WhatsApp."""
    by_phone = {n.phone: n for n in found}
    statuses = []
    for phone in asked:
        answer = by_phone.get(phone)
        if answer is None or not answer.on_whatsapp:
            statuses.append(NumberStatus(phone, False))
        else:
            # WhatsApp may answer an account by its LID: the number's own address stays
            # the JID the tenant gets, the LID goes beside it
            lid = lid_of(answer.jid)
            statuses.append(NumberStatus(phone, True, to_jid(phone) if lid else answer.jid, lid))
    return statuses


def profile(phone: str, found: ProfileInfo) -> Profile:
    lid = lid_of(found.lid) or lid_of(found.jid)
    return Profile(phone, lid, found.about, found.picture_url, found.business_name)


def group_info(group: Group) -> GroupInfo:
    owner, owner_lid = person(group.owner, group.owner_alt)
    members = [Participant(*person(m.jid, m.alt), m.role) for m in group.participants]
    return GroupInfo(
        group.jid,
        group.subject,
        group.description,
        owner,
        owner_lid,
        _iso(group.created_ms),
        members,
        settings(group.settings) if group.settings is not None else None,
    )


def settings(said: HostGroupSettings) -> GroupSettings:
    return GroupSettings(**said.model_dump())


def host_settings(changes: GroupSettings) -> HostGroupSettings:
    return HostGroupSettings.model_validate(dataclasses.asdict(changes))


def join_requests(found: list[JoinRequestInfo]) -> list[JoinRequest]:
    return [JoinRequest(*person(r.jid, r.alt), _iso(r.requested_ms)) for r in found]


def _iso(epoch_ms: int | None) -> str | None:
    return iso_utc(datetime.fromtimestamp(epoch_ms / 1000, UTC)) if epoch_ms else None


def participant_changes(action: str, results: list[ParticipantResult]) -> list[ParticipantChange]:
    """WhatsApp's outcome for each: none done, 409 already in the group (add), 404 not on
    WhatsApp (add) or not in the group, 401/403/408 refused (privacy: invite instead)."""
    changes = []
    for result in results:
        phone, lid = person(result.jid, result.lid)
        code = result.error
        if not code:
            status = "ok"
        elif code == 409:
            status = "already_member" if action == "add" else "not_member"
        elif code == 404:
            status = "not_on_whatsapp" if action == "add" else "not_member"
        else:
            status = "forbidden" if code in _FORBIDDEN else "failed"
        changes.append(ParticipantChange(phone or result.jid.partition("@")[0], status, lid))
    return changes
