from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.endpoint import Endpoint


T = TypeVar("T", bound="EndpointResponse")


@_attrs_define
class EndpointResponse:
    """
    Attributes:
        success (bool):
        endpoint (Endpoint):
    """

    success: bool
    endpoint: Endpoint

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        endpoint = self.endpoint.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "endpoint": endpoint,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.endpoint import Endpoint  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        endpoint = Endpoint.from_dict(d.pop("endpoint"))

        endpoint_response = cls(
            success=success,
            endpoint=endpoint,
        )

        return endpoint_response
