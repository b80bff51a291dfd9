from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ReplayWebhookDeliveriesResponse202")


@_attrs_define
class ReplayWebhookDeliveriesResponse202:
    """
    Attributes:
        success (bool):
        replayed (int):
    """

    success: bool
    replayed: int

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        replayed = self.replayed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "replayed": replayed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        replayed = d.pop("replayed")

        replay_webhook_deliveries_response_202 = cls(
            success=success,
            replayed=replayed,
        )

        return replay_webhook_deliveries_response_202
