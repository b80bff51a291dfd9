from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ReactionMessage")


@_attrs_define
class ReactionMessage:
    """
    Attributes:
        to (str): A chat: a phone number (country code first, 7 to 15 digits, optional leading `+`),
            a group id (`…@g.us`, as `GET /sessions/{companyId}/groups` lists them), or, to
            send to, a LID (`digits@lid`), sent to its number.
        message_id (str): A message sent or received in the chat `to`.
        emoji (str): One emoji, no spaces; empty removes the session's reaction.
    """

    to: str
    message_id: str
    emoji: str

    def to_dict(self) -> dict[str, Any]:
        to = self.to

        message_id = self.message_id

        emoji = self.emoji

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
                "messageId": message_id,
                "emoji": emoji,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = d.pop("to")

        message_id = d.pop("messageId")

        emoji = d.pop("emoji")

        reaction_message = cls(
            to=to,
            message_id=message_id,
            emoji=emoji,
        )

        return reaction_message
