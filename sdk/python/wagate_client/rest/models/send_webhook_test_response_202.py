from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SendWebhookTestResponse202")


@_attrs_define
class SendWebhookTestResponse202:
    """
    Attributes:
        success (bool):
        event_id (str):
        delivery_id (int):
    """

    success: bool
    event_id: str
    delivery_id: int

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        event_id = self.event_id

        delivery_id = self.delivery_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "eventId": event_id,
                "deliveryId": delivery_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        event_id = d.pop("eventId")

        delivery_id = d.pop("deliveryId")

        send_webhook_test_response_202 = cls(
            success=success,
            event_id=event_id,
            delivery_id=delivery_id,
        )

        return send_webhook_test_response_202
