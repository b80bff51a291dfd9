from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="NumberCheck")


@_attrs_define
class NumberCheck:
    """
    Attributes:
        phones (list[str]): Numbers to check, each 7 to 15 digits, optional leading `+`.
    """

    phones: list[str]

    def to_dict(self) -> dict[str, Any]:
        phones = self.phones

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "phones": phones,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        phones = cast(list[str], d.pop("phones"))

        number_check = cls(
            phones=phones,
        )

        return number_check
