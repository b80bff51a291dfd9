from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ErrorDataType2")


@_attrs_define
class ErrorDataType2:
    """
    Attributes:
        code (Literal['account_restricted']):
        retry_after_seconds (float): How long until WhatsApp lifts the restriction.
        message (str):
    """

    code: Literal["account_restricted"]
    retry_after_seconds: float
    message: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        retry_after_seconds = self.retry_after_seconds

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "retryAfterSeconds": retry_after_seconds,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = cast(Literal["account_restricted"], d.pop("code"))
        if code != "account_restricted":
            raise ValueError(f"code must match const 'account_restricted', got '{code}'")

        retry_after_seconds = d.pop("retryAfterSeconds")

        message = d.pop("message")

        error_data_type_2 = cls(
            code=code,
            retry_after_seconds=retry_after_seconds,
            message=message,
        )

        return error_data_type_2
