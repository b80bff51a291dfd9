from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.chat_presence_state import ChatPresenceState, check_chat_presence_state

T = TypeVar("T", bound="ChatPresence")


@_attrs_define
class ChatPresence:
    """
    Attributes:
        state (ChatPresenceState):
    """

    state: ChatPresenceState

    def to_dict(self) -> dict[str, Any]:
        state: str = self.state

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = check_chat_presence_state(d.pop("state"))

        chat_presence = cls(
            state=state,
        )

        return chat_presence
