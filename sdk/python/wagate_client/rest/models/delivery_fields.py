from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_status import DeliveryStatus, check_delivery_status
from ..models.event_type import EventType, check_event_type
from ..models.webhook_event_type_type_1 import (
    WebhookEventTypeType1,
    check_webhook_event_type_type_1,
)

T = TypeVar("T", bound="DeliveryFields")


@_attrs_define
class DeliveryFields:
    """A delivery's fields, for composing `Delivery` and `DeliveryDetail`.

    Attributes:
        id (int):
        endpoint_id (str):
        event_id (str):
        event_type (EventType | WebhookEventTypeType1): The event types a webhook can carry: those of the WebSocket
            stream, plus
            `endpoint_disabled` (another endpoint of the tenant was switched off for failing)
            and `webhook_test` (sent by the test route).
        status (DeliveryStatus):
        attempt_count (int):
        next_attempt_at (datetime.datetime | None): A `UtcTimestamp`, or null.
        last_status_code (int | None):
        last_error (None | str):
        created_at (datetime.datetime): UTC ISO 8601 date-time with milliseconds, ending in `Z`.
        finished_at (datetime.datetime | None): A `UtcTimestamp`, or null.
    """

    id: int
    endpoint_id: str
    event_id: str
    event_type: EventType | WebhookEventTypeType1
    status: DeliveryStatus
    attempt_count: int
    next_attempt_at: datetime.datetime | None
    last_status_code: int | None
    last_error: None | str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        endpoint_id = self.endpoint_id

        event_id = self.event_id

        event_type: str
        if isinstance(self.event_type, str):
            event_type = self.event_type
        else:
            event_type = self.event_type

        status: str = self.status

        attempt_count = self.attempt_count

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        last_status_code: int | None
        last_status_code = self.last_status_code

        last_error: None | str
        last_error = self.last_error

        created_at = self.created_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "endpointId": endpoint_id,
                "eventId": event_id,
                "eventType": event_type,
                "status": status,
                "attemptCount": attempt_count,
                "nextAttemptAt": next_attempt_at,
                "lastStatusCode": last_status_code,
                "lastError": last_error,
                "createdAt": created_at,
                "finishedAt": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        endpoint_id = d.pop("endpointId")

        event_id = d.pop("eventId")

        def _parse_event_type(data: object) -> EventType | WebhookEventTypeType1:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_webhook_event_type_type_0 = check_event_type(data)

                return componentsschemas_webhook_event_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            componentsschemas_webhook_event_type_type_1 = check_webhook_event_type_type_1(data)

            return componentsschemas_webhook_event_type_type_1

        event_type = _parse_event_type(d.pop("eventType"))

        status = check_delivery_status(d.pop("status"))

        attempt_count = d.pop("attemptCount")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_nullable_timestamp_type_0 = datetime.datetime.fromisoformat(data)

                return componentsschemas_nullable_timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("nextAttemptAt"))

        def _parse_last_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status_code = _parse_last_status_code(d.pop("lastStatusCode"))

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("lastError"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_nullable_timestamp_type_0 = datetime.datetime.fromisoformat(data)

                return componentsschemas_nullable_timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finishedAt"))

        delivery_fields = cls(
            id=id,
            endpoint_id=endpoint_id,
            event_id=event_id,
            event_type=event_type,
            status=status,
            attempt_count=attempt_count,
            next_attempt_at=next_attempt_at,
            last_status_code=last_status_code,
            last_error=last_error,
            created_at=created_at,
            finished_at=finished_at,
        )

        delivery_fields.additional_properties = d
        return delivery_fields

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
