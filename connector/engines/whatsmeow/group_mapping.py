"""neonize's answers and events about numbers, contacts and groups, mapped to the types
every engine speaks. Pure functions of neonize's protobuf messages, tested offline as
`mapping.py` is."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from neonize.proto import Neonize_pb2 as neonize

from connector.engine import (
    GROUP_NOT_FOUND,
    INVITE_NOT_FOUND,
    NOT_GROUP_ADMIN,
    NOT_ON_WHATSAPP,
    EngineError,
    GroupUpdate,
    Person,
)
from connector.engines.whatsmeow.mapping import person
from wagate.bus import GroupInfo, NumberStatus, Participant, ParticipantChange, Profile
from wagate.timestamps import iso_utc

GROUP_SERVER = "g.us"

# whatsmeow's refusals of a group call (its ErrGroupNotFound, ErrNotInGroup,
# ErrInviteLink*, and the server's 401/403/404 answers), as the codes every engine uses
_GROUP_REFUSALS = (
    (re.compile(r"invite link (is not valid|has been revoked)|\binvite\b.*\b(404|406|410)\b", re.I),
     INVITE_NOT_FOUND),
    (re.compile(r"group not found|not participating|item-not-found|\b404\b", re.I),
     GROUP_NOT_FOUND),
    (re.compile(r"don't have the permission|not-authorized|forbidden|\b40[13]\b", re.I),
     NOT_GROUP_ADMIN),
    (re.compile(r"not on whatsapp", re.I), NOT_ON_WHATSAPP),
)  # fmt: skip

# a participant's error code in whatsmeow's answer to a change (0: done)
_PARTICIPANT_ERRORS = {403: "forbidden", 408: "forbidden", 401: "forbidden"}


def group_id_of(jid: neonize.JID) -> str:
    return f"{jid.User}@{GROUP_SERVER}"


def group_error(message: str, fallback: str) -> EngineError:
    for pattern, code in _GROUP_REFUSALS:
        if pattern.search(message):
            return EngineError(code, f"WhatsApp refused: {message}")
    return EngineError(fallback, f"WhatsApp refused: {message}")


def number_statuses(
    asked: list[str], answers: Iterable[neonize.IsOnWhatsAppResponse]
) -> list[NumberStatus]:
    """One status per number asked, in order; whatsmeow answers each by its query
    (`+digits`), and a number it left out is not on WhatsApp."""
    by_query = {answer.Query.removeprefix("+"): answer for answer in answers}
    found = []
    for phone in asked:
        answer = by_query.get(phone)
        if answer is None or not answer.IsIn:
            found.append(NumberStatus(phone, False))
            continue
        number, lid = person(answer.JID)
        jid = f"{answer.JID.User}@{answer.JID.Server}" if answer.JID.User else ""
        found.append(NumberStatus(phone, True, jid, lid))
    return found


def profile(
    phone: str,
    info: neonize.GetUserInfoSingleReturnFunction | None,
    picture: neonize.ProfilePictureInfo | None,
    lid: str = "",
) -> Profile:
    about, business = "", ""
    if info is not None:
        about = info.UserInfo.Status
        business = info.UserInfo.VerifiedName.Details.verifiedName
    return Profile(
        phone=phone,
        lid=lid,
        about=about,
        picture_url=picture.URL if picture is not None else "",
        business_name=business,
    )


def _role(participant: neonize.GroupParticipant) -> str:
    if participant.IsSuperAdmin:
        return "superadmin"
    return "admin" if participant.IsAdmin else "member"


def _created_at(seconds: float) -> str | None:
    if seconds <= 0:
        return None
    return iso_utc(datetime.fromtimestamp(seconds, UTC))


def group_info(info: neonize.GroupInfo) -> GroupInfo:
    owner, owner_lid = person(info.OwnerJID, info.OwnerPN)
    participants = []
    for member in info.Participants:
        phone, lid = person(member.JID, member.PhoneNumber, member.LID)
        participants.append(Participant(phone, lid, _role(member)))
    return GroupInfo(
        group_id=group_id_of(info.JID),
        subject=info.GroupName.Name,
        description=info.GroupTopic.Topic,
        owner=owner,
        owner_lid=owner_lid,
        created_at=_created_at(info.GroupCreated),
        participants=participants,
    )


def participant_changes(
    action: str, results: Iterable[neonize.GroupParticipant]
) -> list[ParticipantChange]:
    """WhatsApp's outcome for each participant of a change: 0 done, 409 already in the
    group (add), 404 not on WhatsApp (add) or not in the group, 403 refused (privacy:
    the person must be invited instead)."""
    changes = []
    for result in results:
        phone, lid = person(result.JID, result.PhoneNumber, result.LID)
        code = result.Error
        if code == 0:
            status = "ok"
        elif code == 409:
            status = "already_member" if action == "add" else "not_member"
        elif code == 404:
            status = "not_on_whatsapp" if action == "add" else "not_member"
        else:
            status = _PARTICIPANT_ERRORS.get(code, "failed")
        changes.append(ParticipantChange(phone or result.JID.User, status, lid))
    return changes


def _ms(timestamp: int) -> int:
    """neonize's timestamps: milliseconds (seconds from older builds, told by size)."""
    return timestamp * 1000 if 0 < timestamp < 10**11 else timestamp


def _people(jids: Iterable[neonize.JID]) -> tuple[Person, ...]:
    return tuple(Person(*person(jid)) for jid in jids)


def group_updates(event: neonize.GroupInfoEvent) -> list[GroupUpdate]:
    """One update per kind of change the notification carries (WhatsApp may put several
    in one: a subject and a new member)."""
    group_id = group_id_of(event.JID)
    by = Person(*person(event.Sender)) if event.Sender.User else None
    at = _ms(event.Timestamp)
    updates = []
    for action, jids in (
        ("add", event.Join),
        ("remove", event.Leave),
        ("promote", event.Promote),
        ("demote", event.Demote),
    ):
        if len(jids):
            updates.append(GroupUpdate(group_id, action, by, at, _people(jids)))
    if event.HasField("Name"):
        updates.append(GroupUpdate(group_id, "subject", by, at, subject=event.Name.Name))
    if event.HasField("Topic"):
        description = "" if event.Topic.TopicDeleted else event.Topic.Topic
        updates.append(GroupUpdate(group_id, "description", by, at, description=description))
    return updates


def joined_group(event: neonize.JoinedGroup, own: Person, now_ms: int) -> GroupUpdate:
    """A group made with the session in it (whatsmeow's create notification, also for a
    group the session made): an `add` of its members by its creator, as the sim network
    says it; the session alone when the notification lists nobody."""
    by = Person(*person(event.Sender, event.SenderPN)) if event.Sender.User else None
    members = tuple(
        Person(*person(m.JID, m.PhoneNumber, m.LID))
        for m in event.GroupInfo.Participants
        if not m.IsSuperAdmin  # the creator, who did the adding
    )
    return GroupUpdate(group_id_of(event.GroupInfo.JID), "add", by, now_ms, members or (own,))
