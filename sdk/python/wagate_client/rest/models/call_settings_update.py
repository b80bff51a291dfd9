from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallSettingsUpdate")


@_attrs_define
class CallSettingsUpdate:
    """
    Attributes:
        auto_reject (bool): Decline every call as soon as it rings.
        reply_text (None | str | Unset): Then send the caller this text (null or absent, none).
    """

    auto_reject: bool
    reply_text: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        auto_reject = self.auto_reject

        reply_text: None | str | Unset
        if isinstance(self.reply_text, Unset):
            reply_text = UNSET
        else:
            reply_text = self.reply_text

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "autoReject": auto_reject,
            }
        )
        if reply_text is not UNSET:
            field_dict["replyText"] = reply_text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        auto_reject = d.pop("autoReject")

        def _parse_reply_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_text = _parse_reply_text(d.pop("replyText", UNSET))

        call_settings_update = cls(
            auto_reject=auto_reject,
            reply_text=reply_text,
        )

        return call_settings_update
