from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.group_participants_item_role import (
    GroupParticipantsItemRole,
    check_group_participants_item_role,
)

T = TypeVar("T", bound="GroupParticipantsItem")


@_attrs_define
class GroupParticipantsItem:
    """
    Attributes:
        phone (None | str):
        lid (None | str):
        role (GroupParticipantsItemRole): `superadmin`: the creator; admins may change participants.
    """

    phone: None | str
    lid: None | str
    role: GroupParticipantsItemRole

    def to_dict(self) -> dict[str, Any]:
        phone: None | str
        phone = self.phone

        lid: None | str
        lid = self.lid

        role: str = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "phone": phone,
                "lid": lid,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_lid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        lid = _parse_lid(d.pop("lid"))

        role = check_group_participants_item_role(d.pop("role"))

        group_participants_item = cls(
            phone=phone,
            lid=lid,
            role=role,
        )

        return group_participants_item
