from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ChangeChatStateResponse200")


@_attrs_define
class ChangeChatStateResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        chat_id (str):
        archived (bool):
        pinned (bool):
        muted_until (None | str): Null when not muted; the time the mute ends (UTC); or "forever".
        unread (bool):
    """

    success: bool
    company_id: str
    chat_id: str
    archived: bool
    pinned: bool
    muted_until: None | str
    unread: bool

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        chat_id = self.chat_id

        archived = self.archived

        pinned = self.pinned

        muted_until: None | str
        muted_until = self.muted_until

        unread = self.unread

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "chatId": chat_id,
                "archived": archived,
                "pinned": pinned,
                "mutedUntil": muted_until,
                "unread": unread,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        chat_id = d.pop("chatId")

        archived = d.pop("archived")

        pinned = d.pop("pinned")

        def _parse_muted_until(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        muted_until = _parse_muted_until(d.pop("mutedUntil"))

        unread = d.pop("unread")

        change_chat_state_response_200 = cls(
            success=success,
            company_id=company_id,
            chat_id=chat_id,
            archived=archived,
            pinned=pinned,
            muted_until=muted_until,
            unread=unread,
        )

        return change_chat_state_response_200
