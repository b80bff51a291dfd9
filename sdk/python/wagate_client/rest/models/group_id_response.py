from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="GroupIdResponse")


@_attrs_define
class GroupIdResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        group_id (str):
    """

    success: bool
    company_id: str
    group_id: str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        group_id = self.group_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "groupId": group_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        group_id = d.pop("groupId")

        group_id_response = cls(
            success=success,
            company_id=company_id,
            group_id=group_id,
        )

        return group_id_response
