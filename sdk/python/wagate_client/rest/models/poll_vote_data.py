from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PollVoteData")


@_attrs_define
class PollVoteData:
    """
    Attributes:
        poll_id (str): The poll (the `messageId` its send returned).
        options (list[str]): The options the voter now chooses, by name; empty when they withdrew their vote.
        from_ (None | str): The sender's number. null only when WhatsApp named the sender by LID alone
            and the engine knows no number for it (then `fromLid` says who it was).
        timestamp (int):
        from_lid (str | Unset): The sender's LID (WhatsApp's hidden-number id), when WhatsApp sent one.
        chat (str | Unset): The chat, as a `message` event names it: the group it happened in, else the
            person's number (or LID).
    """

    poll_id: str
    options: list[str]
    from_: None | str
    timestamp: int
    from_lid: str | Unset = UNSET
    chat: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        poll_id = self.poll_id

        options = self.options

        from_: None | str
        from_ = self.from_

        timestamp = self.timestamp

        from_lid = self.from_lid

        chat = self.chat

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pollId": poll_id,
                "options": options,
                "from": from_,
                "timestamp": timestamp,
            }
        )
        if from_lid is not UNSET:
            field_dict["fromLid"] = from_lid
        if chat is not UNSET:
            field_dict["chat"] = chat

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        poll_id = d.pop("pollId")

        options = cast(list[str], d.pop("options"))

        def _parse_from_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_ = _parse_from_(d.pop("from"))

        timestamp = d.pop("timestamp")

        from_lid = d.pop("fromLid", UNSET)

        chat = d.pop("chat", UNSET)

        poll_vote_data = cls(
            poll_id=poll_id,
            options=options,
            from_=from_,
            timestamp=timestamp,
            from_lid=from_lid,
            chat=chat,
        )

        return poll_vote_data
