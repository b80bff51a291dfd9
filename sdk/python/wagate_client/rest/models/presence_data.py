from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.presence_data_state import PresenceDataState, check_presence_data_state
from ..types import UNSET, Unset

T = TypeVar("T", bound="PresenceData")


@_attrs_define
class PresenceData:
    """
    Attributes:
        state (PresenceDataState):
        from_ (None | str): The sender's number. null only when WhatsApp named the sender by LID alone
            and the engine knows no number for it (then `fromLid` says who it was).
        last_seen (int | Unset): With `unavailable`, when the person was last online (Unix ms), if WhatsApp tells it.
        from_lid (str | Unset): The sender's LID (WhatsApp's hidden-number id), when WhatsApp sent one.
        chat (str | Unset): The chat, as a `message` event names it: the group it happened in, else the
            person's number (or LID).
    """

    state: PresenceDataState
    from_: None | str
    last_seen: int | Unset = UNSET
    from_lid: str | Unset = UNSET
    chat: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        state: str = self.state

        from_: None | str
        from_ = self.from_

        last_seen = self.last_seen

        from_lid = self.from_lid

        chat = self.chat

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "from": from_,
            }
        )
        if last_seen is not UNSET:
            field_dict["lastSeen"] = last_seen
        if from_lid is not UNSET:
            field_dict["fromLid"] = from_lid
        if chat is not UNSET:
            field_dict["chat"] = chat

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = check_presence_data_state(d.pop("state"))

        def _parse_from_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_ = _parse_from_(d.pop("from"))

        last_seen = d.pop("lastSeen", UNSET)

        from_lid = d.pop("fromLid", UNSET)

        chat = d.pop("chat", UNSET)

        presence_data = cls(
            state=state,
            from_=from_,
            last_seen=last_seen,
            from_lid=from_lid,
            chat=chat,
        )

        return presence_data
