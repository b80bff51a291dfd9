from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="GroupCreate")


@_attrs_define
class GroupCreate:
    """
    Attributes:
        subject (str):
        participants (list[str]):
    """

    subject: str
    participants: list[str]

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject

        participants = self.participants

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject": subject,
                "participants": participants,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject = d.pop("subject")

        participants = cast(list[str], d.pop("participants"))

        group_create = cls(
            subject=subject,
            participants=participants,
        )

        return group_create
