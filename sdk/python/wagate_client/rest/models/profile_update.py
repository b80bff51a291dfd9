from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProfileUpdate")


@_attrs_define
class ProfileUpdate:
    """
    Attributes:
        push_name (str | Unset): The name the account's messages carry (WhatsApp's apps allow 25 characters).
        about (str | Unset): The about text; "" clears it.
    """

    push_name: str | Unset = UNSET
    about: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        push_name = self.push_name

        about = self.about

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if push_name is not UNSET:
            field_dict["pushName"] = push_name
        if about is not UNSET:
            field_dict["about"] = about

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        push_name = d.pop("pushName", UNSET)

        about = d.pop("about", UNSET)

        profile_update = cls(
            push_name=push_name,
            about=about,
        )

        return profile_update
