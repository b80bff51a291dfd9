from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_type import EventType, check_event_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorDataType1")


@_attrs_define
class ErrorDataType1:
    """
    Attributes:
        code (Literal['event_quarantined']):
        message (str):
        event_id (str):
        event_type (EventType): Session transitions: `state` (to `starting`, `stopped` or `failed` without a more
            specific name), `qr` (each new pairing code), `connected`, `disconnected` (the
            connection dropped: `reconnecting`), `reconnecting` (an attempt is scheduled),
            `logout` (the device was unlinked), `reconnect_failed` (retries exhausted: `failed`).
            Others: `health_check_failed` (a round trip failed although the socket looked open;
            a reconnect follows), `error` (e.g. `rate_overlimit`), `message` (incoming),
            `receipt` (a sent message was delivered or read). Messaging: `reaction`,
            `message_edited`, `message_revoked`, `poll_vote`, `presence` (only for a tenant
            with `presenceEvents`). Groups: `group_update` (participants added, removed,
            promoted or demoted, a subject or description changed, in a group the session is
            in). History: `history_sync` (the phone's old messages going into the message store:
            started, progress, done; the messages themselves are not sent as events). Calls:
            `call` (offered, accepted on another device, ended by the caller, or missed).
        message_id (str | Unset):
        chat (None | str | Unset):
    """

    code: Literal["event_quarantined"]
    message: str
    event_id: str
    event_type: EventType
    message_id: str | Unset = UNSET
    chat: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        event_id = self.event_id

        event_type: str = self.event_type

        message_id = self.message_id

        chat: None | str | Unset
        if isinstance(self.chat, Unset):
            chat = UNSET
        else:
            chat = self.chat

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "message": message,
                "eventId": event_id,
                "eventType": event_type,
            }
        )
        if message_id is not UNSET:
            field_dict["messageId"] = message_id
        if chat is not UNSET:
            field_dict["chat"] = chat

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = cast(Literal["event_quarantined"], d.pop("code"))
        if code != "event_quarantined":
            raise ValueError(f"code must match const 'event_quarantined', got '{code}'")

        message = d.pop("message")

        event_id = d.pop("eventId")

        event_type = check_event_type(d.pop("eventType"))

        message_id = d.pop("messageId", UNSET)

        def _parse_chat(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        chat = _parse_chat(d.pop("chat", UNSET))

        error_data_type_1 = cls(
            code=code,
            message=message,
            event_id=event_id,
            event_type=event_type,
            message_id=message_id,
            chat=chat,
        )

        return error_data_type_1
