from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.participants_changed_action import (
    ParticipantsChangedAction,
    check_participants_changed_action,
)

if TYPE_CHECKING:
    from ..models.participants_changed_participants_item import ParticipantsChangedParticipantsItem


T = TypeVar("T", bound="ParticipantsChanged")


@_attrs_define
class ParticipantsChanged:
    """
    Attributes:
        success (bool):
        company_id (str):
        group_id (str):
        action (ParticipantsChangedAction):
        participants (list[ParticipantsChangedParticipantsItem]):
    """

    success: bool
    company_id: str
    group_id: str
    action: ParticipantsChangedAction
    participants: list[ParticipantsChangedParticipantsItem]

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        group_id = self.group_id

        action: str = self.action

        participants = []
        for participants_item_data in self.participants:
            participants_item = participants_item_data.to_dict()
            participants.append(participants_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "groupId": group_id,
                "action": action,
                "participants": participants,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.participants_changed_participants_item import (
            ParticipantsChangedParticipantsItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        group_id = d.pop("groupId")

        action = check_participants_changed_action(d.pop("action"))

        participants = []
        _participants = d.pop("participants")
        for participants_item_data in _participants:
            participants_item = ParticipantsChangedParticipantsItem.from_dict(
                participants_item_data
            )

            participants.append(participants_item)

        participants_changed = cls(
            success=success,
            company_id=company_id,
            group_id=group_id,
            action=action,
            participants=participants,
        )

        return participants_changed
