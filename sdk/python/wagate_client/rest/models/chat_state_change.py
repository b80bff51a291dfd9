from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatStateChange")


@_attrs_define
class ChatStateChange:
    """Exactly one of the fields.

    Attributes:
        archived (bool | Unset):
        pinned (bool | Unset):
        muted_until (None | str | Unset): An ISO 8601 time to come with its offset, "forever", or null (unmute).
        unread (bool | Unset): Marked unread by hand (a read mark clears it).
    """

    archived: bool | Unset = UNSET
    pinned: bool | Unset = UNSET
    muted_until: None | str | Unset = UNSET
    unread: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        archived = self.archived

        pinned = self.pinned

        muted_until: None | str | Unset
        if isinstance(self.muted_until, Unset):
            muted_until = UNSET
        else:
            muted_until = self.muted_until

        unread = self.unread

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if archived is not UNSET:
            field_dict["archived"] = archived
        if pinned is not UNSET:
            field_dict["pinned"] = pinned
        if muted_until is not UNSET:
            field_dict["mutedUntil"] = muted_until
        if unread is not UNSET:
            field_dict["unread"] = unread

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        archived = d.pop("archived", UNSET)

        pinned = d.pop("pinned", UNSET)

        def _parse_muted_until(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        muted_until = _parse_muted_until(d.pop("mutedUntil", UNSET))

        unread = d.pop("unread", UNSET)

        chat_state_change = cls(
            archived=archived,
            pinned=pinned,
            muted_until=muted_until,
            unread=unread,
        )

        return chat_state_change
