from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ErrorDataType0")


@_attrs_define
class ErrorDataType0:
    """
    Attributes:
        code (Literal['rate_overlimit']):
        retry_after_seconds (float): How long sends pause.
        message (str):
    """

    code: Literal["rate_overlimit"]
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
        code = cast(Literal["rate_overlimit"], d.pop("code"))
        if code != "rate_overlimit":
            raise ValueError(f"code must match const 'rate_overlimit', got '{code}'")

        retry_after_seconds = d.pop("retryAfterSeconds")

        message = d.pop("message")

        error_data_type_0 = cls(
            code=code,
            retry_after_seconds=retry_after_seconds,
            message=message,
        )

        return error_data_type_0
