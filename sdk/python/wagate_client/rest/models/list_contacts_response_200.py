from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.stored_contact import StoredContact


T = TypeVar("T", bound="ListContactsResponse200")


@_attrs_define
class ListContactsResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        contacts (list[StoredContact]):
        next_ (None | str): A cursor for the next page that way; null when there is none.
    """

    success: bool
    company_id: str
    contacts: list[StoredContact]
    next_: None | str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        contacts = []
        for contacts_item_data in self.contacts:
            contacts_item = contacts_item_data.to_dict()
            contacts.append(contacts_item)

        next_: None | str
        next_ = self.next_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "contacts": contacts,
                "next": next_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_contact import StoredContact  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        contacts = []
        _contacts = d.pop("contacts")
        for contacts_item_data in _contacts:
            contacts_item = StoredContact.from_dict(contacts_item_data)

            contacts.append(contacts_item)

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))

        list_contacts_response_200 = cls(
            success=success,
            company_id=company_id,
            contacts=contacts,
            next_=next_,
        )

        return list_contacts_response_200
