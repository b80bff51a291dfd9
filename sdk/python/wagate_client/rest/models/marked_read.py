from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="MarkedRead")


@_attrs_define
class MarkedRead:
    """
    Attributes:
        success (bool):
        company_id (str):
        chat_id (str):
        message_ids (list[str]): The messages marked read now (none when all were read already).
    """

    success: bool
    company_id: str
    chat_id: str
    message_ids: list[str]

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        chat_id = self.chat_id

        message_ids = self.message_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "chatId": chat_id,
                "messageIds": message_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        chat_id = d.pop("chatId")

        message_ids = cast(list[str], d.pop("messageIds"))

        marked_read = cls(
            success=success,
            company_id=company_id,
            chat_id=chat_id,
            message_ids=message_ids,
        )

        return marked_read
