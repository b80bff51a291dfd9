from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.replay_webhook_delivery_response_202_previous_status import (
    ReplayWebhookDeliveryResponse202PreviousStatus,
    check_replay_webhook_delivery_response_202_previous_status,
)

T = TypeVar("T", bound="ReplayWebhookDeliveryResponse202")


@_attrs_define
class ReplayWebhookDeliveryResponse202:
    """
    Attributes:
        success (bool):
        delivery_id (int):
        previous_status (ReplayWebhookDeliveryResponse202PreviousStatus):
        status (Literal['pending']):
    """

    success: bool
    delivery_id: int
    previous_status: ReplayWebhookDeliveryResponse202PreviousStatus
    status: Literal["pending"]

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        delivery_id = self.delivery_id

        previous_status: str = self.previous_status

        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "deliveryId": delivery_id,
                "previousStatus": previous_status,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        delivery_id = d.pop("deliveryId")

        previous_status = check_replay_webhook_delivery_response_202_previous_status(
            d.pop("previousStatus")
        )

        status = cast(Literal["pending"], d.pop("status"))
        if status != "pending":
            raise ValueError(f"status must match const 'pending', got '{status}'")

        replay_webhook_delivery_response_202 = cls(
            success=success,
            delivery_id=delivery_id,
            previous_status=previous_status,
            status=status,
        )

        return replay_webhook_delivery_response_202
