from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="NumberCheckResponseNumbersItem")


@_attrs_define
class NumberCheckResponseNumbersItem:
    """
    Attributes:
        phone (str):
        on_whats_app (bool):
        jid (None | str): WhatsApp's address of the account, when on WhatsApp.
        lid (None | str): The account's LID, when WhatsApp told it.
        cached (bool): Answered from the cache, without asking WhatsApp.
    """

    phone: str
    on_whats_app: bool
    jid: None | str
    lid: None | str
    cached: bool

    def to_dict(self) -> dict[str, Any]:
        phone = self.phone

        on_whats_app = self.on_whats_app

        jid: None | str
        jid = self.jid

        lid: None | str
        lid = self.lid

        cached = self.cached

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "phone": phone,
                "onWhatsApp": on_whats_app,
                "jid": jid,
                "lid": lid,
                "cached": cached,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        phone = d.pop("phone")

        on_whats_app = d.pop("onWhatsApp")

        def _parse_jid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        jid = _parse_jid(d.pop("jid"))

        def _parse_lid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        lid = _parse_lid(d.pop("lid"))

        cached = d.pop("cached")

        number_check_response_numbers_item = cls(
            phone=phone,
            on_whats_app=on_whats_app,
            jid=jid,
            lid=lid,
            cached=cached,
        )

        return number_check_response_numbers_item
