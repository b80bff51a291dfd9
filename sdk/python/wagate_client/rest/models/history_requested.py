from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="HistoryRequested")


@_attrs_define
class HistoryRequested:
    """
    Attributes:
        success (bool):
        company_id (str):
        chat_id (str):
        count (int):
        before (str): The oldest stored message's id; the phone sends what came before it.
    """

    success: bool
    company_id: str
    chat_id: str
    count: int
    before: str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        chat_id = self.chat_id

        count = self.count

        before = self.before

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "chatId": chat_id,
                "count": count,
                "before": before,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        chat_id = d.pop("chatId")

        count = d.pop("count")

        before = d.pop("before")

        history_requested = cls(
            success=success,
            company_id=company_id,
            chat_id=chat_id,
            count=count,
            before=before,
        )

        return history_requested
