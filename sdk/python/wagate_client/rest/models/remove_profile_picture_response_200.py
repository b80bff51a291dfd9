from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RemoveProfilePictureResponse200")


@_attrs_define
class RemoveProfilePictureResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        removed (bool):
    """

    success: bool
    company_id: str
    removed: bool

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        removed = self.removed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "removed": removed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        removed = d.pop("removed")

        remove_profile_picture_response_200 = cls(
            success=success,
            company_id=company_id,
            removed=removed,
        )

        return remove_profile_picture_response_200
