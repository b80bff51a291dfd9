from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.group_settings_member_add_mode import (
    GroupSettingsMemberAddMode,
    check_group_settings_member_add_mode,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="GroupSettings")


@_attrs_define
class GroupSettings:
    """A group's settings (in a `group_update`, only the one changed). `announce`: only
    admins send messages. `locked`: only admins edit the subject, description and
    picture. `disappearingTimer`: `off`, `24h`, `7d` or `90d` (another timer set by an
    older client reads as `<seconds>s`). `memberAddMode`: who may add members.
    `joinApproval`: joining by link waits for an admin. A setting WhatsApp did not say
    is left out.

        Attributes:
            announce (bool | Unset):
            locked (bool | Unset):
            disappearing_timer (str | Unset):
            member_add_mode (GroupSettingsMemberAddMode | Unset):
            join_approval (bool | Unset):
    """

    announce: bool | Unset = UNSET
    locked: bool | Unset = UNSET
    disappearing_timer: str | Unset = UNSET
    member_add_mode: GroupSettingsMemberAddMode | Unset = UNSET
    join_approval: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        announce = self.announce

        locked = self.locked

        disappearing_timer = self.disappearing_timer

        member_add_mode: str | Unset = UNSET
        if not isinstance(self.member_add_mode, Unset):
            member_add_mode = self.member_add_mode

        join_approval = self.join_approval

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if announce is not UNSET:
            field_dict["announce"] = announce
        if locked is not UNSET:
            field_dict["locked"] = locked
        if disappearing_timer is not UNSET:
            field_dict["disappearingTimer"] = disappearing_timer
        if member_add_mode is not UNSET:
            field_dict["memberAddMode"] = member_add_mode
        if join_approval is not UNSET:
            field_dict["joinApproval"] = join_approval

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        announce = d.pop("announce", UNSET)

        locked = d.pop("locked", UNSET)

        disappearing_timer = d.pop("disappearingTimer", UNSET)

        _member_add_mode = d.pop("memberAddMode", UNSET)
        member_add_mode: GroupSettingsMemberAddMode | Unset
        if isinstance(_member_add_mode, Unset):
            member_add_mode = UNSET
        else:
            member_add_mode = check_group_settings_member_add_mode(_member_add_mode)

        join_approval = d.pop("joinApproval", UNSET)

        group_settings = cls(
            announce=announce,
            locked=locked,
            disappearing_timer=disappearing_timer,
            member_add_mode=member_add_mode,
            join_approval=join_approval,
        )

        return group_settings
