from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TextMessage")


@_attrs_define
class TextMessage:
    """
    Attributes:
        to (str): A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`)
            or a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them).
        text (str): The text, 1 to 4096 characters.
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
        mentions (list[str] | Unset): Numbers the text mentions (7 to 15 digits, optional leading +), each written in
            the text as `@` and its digits (`@79001234567`): WhatsApp shows it as the
            person's name and notifies them. A number that is not valid, or that the text
            does not write, is `422 validation_failed`.
        mention_all (bool | Unset): In a group only: the text's `@all` mentions every member (WhatsApp's own
            mention of everyone). The text must write `@all`, and `to` must be a group;
            else `422 validation_failed`.
    """

    to: str
    text: str
    quoted_message_id: str | Unset = UNSET
    mentions: list[str] | Unset = UNSET
    mention_all: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        to = self.to

        text = self.text

        quoted_message_id = self.quoted_message_id

        mentions: list[str] | Unset = UNSET
        if not isinstance(self.mentions, Unset):
            mentions = self.mentions

        mention_all = self.mention_all

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
                "text": text,
            }
        )
        if quoted_message_id is not UNSET:
            field_dict["quotedMessageId"] = quoted_message_id
        if mentions is not UNSET:
            field_dict["mentions"] = mentions
        if mention_all is not UNSET:
            field_dict["mentionAll"] = mention_all

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = d.pop("to")

        text = d.pop("text")

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        mentions = cast(list[str], d.pop("mentions", UNSET))

        mention_all = d.pop("mentionAll", UNSET)

        text_message = cls(
            to=to,
            text=text,
            quoted_message_id=quoted_message_id,
            mentions=mentions,
            mention_all=mention_all,
        )

        return text_message
