from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TextMessage")


@_attrs_define
class TextMessage:
    """
    Attributes:
        to (Literal['status@broadcast'] | str): A chat (`ChatId`); `status@broadcast`: the message is a status update (a
            story),
            which WhatsApp sends to the account's contacts (the numbers its address book
            names); or a channel's id (`…@newsletter`): a post to a channel the account owns or
            administers (`403 not_channel_admin` otherwise, `404 channel_not_found` for no such
            channel). Only text, images and videos may be a status or a post, and neither
            quotes anything.
        text (str): The text, 1 to 4096 characters.
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
    """

    to: Literal["status@broadcast"] | str
    text: str
    quoted_message_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        to: Literal["status@broadcast"] | str
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

        def _parse_to(data: object) -> Literal["status@broadcast"] | str:
            componentsschemas_chat_or_status_type_1 = cast(Literal["status@broadcast"], data)
            if componentsschemas_chat_or_status_type_1 != "status@broadcast":
                raise ValueError(
                    f"/components/schemas/ChatOrStatus_type_1 must match const 'status@broadcast', got '{componentsschemas_chat_or_status_type_1}'"
                )
            return componentsschemas_chat_or_status_type_1
            return cast(Literal["status@broadcast"] | str, data)

        to = _parse_to(d.pop("to"))

        text = d.pop("text")

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        text_message = cls(
            to=to,
            text=text,
            quoted_message_id=quoted_message_id,
        )

        return text_message
