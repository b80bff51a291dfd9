from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MessageDataContactsItem")


@_attrs_define
class MessageDataContactsItem:
    """
    Attributes:
        name (str):
        vcard (str): The contact's vCard as the sender sent it.
    """

    name: str
    vcard: str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        vcard = self.vcard

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "vcard": vcard,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        vcard = d.pop("vcard")

        message_data_contacts_item = cls(
            name=name,
            vcard=vcard,
        )

        return message_data_contacts_item
