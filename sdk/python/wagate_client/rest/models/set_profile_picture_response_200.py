from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SetProfilePictureResponse200")


@_attrs_define
class SetProfilePictureResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        width (int):
        height (int):
        sha256 (str):
    """

    success: bool
    company_id: str
    width: int
    height: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        width = self.width

        height = self.height

        sha256 = self.sha256

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "width": width,
                "height": height,
                "sha256": sha256,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        width = d.pop("width")

        height = d.pop("height")

        sha256 = d.pop("sha256")

        set_profile_picture_response_200 = cls(
            success=success,
            company_id=company_id,
            width=width,
            height=height,
            sha256=sha256,
        )

        return set_profile_picture_response_200
