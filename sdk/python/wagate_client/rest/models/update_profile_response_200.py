from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateProfileResponse200")


@_attrs_define
class UpdateProfileResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        push_name (str | Unset):
        about (str | Unset):
    """

    success: bool
    company_id: str
    push_name: str | Unset = UNSET
    about: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        push_name = self.push_name

        about = self.about

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
            }
        )
        if push_name is not UNSET:
            field_dict["pushName"] = push_name
        if about is not UNSET:
            field_dict["about"] = about

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        push_name = d.pop("pushName", UNSET)

        about = d.pop("about", UNSET)

        update_profile_response_200 = cls(
            success=success,
            company_id=company_id,
            push_name=push_name,
            about=about,
        )

        return update_profile_response_200
