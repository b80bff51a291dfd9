from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PairingCodeRequest")


@_attrs_define
class PairingCodeRequest:
    """
    Attributes:
        phone (str): The number being linked, country code first, 7 to 15 digits, optional `+`.
    """

    phone: str

    def to_dict(self) -> dict[str, Any]:
        phone = self.phone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "phone": phone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        phone = d.pop("phone")

        pairing_code_request = cls(
            phone=phone,
        )

        return pairing_code_request
