from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.event_type import EventType, check_event_type

if TYPE_CHECKING:
    from ..models.event_data import EventData


T = TypeVar("T", bound="Event")


@_attrs_define
class Event:
    """One event frame on `/events`. `id` is the resume point for `?since=`; `eventId` is
    the event's own id, the same one its webhook delivery carries (`webhook-id`), for
    de-duplicating across both. The shape of `data` depends on `type`.

        Attributes:
            id (str): The event's stream id.
            event_id (str):
            type_ (EventType): Session transitions: `state` (to `starting`, `stopped` or `failed` without a more
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
            company_id (str):
            timestamp (int): When the event happened, Unix milliseconds.
            data (EventData):
    """

    id: str
    event_id: str
    type_: EventType
    company_id: str
    timestamp: int
    data: EventData

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event_id = self.event_id

        type_: str = self.type_

        company_id = self.company_id

        timestamp = self.timestamp

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "eventId": event_id,
                "type": type_,
                "companyId": company_id,
                "timestamp": timestamp,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_data import EventData  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        event_id = d.pop("eventId")

        type_ = check_event_type(d.pop("type"))

        company_id = d.pop("companyId")

        timestamp = d.pop("timestamp")

        data = EventData.from_dict(d.pop("data"))

        event = cls(
            id=id,
            event_id=event_id,
            type_=type_,
            company_id=company_id,
            timestamp=timestamp,
            data=data,
        )

        return event
