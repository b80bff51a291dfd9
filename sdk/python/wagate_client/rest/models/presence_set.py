from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.presence_set_state import PresenceSetState, check_presence_set_state
from ..types import UNSET, Unset

T = TypeVar("T", bound="PresenceSet")


@_attrs_define
class PresenceSet:
    """
    Attributes:
        success (bool):
        company_id (str):
        chat_id (str | Unset): The chat (chat presence).
        state (PresenceSetState | Unset):
        available (bool | Unset): The session's own availability (`POST /presence`).
    """

    success: bool
    company_id: str
    chat_id: str | Unset = UNSET
    state: PresenceSetState | Unset = UNSET
    available: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        chat_id = self.chat_id

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state

        available = self.available

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
            }
        )
        if chat_id is not UNSET:
            field_dict["chatId"] = chat_id
        if state is not UNSET:
            field_dict["state"] = state
        if available is not UNSET:
            field_dict["available"] = available

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        chat_id = d.pop("chatId", UNSET)

        _state = d.pop("state", UNSET)
        state: PresenceSetState | Unset
        if isinstance(_state, Unset):
            state = UNSET
        else:
            state = check_presence_set_state(_state)

        available = d.pop("available", UNSET)

        presence_set = cls(
            success=success,
            company_id=company_id,
            chat_id=chat_id,
            state=state,
            available=available,
        )

        return presence_set
