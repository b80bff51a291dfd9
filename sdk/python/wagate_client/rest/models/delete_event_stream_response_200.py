from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DeleteEventStreamResponse200")


@_attrs_define
class DeleteEventStreamResponse200:
    """
    Attributes:
        success (bool):
        id (str):
        deleted (bool):
    """

    success: bool
    id: str
    deleted: bool

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        id = self.id

        deleted = self.deleted

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "id": id,
                "deleted": deleted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        id = d.pop("id")

        deleted = d.pop("deleted")

        delete_event_stream_response_200 = cls(
            success=success,
            id=id,
            deleted=deleted,
        )

        return delete_event_stream_response_200
