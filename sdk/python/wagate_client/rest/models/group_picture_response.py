from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="GroupPictureResponse")


@_attrs_define
class GroupPictureResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        group_id (str):
        picture_id (None | str): The new picture's id; null once removed.
    """

    success: bool
    company_id: str
    group_id: str
    picture_id: None | str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        group_id = self.group_id

        picture_id: None | str
        picture_id = self.picture_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "groupId": group_id,
                "pictureId": picture_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        group_id = d.pop("groupId")

        def _parse_picture_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        picture_id = _parse_picture_id(d.pop("pictureId"))

        group_picture_response = cls(
            success=success,
            company_id=company_id,
            group_id=group_id,
            picture_id=picture_id,
        )

        return group_picture_response
