from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DeleteResponsePurged")


@_attrs_define
class DeleteResponsePurged:
    """With `purge=true`, how many stored messages and media were deleted.

    Attributes:
        messages (int):
        media (int):
    """

    messages: int
    media: int

    def to_dict(self) -> dict[str, Any]:
        messages = self.messages

        media = self.media

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "messages": messages,
                "media": media,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        messages = d.pop("messages")

        media = d.pop("media")

        delete_response_purged = cls(
            messages=messages,
            media=media,
        )

        return delete_response_purged
