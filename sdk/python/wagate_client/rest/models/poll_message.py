from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PollMessage")


@_attrs_define
class PollMessage:
    """
    Attributes:
        to (str): A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        question (str):
        options (list[str]): Distinct option names (a vote names options by their SHA-256).
        quoted_message_id (str | Unset): Makes the message a reply quoting this one: the `messageId` of a message the
            session received (a `message` event) or sent. Absent: not a reply.
        selectable_count (int | Unset): How many options one voter may choose (at most the options given); 1 if absent.
    """

    to: str
    question: str
    options: list[str]
    quoted_message_id: str | Unset = UNSET
    selectable_count: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        to = self.to

        question = self.question

        options = self.options

        quoted_message_id = self.quoted_message_id

        selectable_count = self.selectable_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
                "question": question,
                "options": options,
            }
        )
        if quoted_message_id is not UNSET:
            field_dict["quotedMessageId"] = quoted_message_id
        if selectable_count is not UNSET:
            field_dict["selectableCount"] = selectable_count

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = d.pop("to")

        question = d.pop("question")

        options = cast(list[str], d.pop("options"))

        quoted_message_id = d.pop("quotedMessageId", UNSET)

        selectable_count = d.pop("selectableCount", UNSET)

        poll_message = cls(
            to=to,
            question=question,
            options=options,
            quoted_message_id=quoted_message_id,
            selectable_count=selectable_count,
        )

        return poll_message
