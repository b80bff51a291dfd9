from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PresenceSubscribed")


@_attrs_define
class PresenceSubscribed:
    """
    Attributes:
        success (bool):
        company_id (str):
        phone (str): The number whose availability now arrives as `presence` events.
    """

    success: bool
    company_id: str
    phone: str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        phone = self.phone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "phone": phone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        phone = d.pop("phone")

        presence_subscribed = cls(
            success=success,
            company_id=company_id,
            phone=phone,
        )

        return presence_subscribed
