from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.endpoint import Endpoint


T = TypeVar("T", bound="EndpointWithSecret")


@_attrs_define
class EndpointWithSecret:
    """
    Attributes:
        success (bool):
        endpoint (Endpoint):
        secret (str): The signing secret (Standard Webhooks), shown this once.
    """

    success: bool
    endpoint: Endpoint
    secret: str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        endpoint = self.endpoint.to_dict()

        secret = self.secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "endpoint": endpoint,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.endpoint import Endpoint  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        endpoint = Endpoint.from_dict(d.pop("endpoint"))

        secret = d.pop("secret")

        endpoint_with_secret = cls(
            success=success,
            endpoint=endpoint,
            secret=secret,
        )

        return endpoint_with_secret
