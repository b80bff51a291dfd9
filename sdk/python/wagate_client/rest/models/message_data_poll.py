from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="MessageDataPoll")


@_attrs_define
class MessageDataPoll:
    """
    Attributes:
        question (str):
        options (list[str]):
        selectable_count (int):
    """

    question: str
    options: list[str]
    selectable_count: int

    def to_dict(self) -> dict[str, Any]:
        question = self.question

        options = self.options

        selectable_count = self.selectable_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "question": question,
                "options": options,
                "selectableCount": selectable_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        question = d.pop("question")

        options = cast(list[str], d.pop("options"))

        selectable_count = d.pop("selectableCount")

        message_data_poll = cls(
            question=question,
            options=options,
            selectable_count=selectable_count,
        )

        return message_data_poll
