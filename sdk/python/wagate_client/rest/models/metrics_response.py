from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.metrics_summary import MetricsSummary


T = TypeVar("T", bound="MetricsResponse")


@_attrs_define
class MetricsResponse:
    """
    Attributes:
        success (bool):
        metrics (MetricsSummary):
    """

    success: bool
    metrics: MetricsSummary

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        metrics = self.metrics.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "metrics": metrics,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metrics_summary import MetricsSummary  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        metrics = MetricsSummary.from_dict(d.pop("metrics"))

        metrics_response = cls(
            success=success,
            metrics=metrics,
        )

        return metrics_response
