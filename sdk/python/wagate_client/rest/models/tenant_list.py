from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.tenant import Tenant


T = TypeVar("T", bound="TenantList")


@_attrs_define
class TenantList:
    """
    Attributes:
        success (bool):
        tenants (list[Tenant]):
        total (int): The number of items in `tenants`.
        next_ (None | str): With `limit`: the company id to ask `after` for the next page; null on the last
            page and without `limit`.
    """

    success: bool
    tenants: list[Tenant]
    total: int
    next_: None | str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        tenants = []
        for tenants_item_data in self.tenants:
            tenants_item = tenants_item_data.to_dict()
            tenants.append(tenants_item)

        total = self.total

        next_: None | str
        next_ = self.next_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "tenants": tenants,
                "total": total,
                "next": next_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant import Tenant  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        tenants = []
        _tenants = d.pop("tenants")
        for tenants_item_data in _tenants:
            tenants_item = Tenant.from_dict(tenants_item_data)

            tenants.append(tenants_item)

        total = d.pop("total")

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))

        tenant_list = cls(
            success=success,
            tenants=tenants,
            total=total,
            next_=next_,
        )

        return tenant_list
