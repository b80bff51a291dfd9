from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DeleteResponse")


@_attrs_define
class DeleteResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        deleted (bool): Whether there was a session to delete.
    """

    success: bool
    company_id: str
    deleted: bool

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        deleted = self.deleted

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "deleted": deleted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        deleted = d.pop("deleted")

        delete_response = cls(
            success=success,
            company_id=company_id,
            deleted=deleted,
        )

        return delete_response
