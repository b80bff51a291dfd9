from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_error import FieldError


T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """Every error body. `code` is stable and machine-readable; each response lists the
    codes it can carry. `details` comes with `validation_failed` only.

        Attributes:
            success (bool):
            code (str):
            error (str): A sentence for humans; may change between versions.
            details (list[FieldError] | Unset):
    """

    success: bool
    code: str
    error: str
    details: list[FieldError] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        code = self.code

        error = self.error

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "code": code,
                "error": error,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error import FieldError  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        code = d.pop("code")

        error = d.pop("error")

        _details = d.pop("details", UNSET)
        details: list[FieldError] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = FieldError.from_dict(details_item_data)

                details.append(details_item)

        error = cls(
            success=success,
            code=code,
            error=error,
            details=details,
        )

        return error
