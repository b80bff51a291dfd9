from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="StoredMessageReactionsItem")


@_attrs_define
class StoredMessageReactionsItem:
    """
    Attributes:
        from_ (str):
        emoji (str):
    """

    from_: str
    emoji: str

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_

        emoji = self.emoji

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from": from_,
                "emoji": emoji,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_ = d.pop("from")

        emoji = d.pop("emoji")

        stored_message_reactions_item = cls(
            from_=from_,
            emoji=emoji,
        )

        return stored_message_reactions_item
