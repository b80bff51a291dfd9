from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.tenant_proxy_response_proxy_type_1 import TenantProxyResponseProxyType1


T = TypeVar("T", bound="TenantProxyResponse")


@_attrs_define
class TenantProxyResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        proxy (None | TenantProxyResponseProxyType1):
    """

    success: bool
    company_id: str
    proxy: None | TenantProxyResponseProxyType1

    def to_dict(self) -> dict[str, Any]:
        from ..models.tenant_proxy_response_proxy_type_1 import TenantProxyResponseProxyType1  # noqa: PLC0415

        success = self.success

        company_id = self.company_id

        proxy: dict[str, Any] | None
        if isinstance(self.proxy, TenantProxyResponseProxyType1):
            proxy = self.proxy.to_dict()
        else:
            proxy = self.proxy

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "proxy": proxy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant_proxy_response_proxy_type_1 import TenantProxyResponseProxyType1  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        def _parse_proxy(data: object) -> None | TenantProxyResponseProxyType1:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                proxy_type_1 = TenantProxyResponseProxyType1.from_dict(data)

                return proxy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TenantProxyResponseProxyType1, data)

        proxy = _parse_proxy(d.pop("proxy"))

        tenant_proxy_response = cls(
            success=success,
            company_id=company_id,
            proxy=proxy,
        )

        return tenant_proxy_response
