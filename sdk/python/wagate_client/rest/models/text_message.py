from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TextMessage")


@_attrs_define
class TextMessage:
    """
    Attributes:
        to (str): A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        text (str): The text, 1 to 4096 characters.
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
    """

    to: str
    text: str
    quoted_message_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        to = self.to

        text = self.text

        quoted_message_id = self.quoted_message_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
                "text": text,
            }
        )
        if quoted_message_id is not UNSET:
            field_dict["quotedMessageId"] = quoted_message_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = d.pop("to")

        text = d.pop("text")

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        text_message = cls(
            to=to,
            text=text,
            quoted_message_id=quoted_message_id,
        )

        return text_message
