from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.stored_message_poll_type_0_tally import StoredMessagePollType0Tally
    from ..models.stored_message_poll_type_0_votes import StoredMessagePollType0Votes


T = TypeVar("T", bound="StoredMessagePollType0")


@_attrs_define
class StoredMessagePollType0:
    """A poll's votes (voter -> options) and tally (option -> votes).

    Attributes:
        votes (StoredMessagePollType0Votes):
        tally (StoredMessagePollType0Tally):
    """

    votes: StoredMessagePollType0Votes
    tally: StoredMessagePollType0Tally

    def to_dict(self) -> dict[str, Any]:
        votes = self.votes.to_dict()

        tally = self.tally.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "votes": votes,
                "tally": tally,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_message_poll_type_0_tally import StoredMessagePollType0Tally  # noqa: PLC0415
        from ..models.stored_message_poll_type_0_votes import StoredMessagePollType0Votes  # noqa: PLC0415

        d = dict(src_dict)
        votes = StoredMessagePollType0Votes.from_dict(d.pop("votes"))

        tally = StoredMessagePollType0Tally.from_dict(d.pop("tally"))

        stored_message_poll_type_0 = cls(
            votes=votes,
            tally=tally,
        )

        return stored_message_poll_type_0
