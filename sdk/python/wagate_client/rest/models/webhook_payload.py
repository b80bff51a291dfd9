from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.event_type import EventType, check_event_type
from ..models.webhook_event_type_type_1 import (
    WebhookEventTypeType1,
    check_webhook_event_type_type_1,
)

if TYPE_CHECKING:
    from ..models.webhook_payload_data import WebhookPayloadData


T = TypeVar("T", bound="WebhookPayload")


@_attrs_define
class WebhookPayload:
    """The JSON body of a webhook POST, which its signature covers: the WebSocket's
    `Event` with `id` the event id (also the `webhook-id` header).

        Attributes:
            id (str):
            type_ (EventType | WebhookEventTypeType1): The event types a webhook can carry: those of the WebSocket stream,
                plus
                `endpoint_disabled` (another endpoint of the tenant was switched off for failing)
                and `webhook_test` (sent by the test route).
            company_id (str):
            timestamp (int):
            data (WebhookPayloadData):
    """

    id: str
    type_: EventType | WebhookEventTypeType1
    company_id: str
    timestamp: int
    data: WebhookPayloadData

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_: str
        if isinstance(self.type_, str):
            type_ = self.type_
        else:
            type_ = self.type_

        company_id = self.company_id

        timestamp = self.timestamp

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "companyId": company_id,
                "timestamp": timestamp,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_payload_data import WebhookPayloadData  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_type_(data: object) -> EventType | WebhookEventTypeType1:
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

        type_ = _parse_type_(d.pop("type"))

        company_id = d.pop("companyId")

        timestamp = d.pop("timestamp")

        data = WebhookPayloadData.from_dict(d.pop("data"))

        webhook_payload = cls(
            id=id,
            type_=type_,
            company_id=company_id,
            timestamp=timestamp,
            data=data,
        )

        return webhook_payload
