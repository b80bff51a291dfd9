from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.delivery_fields import DeliveryFields


T = TypeVar("T", bound="ListWebhookDeliveriesResponse200")


@_attrs_define
class ListWebhookDeliveriesResponse200:
    """
    Attributes:
        success (bool):
        deliveries (list[DeliveryFields]):
        next_before (int | None): The `before` of the next page; null when this page is the last.
    """

    success: bool
    deliveries: list[DeliveryFields]
    next_before: int | None

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        deliveries = []
        for deliveries_item_data in self.deliveries:
            deliveries_item = deliveries_item_data.to_dict()
            deliveries.append(deliveries_item)

        next_before: int | None
        next_before = self.next_before

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "deliveries": deliveries,
                "nextBefore": next_before,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_fields import DeliveryFields  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        deliveries = []
        _deliveries = d.pop("deliveries")
        for deliveries_item_data in _deliveries:
            deliveries_item = DeliveryFields.from_dict(deliveries_item_data)

            deliveries.append(deliveries_item)

        def _parse_next_before(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_before = _parse_next_before(d.pop("nextBefore"))

        list_webhook_deliveries_response_200 = cls(
            success=success,
            deliveries=deliveries,
            next_before=next_before,
        )

        return list_webhook_deliveries_response_200
