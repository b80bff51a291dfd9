from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.group import Group


T = TypeVar("T", bound="GroupResponse")


@_attrs_define
class GroupResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        group (Group):
    """

    success: bool
    company_id: str
    group: Group

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        group = self.group.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "group": group,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group import Group  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        group = Group.from_dict(d.pop("group"))

        group_response = cls(
            success=success,
            company_id=company_id,
            group=group,
        )

        return group_response
