from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MarkRead")


@_attrs_define
class MarkRead:
    """Exactly one of `messageIds` and `upTo`.

    Attributes:
        message_ids (list[str] | None | Unset):
        up_to (str | Unset):
    """

    message_ids: list[str] | None | Unset = UNSET
    up_to: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        message_ids: list[str] | None | Unset
        if isinstance(self.message_ids, Unset):
            message_ids = UNSET
        elif isinstance(self.message_ids, list):
            message_ids = self.message_ids

        else:
            message_ids = self.message_ids

        up_to = self.up_to

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if message_ids is not UNSET:
            field_dict["messageIds"] = message_ids
        if up_to is not UNSET:
            field_dict["upTo"] = up_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_message_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                message_ids_type_0 = cast(list[str], data)

                return message_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        message_ids = _parse_message_ids(d.pop("messageIds", UNSET))

        up_to = d.pop("upTo", UNSET)

        mark_read = cls(
            message_ids=message_ids,
            up_to=up_to,
        )

        return mark_read
