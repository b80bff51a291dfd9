from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.tenant import Tenant


T = TypeVar("T", bound="TenantResponse")


@_attrs_define
class TenantResponse:
    """
    Attributes:
        success (bool):
        tenant (Tenant):
    """

    success: bool
    tenant: Tenant

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        tenant = self.tenant.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "tenant": tenant,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant import Tenant  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        tenant = Tenant.from_dict(d.pop("tenant"))

        tenant_response = cls(
            success=success,
            tenant=tenant,
        )

        return tenant_response
