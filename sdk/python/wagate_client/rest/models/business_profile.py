from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.business_profile_hours_item import BusinessProfileHoursItem


T = TypeVar("T", bound="BusinessProfile")


@_attrs_define
class BusinessProfile:
    """
    Attributes:
        phone (str):
        address (None | str):
        email (None | str):
        categories (list[str]):
        hours_time_zone (None | str):
        hours (list[BusinessProfileHoursItem]):
    """

    phone: str
    address: None | str
    email: None | str
    categories: list[str]
    hours_time_zone: None | str
    hours: list[BusinessProfileHoursItem]

    def to_dict(self) -> dict[str, Any]:
        phone = self.phone

        address: None | str
        address = self.address

        email: None | str
        email = self.email

        categories = self.categories

        hours_time_zone: None | str
        hours_time_zone = self.hours_time_zone

        hours = []
        for hours_item_data in self.hours:
            hours_item = hours_item_data.to_dict()
            hours.append(hours_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "phone": phone,
                "address": address,
                "email": email,
                "categories": categories,
                "hoursTimeZone": hours_time_zone,
                "hours": hours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.business_profile_hours_item import BusinessProfileHoursItem  # noqa: PLC0415

        d = dict(src_dict)
        phone = d.pop("phone")

        def _parse_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        address = _parse_address(d.pop("address"))

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        categories = cast(list[str], d.pop("categories"))

        def _parse_hours_time_zone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hours_time_zone = _parse_hours_time_zone(d.pop("hoursTimeZone"))

        hours = []
        _hours = d.pop("hours")
        for hours_item_data in _hours:
            hours_item = BusinessProfileHoursItem.from_dict(hours_item_data)

            hours.append(hours_item)

        business_profile = cls(
            phone=phone,
            address=address,
            email=email,
            categories=categories,
            hours_time_zone=hours_time_zone,
            hours=hours,
        )

        return business_profile
