from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.stored_chat_last_message_direction import (
    StoredChatLastMessageDirection,
    check_stored_chat_last_message_direction,
)

T = TypeVar("T", bound="StoredChatLastMessage")


@_attrs_define
class StoredChatLastMessage:
    """
    Attributes:
        message_id (str):
        kind (str):
        direction (StoredChatLastMessageDirection):
        preview (None | str): The first 200 characters; null in a `metadata` store or once revoked.
    """

    message_id: str
    kind: str
    direction: StoredChatLastMessageDirection
    preview: None | str

    def to_dict(self) -> dict[str, Any]:
        message_id = self.message_id

        kind = self.kind

        direction: str = self.direction

        preview: None | str
        preview = self.preview

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "messageId": message_id,
                "kind": kind,
                "direction": direction,
                "preview": preview,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message_id = d.pop("messageId")

        kind = d.pop("kind")

        direction = check_stored_chat_last_message_direction(d.pop("direction"))

        def _parse_preview(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        preview = _parse_preview(d.pop("preview"))

        stored_chat_last_message = cls(
            message_id=message_id,
            kind=kind,
            direction=direction,
            preview=preview,
        )

        return stored_chat_last_message
