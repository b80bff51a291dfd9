from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="BlocklistChanged")


@_attrs_define
class BlocklistChanged:
    """
    Attributes:
        company_id (str):
        phone (str):
        blocked (bool):
        phones (list[str]):
    """

    company_id: str
    phone: str
    blocked: bool
    phones: list[str]

    def to_dict(self) -> dict[str, Any]:
        company_id = self.company_id

        phone = self.phone

        blocked = self.blocked

        phones = self.phones

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "companyId": company_id,
                "phone": phone,
                "blocked": blocked,
                "phones": phones,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        company_id = d.pop("companyId")

        phone = d.pop("phone")

        blocked = d.pop("blocked")

        phones = cast(list[str], d.pop("phones"))

        blocklist_changed = cls(
            company_id=company_id,
            phone=phone,
            blocked=blocked,
            phones=phones,
        )

        return blocklist_changed
