from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.participants_changed_participants_item_status import (
    ParticipantsChangedParticipantsItemStatus,
    check_participants_changed_participants_item_status,
)

T = TypeVar("T", bound="ParticipantsChangedParticipantsItem")


@_attrs_define
class ParticipantsChangedParticipantsItem:
    """
    Attributes:
        phone (None | str):
        lid (None | str):
        status (ParticipantsChangedParticipantsItemStatus):
    """

    phone: None | str
    lid: None | str
    status: ParticipantsChangedParticipantsItemStatus

    def to_dict(self) -> dict[str, Any]:
        phone: None | str
        phone = self.phone

        lid: None | str
        lid = self.lid

        status: str = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "phone": phone,
                "lid": lid,
                "status": status,
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

        status = check_participants_changed_participants_item_status(d.pop("status"))

        participants_changed_participants_item = cls(
            phone=phone,
            lid=lid,
            status=status,
        )

        return participants_changed_participants_item
