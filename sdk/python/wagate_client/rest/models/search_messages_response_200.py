from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.stored_message import StoredMessage


T = TypeVar("T", bound="SearchMessagesResponse200")


@_attrs_define
class SearchMessagesResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        messages (list[StoredMessage]):
        next_ (None | str): A cursor for the next page that way; null when there is none.
    """

    success: bool
    company_id: str
    messages: list[StoredMessage]
    next_: None | str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        next_: None | str
        next_ = self.next_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "messages": messages,
                "next": next_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_message import StoredMessage  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = StoredMessage.from_dict(messages_item_data)

            messages.append(messages_item)

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))

        search_messages_response_200 = cls(
            success=success,
            company_id=company_id,
            messages=messages,
            next_=next_,
        )

        return search_messages_response_200
