from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.pin_message_duration import PinMessageDuration, check_pin_message_duration

T = TypeVar("T", bound="PinMessage")


@_attrs_define
class PinMessage:
    """
    Attributes:
        duration (PinMessageDuration): how long the message stays pinned for everyone in the chat
    """

    duration: PinMessageDuration

    def to_dict(self) -> dict[str, Any]:
        duration: str = self.duration

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "duration": duration,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        duration = check_pin_message_duration(d.pop("duration"))

        pin_message = cls(
            duration=duration,
        )

        return pin_message
