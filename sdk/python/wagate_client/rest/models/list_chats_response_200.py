from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.stored_chat import StoredChat


T = TypeVar("T", bound="ListChatsResponse200")


@_attrs_define
class ListChatsResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        chats (list[StoredChat]):
        next_ (None | str): A cursor for the next page that way; null when there is none.
    """

    success: bool
    company_id: str
    chats: list[StoredChat]
    next_: None | str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        chats = []
        for chats_item_data in self.chats:
            chats_item = chats_item_data.to_dict()
            chats.append(chats_item)

        next_: None | str
        next_ = self.next_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "chats": chats,
                "next": next_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_chat import StoredChat  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        chats = []
        _chats = d.pop("chats")
        for chats_item_data in _chats:
            chats_item = StoredChat.from_dict(chats_item_data)

            chats.append(chats_item)

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))

        list_chats_response_200 = cls(
            success=success,
            company_id=company_id,
            chats=chats,
            next_=next_,
        )

        return list_chats_response_200
