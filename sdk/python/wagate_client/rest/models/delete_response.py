from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.delete_response_purged import DeleteResponsePurged


T = TypeVar("T", bound="DeleteResponse")


@_attrs_define
class DeleteResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        deleted (bool): Whether there was a session to delete.
        purged (DeleteResponsePurged | Unset): With `purge=true`, how many stored messages and media were deleted.
    """

    success: bool
    company_id: str
    deleted: bool
    purged: DeleteResponsePurged | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        deleted = self.deleted

        purged: dict[str, Any] | Unset = UNSET
        if not isinstance(self.purged, Unset):
            purged = self.purged.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "deleted": deleted,
            }
        )
        if purged is not UNSET:
            field_dict["purged"] = purged

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delete_response_purged import DeleteResponsePurged  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        deleted = d.pop("deleted")

        _purged = d.pop("purged", UNSET)
        purged: DeleteResponsePurged | Unset
        if isinstance(_purged, Unset):
            purged = UNSET
        else:
            purged = DeleteResponsePurged.from_dict(_purged)

        delete_response = cls(
            success=success,
            company_id=company_id,
            deleted=deleted,
            purged=purged,
        )

        return delete_response
