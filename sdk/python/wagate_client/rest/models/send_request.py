from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SendRequest")


@_attrs_define
class SendRequest:
    """
    Attributes:
        phone (str): The recipient: a number, country code first, 7 to 15 digits, optional leading
            `+`; or a LID as `digits@lid` (an event's `fromLid` with `@lid`), sent to its
            number (`404 lid_not_found` when WhatsApp has not told the session it).
        message (str): The text, 1 to 4096 characters.
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
    """

    phone: str
    message: str
    quoted_message_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        phone = self.phone

        message = self.message

        quoted_message_id = self.quoted_message_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "phone": phone,
                "message": message,
            }
        )
        if quoted_message_id is not UNSET:
            field_dict["quotedMessageId"] = quoted_message_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        phone = d.pop("phone")

        message = d.pop("message")

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        send_request = cls(
            phone=phone,
            message=message,
            quoted_message_id=quoted_message_id,
        )

        return send_request
