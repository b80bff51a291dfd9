from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.number_check_response_numbers_item import NumberCheckResponseNumbersItem


T = TypeVar("T", bound="NumberCheckResponse")


@_attrs_define
class NumberCheckResponse:
    """
    Attributes:
        success (bool):
        company_id (str):
        numbers (list[NumberCheckResponseNumbersItem]):
    """

    success: bool
    company_id: str
    numbers: list[NumberCheckResponseNumbersItem]

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        company_id = self.company_id

        numbers = []
        for numbers_item_data in self.numbers:
            numbers_item = numbers_item_data.to_dict()
            numbers.append(numbers_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "companyId": company_id,
                "numbers": numbers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.number_check_response_numbers_item import NumberCheckResponseNumbersItem  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        company_id = d.pop("companyId")

        numbers = []
        _numbers = d.pop("numbers")
        for numbers_item_data in _numbers:
            numbers_item = NumberCheckResponseNumbersItem.from_dict(numbers_item_data)

            numbers.append(numbers_item)

        number_check_response = cls(
            success=success,
            company_id=company_id,
            numbers=numbers,
        )

        return number_check_response
