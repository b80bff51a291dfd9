from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.business_profile import BusinessProfile


T = TypeVar("T", bound="GetBusinessProfileResponse200")


@_attrs_define
class GetBusinessProfileResponse200:
    """
    Attributes:
        success (bool):
        company_id (str):
        business (BusinessProfile):
    """

    success: bool
    company_id: str
    business: BusinessProfile

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        business = self.business.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "business": business,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.business_profile import BusinessProfile  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        business = BusinessProfile.from_dict(d.pop("business"))

        get_business_profile_response_200 = cls(
            success=success,
            company_id=company_id,
            business=business,
        )

        return get_business_profile_response_200
