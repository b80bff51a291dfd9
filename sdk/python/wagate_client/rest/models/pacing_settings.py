from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PacingSettings")


@_attrs_define
class PacingSettings:
    """How a tenant's sends are paced against WhatsApp's ban heuristics, which look for
    numbers that start many chats and send faster than people type.

        Attributes:
            new_chats_per_hour (int | None | Unset): At most this many new chats started in any hour (null: no cap). A new
                chat is
                a 1:1 chat the tenant never wrote to nor heard from; a first message over the
                cap is `429 new_chat_limit_reached` with `Retry-After`, nothing sent. Messages
                in chats under way, and in groups, are never capped.
            new_chats_per_day (int | None | Unset): The same over any 24 hours (null: no cap).
            typing_before_send (bool | Unset): Show `composing` in the chat before a message, for 0.5 s + 0.04 s a character
                of its text or caption, at most 4 s; then the message, then `paused`.
                 Default: False.
            jitter_ms (int | Unset): A random delay before each message, up to this many milliseconds. Default: 0.
    """

    new_chats_per_hour: int | None | Unset = UNSET
    new_chats_per_day: int | None | Unset = UNSET
    typing_before_send: bool | Unset = False
    jitter_ms: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        new_chats_per_hour: int | None | Unset
        if isinstance(self.new_chats_per_hour, Unset):
            new_chats_per_hour = UNSET
        else:
            new_chats_per_hour = self.new_chats_per_hour

        new_chats_per_day: int | None | Unset
        if isinstance(self.new_chats_per_day, Unset):
            new_chats_per_day = UNSET
        else:
            new_chats_per_day = self.new_chats_per_day

        typing_before_send = self.typing_before_send

        jitter_ms = self.jitter_ms

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if new_chats_per_hour is not UNSET:
            field_dict["newChatsPerHour"] = new_chats_per_hour
        if new_chats_per_day is not UNSET:
            field_dict["newChatsPerDay"] = new_chats_per_day
        if typing_before_send is not UNSET:
            field_dict["typingBeforeSend"] = typing_before_send
        if jitter_ms is not UNSET:
            field_dict["jitterMs"] = jitter_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_new_chats_per_hour(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        new_chats_per_hour = _parse_new_chats_per_hour(d.pop("newChatsPerHour", UNSET))

        def _parse_new_chats_per_day(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        new_chats_per_day = _parse_new_chats_per_day(d.pop("newChatsPerDay", UNSET))

        typing_before_send = d.pop("typingBeforeSend", UNSET)

        jitter_ms = d.pop("jitterMs", UNSET)

        pacing_settings = cls(
            new_chats_per_hour=new_chats_per_hour,
            new_chats_per_day=new_chats_per_day,
            typing_before_send=typing_before_send,
            jitter_ms=jitter_ms,
        )

        return pacing_settings
