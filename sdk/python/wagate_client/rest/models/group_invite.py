from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="GroupInvite")


@_attrs_define
class GroupInvite:
    """
    Attributes:
        success (bool):
        company_id (str):
        group_id (str):
        code (str):
        link (str):
    """

    success: bool
    company_id: str
    group_id: str
    code: str
    link: str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        group_id = self.group_id

        code = self.code

        link = self.link

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "groupId": group_id,
                "code": code,
                "link": link,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        group_id = d.pop("groupId")

        code = d.pop("code")

        link = d.pop("link")

        group_invite = cls(
            success=success,
            company_id=company_id,
            group_id=group_id,
            code=code,
            link=link,
        )

        return group_invite
