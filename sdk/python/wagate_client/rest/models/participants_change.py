from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.participants_change_action import (
    ParticipantsChangeAction,
    check_participants_change_action,
)

T = TypeVar("T", bound="ParticipantsChange")


@_attrs_define
class ParticipantsChange:
    """
    Attributes:
        action (ParticipantsChangeAction):
        participants (list[str]):
    """

    action: ParticipantsChangeAction
    participants: list[str]

    def to_dict(self) -> dict[str, Any]:
        action: str = self.action

        participants = self.participants

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "participants": participants,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = check_participants_change_action(d.pop("action"))

        participants = cast(list[str], d.pop("participants"))

        participants_change = cls(
            action=action,
            participants=participants,
        )

        return participants_change
