from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="StoredContact")


@_attrs_define
class StoredContact:
    """
    Attributes:
        contact_id (str): The number, or the LID when WhatsApp named the person by LID alone.
        phone (None | str): Null when no number is known (the person is known by LID alone).
        lid (None | str): WhatsApp's hidden-number id, where a message carried it.
        push_name (None | str): The name the person chose, as their latest message carried it.
        name (None | str): The name in the account's address book, where app state gave it.
    """

    contact_id: str
    phone: None | str
    lid: None | str
    push_name: None | str
    name: None | str

    def to_dict(self) -> dict[str, Any]:
        contact_id = self.contact_id

        phone: None | str
        phone = self.phone

        lid: None | str
        lid = self.lid

        push_name: None | str
        push_name = self.push_name

        name: None | str
        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contactId": contact_id,
                "phone": phone,
                "lid": lid,
                "pushName": push_name,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_id = d.pop("contactId")

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_lid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        lid = _parse_lid(d.pop("lid"))

        def _parse_push_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        push_name = _parse_push_name(d.pop("pushName"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        stored_contact = cls(
            contact_id=contact_id,
            phone=phone,
            lid=lid,
            push_name=push_name,
            name=name,
        )

        return stored_contact
