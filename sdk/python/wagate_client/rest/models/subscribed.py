from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Subscribed")


@_attrs_define
class Subscribed:
    """The first frame on `/events` once the subscription is accepted.

    Attributes:
        type_ (Literal['subscribed']):
        company_id (str):
    """

    type_: Literal["subscribed"]
    company_id: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        company_id = self.company_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "companyId": company_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["subscribed"], d.pop("type"))
        if type_ != "subscribed":
            raise ValueError(f"type must match const 'subscribed', got '{type_}'")

        company_id = d.pop("companyId")

        subscribed = cls(
            type_=type_,
            company_id=company_id,
        )

        return subscribed
