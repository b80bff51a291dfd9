from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.stored_message import StoredMessage


T = TypeVar("T", bound="ListChatMessagesResponse200")


@_attrs_define
class ListChatMessagesResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        chat_id (str):
        messages (list[StoredMessage]):
        before (None | str): A cursor for the next page that way; null when there is none.
        after (None | str): A cursor for the next page that way; null when there is none.
    """

    success: bool
    company_id: str
    chat_id: str
    messages: list[StoredMessage]
    before: None | str
    after: None | str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        chat_id = self.chat_id

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        before: None | str
        before = self.before

        after: None | str
        after = self.after

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "chatId": chat_id,
                "messages": messages,
                "before": before,
                "after": after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_message import StoredMessage  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        chat_id = d.pop("chatId")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = StoredMessage.from_dict(messages_item_data)

            messages.append(messages_item)

        def _parse_before(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        before = _parse_before(d.pop("before"))

        def _parse_after(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        after = _parse_after(d.pop("after"))

        list_chat_messages_response_200 = cls(
            success=success,
            company_id=company_id,
            chat_id=chat_id,
            messages=messages,
            before=before,
            after=after,
        )

        return list_chat_messages_response_200
