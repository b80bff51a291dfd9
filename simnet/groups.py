"""Groups on the sim network, kept as WhatsApp keeps them.

A group has a `120363…@g.us` id, a subject, a description, a picture, an owner (its
creator, the superadmin), members who are admins or not, an invite code and settings
(simnet/group_settings.py). Members may change the subject, description and picture
unless the group is locked (WhatsApp's default "all participants may edit"); only admins
remove, promote and demote, change settings, get or revoke the invite code and answer
join requests; members add others only when the group's member add mode lets them. With
join approval on, joining by link makes a request that an admin approves or rejects.
WhatsApp answers a participant change per participant (whatsmeow's
`GroupParticipant.Error`): one number may be added while another is not on WhatsApp.
Whoever is not a member sees no group at all (`group_not_found`), as WhatsApp's own
answer does not tell the two apart.

Each change returns a `GroupChange` for the network to tell every member it concerns.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field

from simnet import protocol as p
from simnet.errors import SimError
from simnet.group_settings import GroupSettings, check_picture, checked

MEMBER, ADMIN, SUPERADMIN = "member", "admin", "superadmin"
PARTICIPANT_ACTIONS = ("add", "remove", "promote", "demote")
# one participant's outcome (the bus's ParticipantChange.status)
OK, NOT_ON_WHATSAPP, ALREADY_MEMBER, NOT_MEMBER, FORBIDDEN, NOT_REQUESTED = (
    "ok",
    "not_on_whatsapp",
    "already_member",
    "not_member",
    "forbidden",
    "not_requested",  # approve or reject of someone who asked for nothing
)
REQUEST_ACTIONS = ("approve", "reject")
MAX_SUBJECT = 100  # WhatsApp's limits
MAX_DESCRIPTION = 2048
MAX_MEMBERS = 1024
_CODE_ALPHABET = string.ascii_letters + string.digits

GROUP_NOT_FOUND, NOT_GROUP_ADMIN, INVITE_NOT_FOUND = (
    p.GROUP_NOT_FOUND,
    p.NOT_GROUP_ADMIN,
    p.INVITE_NOT_FOUND,
)


def _group_id() -> str:
    return "120363" + "".join(secrets.choice(string.digits) for _ in range(12)) + "@g.us"


def _invite_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(22))


@dataclass
class Group:
    id: str
    subject: str
    owner: str
    created_ms: int
    description: str = ""
    roles: dict[str, str] = field(default_factory=dict)  # member number -> role, in order
    invite_code: str = field(default_factory=_invite_code)
    settings: GroupSettings = field(default_factory=GroupSettings)
    picture_id: str = ""  # "" when the group has no picture
    requests: dict[str, int] = field(default_factory=dict)  # number -> asked at, epoch ms

    def is_admin(self, phone: str) -> bool:
        return self.roles.get(phone) in (ADMIN, SUPERADMIN)

    def admins(self) -> frozenset[str]:
        return frozenset(p for p in self.roles if self.is_admin(p))

    def need_admin(self, phone: str) -> None:
        if not self.is_admin(phone):
            raise SimError(403, NOT_GROUP_ADMIN, f"{phone} is not an admin of {self.id}")

    def need_editor(self, phone: str) -> None:
        """A locked group's info is for admins alone to edit."""
        if self.settings.locked:
            self.need_admin(phone)


@dataclass(frozen=True)
class GroupChange:
    """What one change did, for the notification to the members it concerns."""

    group: Group
    # add | remove | promote | demote | subject | description | settings | picture |
    # join_request (told to the admins alone)
    action: str
    by: str
    participants: tuple[str, ...] = ()
    subject: str | None = None
    description: str | None = None
    setting: tuple[str, bool | int | str] | None = None  # settings: the one changed
    picture_id: str | None = None  # picture: the new one's id, "" when removed
    told: frozenset[str] = frozenset()  # the numbers to tell: members before and after


