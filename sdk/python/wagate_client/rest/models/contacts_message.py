from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_fields import ContactFields


T = TypeVar("T", bound="ContactsMessage")


@_attrs_define
class ContactsMessage:
    """
    Attributes:
        to (str): A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        contacts (list[ContactFields]):
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
    """

    to: str
    contacts: list[ContactFields]
    quoted_message_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        to = self.to

        contacts = []
        for contacts_item_data in self.contacts:
            contacts_item = contacts_item_data.to_dict()
            contacts.append(contacts_item)

        quoted_message_id = self.quoted_message_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
                "contacts": contacts,
            }
        )
        if quoted_message_id is not UNSET:
            field_dict["quotedMessageId"] = quoted_message_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_fields import ContactFields  # noqa: PLC0415

        d = dict(src_dict)
        to = d.pop("to")

        contacts = []
        _contacts = d.pop("contacts")
        for contacts_item_data in _contacts:
            contacts_item = ContactFields.from_dict(contacts_item_data)

            contacts.append(contacts_item)

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        contacts_message = cls(
            to=to,
            contacts=contacts,
            quoted_message_id=quoted_message_id,
        )

        return contacts_message
