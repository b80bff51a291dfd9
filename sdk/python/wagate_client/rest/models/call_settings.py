from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="CallSettings")


@_attrs_define
class CallSettings:
    """
    Attributes:
        company_id (str):
        auto_reject (bool):
        reply_text (None | str):
    """

    company_id: str
    auto_reject: bool
    reply_text: None | str

    def to_dict(self) -> dict[str, Any]:
        company_id = self.company_id

        auto_reject = self.auto_reject

        reply_text: None | str
        reply_text = self.reply_text

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "companyId": company_id,
                "autoReject": auto_reject,
                "replyText": reply_text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        company_id = d.pop("companyId")

        auto_reject = d.pop("autoReject")

        def _parse_reply_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reply_text = _parse_reply_text(d.pop("replyText"))

        call_settings = cls(
            company_id=company_id,
            auto_reject=auto_reject,
            reply_text=reply_text,
        )

        return call_settings