class Groups:
    def __init__(self, on_whatsapp: Callable[[str], bool], clock_ms: Callable[[], int]) -> None:
        self._on_whatsapp = on_whatsapp
        self._clock_ms = clock_ms
        self._groups: dict[str, Group] = {}
        self._by_code: dict[str, Group] = {}

    def create(
        self, creator: str, subject: str, participants: list[str]
    ) -> tuple[Group, GroupChange | None]:
        """A new group with `creator` as its superadmin and whichever of `participants`
        are on WhatsApp (the change that tells them they were added, if any were)."""
        _check_subject(subject)
        group = Group(_group_id(), subject, creator, self._clock_ms())
        group.roles[creator] = SUPERADMIN
        self._groups[group.id] = group
        self._by_code[group.invite_code] = group
        added = tuple(p for p in dict.fromkeys(participants) if self._add(group, p) == OK)
        if not added:
            return group, None
        return group, GroupChange(group, "add", creator, added, told=frozenset(group.roles))

    def get(self, group_id: str, member: str) -> Group:
        """The group, if `member` is in it; otherwise as if there were none."""
        group = self._groups.get(group_id)
        if group is None or member not in group.roles:
            raise SimError(404, GROUP_NOT_FOUND, f"{member} is in no group {group_id}")
        return group

    def of(self, phone: str) -> list[Group]:
        return [g for g in self._groups.values() if phone in g.roles]

    def change_participants(
        self, group_id: str, by: str, action: str, phones: list[str]
    ) -> tuple[list[tuple[str, str]], GroupChange | None]:
        group = self.get(group_id, by)
        if action != "add" or group.settings.member_add_mode == "admin_add":
            group.need_admin(by)
        before = frozenset(group.roles)
        outcomes = []
        for phone in dict.fromkeys(phones):
            match action:
                case "add":
                    outcome = self._add(group, phone)
                case "remove":
                    outcome = self._remove(group, phone)
                case "promote" | "demote":
                    outcome = self._set_admin(group, phone, action == "promote")
                case _:
                    raise SimError(400, "invalid_action", f"no participant action {action!r}")
            outcomes.append((phone, outcome))
        changed = tuple(phone for phone, outcome in outcomes if outcome == OK)
        if not changed:
            return outcomes, None
        told = before | frozenset(group.roles)
        return outcomes, GroupChange(group, action, by, changed, told=told)

    def set_subject(self, group_id: str, by: str, subject: str) -> GroupChange:
        group = self.get(group_id, by)
        group.need_editor(by)
        _check_subject(subject)
        group.subject = subject
        return GroupChange(group, "subject", by, subject=subject, told=frozenset(group.roles))

    def set_description(self, group_id: str, by: str, description: str) -> GroupChange:
        group = self.get(group_id, by)
        group.need_editor(by)
        if len(description) > MAX_DESCRIPTION:
            raise SimError(400, "invalid_description", f"at most {MAX_DESCRIPTION} characters")
        group.description = description
        return GroupChange(
            group, "description", by, description=description, told=frozenset(group.roles)
        )

    def leave(self, group_id: str, phone: str) -> GroupChange:
        group = self.get(group_id, phone)
        told = frozenset(group.roles)
        del group.roles[phone]
        if group.roles and not any(group.is_admin(p) for p in group.roles):
            # WhatsApp makes someone admin when the last one leaves
            group.roles[next(iter(group.roles))] = ADMIN
        return GroupChange(group, "remove", phone, (phone,), told=told)

    def invite_code(self, group_id: str, by: str, revoke: bool) -> str:
        group = self.get(group_id, by)
        group.need_admin(by)
        if revoke:
            self._by_code.pop(group.invite_code, None)
            group.invite_code = _invite_code()
            self._by_code[group.invite_code] = group
        return group.invite_code

    def join(self, code: str, phone: str) -> GroupChange:
        group = self._by_code.get(code)
        if group is None:
            raise SimError(404, INVITE_NOT_FOUND, "this invite code is unknown or was revoked")
        if phone in group.roles:  # joining again changes nothing, as on WhatsApp
            return GroupChange(group, "add", phone)
        if len(group.roles) >= MAX_MEMBERS:
            raise SimError(409, "group_full", f"{group.id} has {MAX_MEMBERS} members")
        if group.settings.join_approval:  # asking again keeps the first request
            group.requests.setdefault(phone, self._clock_ms())
            return GroupChange(group, "join_request", phone, (phone,), told=group.admins())
        group.roles[phone] = MEMBER
        return GroupChange(group, "add", phone, (phone,), told=frozenset(group.roles))

    # ---- settings, picture, join requests -----------------------------------------------

    def set_setting(self, group_id: str, by: str, setting: object, value: object) -> GroupChange:
        """One setting (simnet/group_settings.py), by an admin; every member hears it."""
        group = self.get(group_id, by)
        group.need_admin(by)
        value = checked(setting, value)
        assert isinstance(setting, str)
        setattr(group.settings, setting, value)
        if setting == "join_approval" and not value:
            group.requests.clear()  # here the waiting ones join by the link again
        return GroupChange(
            group, "settings", by, setting=(setting, value), told=frozenset(group.roles)
        )

    def set_picture(self, group_id: str, by: str, jpeg: bytes | None) -> GroupChange:
        """A new picture (a JPEG WhatsApp takes), or none; its id is new each time."""
        group = self.get(group_id, by)
        group.need_editor(by)
        if jpeg is not None:
            check_picture(jpeg)
        group.picture_id = str(self._clock_ms()) + secrets.token_hex(2) if jpeg else ""
        return GroupChange(
            group, "picture", by, picture_id=group.picture_id, told=frozenset(group.roles)
        )

    def join_requests(self, group_id: str, by: str) -> dict[str, int]:
        group = self.get(group_id, by)
        group.need_admin(by)
        return dict(group.requests)

    def answer_requests(
        self, group_id: str, by: str, action: str, phones: list[str]
    ) -> tuple[list[tuple[str, str]], GroupChange | None]:
        """Approve (they become members: every member hears them added) or reject."""
        group = self.get(group_id, by)
        group.need_admin(by)
        outcomes = []
        for phone in dict.fromkeys(phones):
            if group.requests.pop(phone, None) is None:
                outcomes.append((phone, NOT_REQUESTED))
            else:
                outcomes.append((phone, self._add(group, phone) if action == "approve" else OK))
        added = tuple(phone for phone, outcome in outcomes if outcome == OK)
        if action != "approve" or not added:
            return outcomes, None
        return outcomes, GroupChange(group, "add", by, added, told=frozenset(group.roles))

    # ---- one participant ----------------------------------------------------------------

    def _add(self, group: Group, phone: str) -> str:
        if not self._on_whatsapp(phone):
            return NOT_ON_WHATSAPP
        if phone in group.roles:
            return ALREADY_MEMBER
        if len(group.roles) >= MAX_MEMBERS:
            return FORBIDDEN
        group.roles[phone] = MEMBER
        return OK

    def _remove(self, group: Group, phone: str) -> str:
        role = group.roles.get(phone)
        if role is None:
            return NOT_MEMBER
        if role == SUPERADMIN:  # the creator cannot be removed by another admin
            return FORBIDDEN
        del group.roles[phone]
        return OK

    def _set_admin(self, group: Group, phone: str, admin: bool) -> str:
        role = group.roles.get(phone)
        if role is None:
            return NOT_MEMBER
        if role == SUPERADMIN:
            return FORBIDDEN
        group.roles[phone] = ADMIN if admin else MEMBER
        return OK


def _check_subject(subject: str) -> None:
    if not 0 < len(subject) <= MAX_SUBJECT:
        raise SimError(400, "invalid_subject", f"a subject is 1 to {MAX_SUBJECT} characters")
