from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.api_key import ApiKey


T = TypeVar("T", bound="ApiKeyResponse")


@_attrs_define
class ApiKeyResponse:
    """
    Attributes:
        success (bool):
        api_key (ApiKey): An API key's record; the key itself is never shown after it is created.
    """

    success: bool
    api_key: ApiKey

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        api_key = self.api_key.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "apiKey": api_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_key import ApiKey  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        api_key = ApiKey.from_dict(d.pop("apiKey"))

        api_key_response = cls(
            success=success,
            api_key=api_key,
        )

        return api_key_response
