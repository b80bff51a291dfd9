from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.delivery_fields import DeliveryFields


T = TypeVar("T", bound="GetWebhookDeliveryResponse200")


@_attrs_define
class GetWebhookDeliveryResponse200:
    """
    Attributes:
        success (bool):
        delivery (DeliveryFields): A delivery's fields, for composing `Delivery` and `DeliveryDetail`.
    """

    success: bool
    delivery: DeliveryFields

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        delivery = self.delivery.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "delivery": delivery,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_fields import DeliveryFields  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        delivery = DeliveryFields.from_dict(d.pop("delivery"))

        get_webhook_delivery_response_200 = cls(
            success=success,
            delivery=delivery,
        )

        return get_webhook_delivery_response_200
