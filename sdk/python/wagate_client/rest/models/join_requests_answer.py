from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.join_requests_answer_action import (
    JoinRequestsAnswerAction,
    check_join_requests_answer_action,
)

T = TypeVar("T", bound="JoinRequestsAnswer")


@_attrs_define
class JoinRequestsAnswer:
    """
    Attributes:
        action (JoinRequestsAnswerAction):
        participants (list[str]):
    """

    action: JoinRequestsAnswerAction
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
        action = check_join_requests_answer_action(d.pop("action"))

        participants = cast(list[str], d.pop("participants"))

        join_requests_answer = cls(
            action=action,
            participants=participants,
        )

        return join_requests_answer
