from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="LidPairResponse")


@_attrs_define
class LidPairResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        phone (str): The number, E.164 digits without `+`.
        lid (str): The LID's digits (as events' `fromLid`).
    """

    success: bool
    company_id: str
    phone: str
    lid: str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        phone = self.phone

        lid = self.lid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "phone": phone,
                "lid": lid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        phone = d.pop("phone")

        lid = d.pop("lid")

        lid_pair_response = cls(
            success=success,
            company_id=company_id,
            phone=phone,
            lid=lid,
        )

        return lid_pair_response
