from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TenantProxyResponseProxyType1")


@_attrs_define
class TenantProxyResponseProxyType1:
    """
    Attributes:
        url (str): The proxy URL with its password replaced by `***`.
    """

    url: str

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        tenant_proxy_response_proxy_type_1 = cls(
            url=url,
        )

        return tenant_proxy_response_proxy_type_1
