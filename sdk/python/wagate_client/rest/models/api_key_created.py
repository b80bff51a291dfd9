from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.api_key import ApiKey


T = TypeVar("T", bound="ApiKeyCreated")


@_attrs_define
class ApiKeyCreated:
    """
    Attributes:
        success (bool):
        api_key (ApiKey): An API key's record; the key itself is never shown after it is created.
        key (str): The key, shown this once.
        message (str):
    """

    success: bool
    api_key: ApiKey
    key: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        api_key = self.api_key.to_dict()

        key = self.key

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "apiKey": api_key,
                "key": key,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_key import ApiKey  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        api_key = ApiKey.from_dict(d.pop("apiKey"))

        key = d.pop("key")

        message = d.pop("message")

        api_key_created = cls(
            success=success,
            api_key=api_key,
            key=key,
            message=message,
        )

        return api_key_created
